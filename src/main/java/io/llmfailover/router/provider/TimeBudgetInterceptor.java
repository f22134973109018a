package io.llmfailover.router.provider;

import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpRequestInterceptor;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.util.Timeout;

/**
 * Bounds a provider call by what is left of the prompt's {@code llm.request-timeout}, not only by the provider's own
 * read timeout. The provider route sets the header {@value #HEADER} (milliseconds left, from the exchange property
 * {@code llmTimeBudgetMs}); this interceptor removes it before the request leaves and lowers the call's response
 * timeout to it. A request without the header keeps the endpoint's own timeouts.
 */
public final class TimeBudgetInterceptor implements HttpRequestInterceptor {

    public static final String HEADER = "X-Llm-Time-Budget-Ms";

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
