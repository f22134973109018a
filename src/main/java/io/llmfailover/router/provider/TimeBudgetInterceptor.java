package io.llmfailover.router.provider;

import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpRequestInterceptor;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.util.Timeout;

/**
 * Bounds each provider call by what is left of the prompt's {@code llm.request-timeout}, not only by the provider's
 * own read timeout. The adapter route sets the header {@value #HEADER} (milliseconds left); this interceptor removes
 * it before the request leaves and lowers the call's response timeout to it. Installed on the provider endpoints
 * with {@code httpClientConfigurer=#routerHttpClient}.
 */
public final class TimeBudgetInterceptor implements HttpRequestInterceptor, HttpClientConfigurer {

    public static final String HEADER = "X-Llm-Time-Budget-Ms";

    @Override
    public void configureHttpClient(HttpClientBuilder builder) {
        builder.addRequestInterceptorFirst(this);
        // the walk along the chain is the retry strategy: never send the same prompt twice to one provider
        builder.disableAutomaticRetries();
        // the upstream APIs are stateless: no cookie store (it is shared by every call and locked on each one)
        builder.disableCookieManagement();
    }

    @Override
    public void process(HttpRequest request, EntityDetails entity, HttpContext context) {
        Header header = request.getFirstHeader(HEADER);
        if (header == null) {
            return;
        }
        request.removeHeaders(HEADER);
        long budgetMs;
        try {
            budgetMs = Math.max(1, Long.parseLong(header.getValue()));
        } catch (NumberFormatException e) {
            return;
        }
        HttpClientContext ctx = HttpClientContext.castOrCreate(context);
        RequestConfig config = ctx.getRequestConfigOrDefault();
        Timeout current = config.getResponseTimeout();
        if (current == null || current.isDisabled() || current.toMilliseconds() > budgetMs) {
            ctx.setRequestConfig(RequestConfig.copy(config).setResponseTimeout(Timeout.ofMilliseconds(budgetMs)).build());
        }
    }
}
