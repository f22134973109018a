package io.llmfailover.router.provider;

import java.util.Map;

import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.core5.http.HttpRequestInterceptor;

/**
 * How the router's calls to upstream APIs are made, installed on their camel-http endpoints: the health probe's with
 * {@code httpClientConfigurer=#upstreamHttpClient}, each provider's with its own {@code #<provider>HttpClient}, which
 * also adds the provider's authentication headers to every call it sends (so the API key is never an exchange header):
 * <ul>
 * <li>never retried by the client: the walk along the chain is the retry strategy, and a probe's failure is a
 * verdict;</li>
 * <li>without cookie handling: the upstream APIs are stateless, and the shared cookie store is locked on every
 * call;</li>
 * <li>bounded by the prompt's time budget ({@link TimeBudgetInterceptor});</li>
 * <li>without the client's steps the upstream APIs do not need, each of which every call would pass through: no
 * redirects (an API root that redirects is misconfigured, and following it would resend the key), no content
 * compression (answers are small), no per-connection user state.</li>
 * </ul>
 */
public final class UpstreamHttpClient implements HttpClientConfigurer {

    private final TimeBudgetInterceptor timeBudget = new TimeBudgetInterceptor();
    private final Map<String, String> fixedHeaders;

    /** Calls without authentication (the health probe, Ollama). */
    public UpstreamHttpClient() {
        this(Map.of());
    }

    /** Calls that carry these headers, e.g. the provider's API key; they stay out of {@link #toString()}. */
    public UpstreamHttpClient(Map<String, String> fixedHeaders) {
        this.fixedHeaders = Map.copyOf(fixedHeaders);
    }

    @Override
    public void configureHttpClient(HttpClientBuilder builder) {
        if (!fixedHeaders.isEmpty()) {
            builder.addRequestInterceptorFirst((HttpRequestInterceptor) (request, entity, context) ->
                    fixedHeaders.forEach(request::setHeader));
        }
        builder.addRequestInterceptorFirst(timeBudget);
        builder.disableAutomaticRetries();
        builder.disableCookieManagement();
        builder.disableRedirectHandling();
        builder.disableContentCompression();
        builder.disableConnectionState();
        builder.disableAuthCaching();
    }

    @Override
    public String toString() {
        return "UpstreamHttpClient" + fixedHeaders.keySet();
    }
}
