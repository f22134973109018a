package io.llmfailover.router.provider;

import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;

/**
 * How the router's calls to upstream APIs (the providers and the health probe) are made, installed on their
 * camel-http endpoints with {@code httpClientConfigurer=#upstreamHttpClient}:
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

    @Override
    public void configureHttpClient(HttpClientBuilder builder) {
        builder.addRequestInterceptorFirst(timeBudget);
        builder.disableAutomaticRetries();
        builder.disableCookieManagement();
        builder.disableRedirectHandling();
        builder.disableContentCompression();
        builder.disableConnectionState();
        builder.disableAuthCaching();
    }
}
