package io.llmfailover.router.provider;

import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;

/**
 * How the health probe's camel-http calls to Ollama are made ({@code httpClientConfigurer=#upstreamHttpClient} in
 * routes/health-probe.camel.yaml; the prompts' calls go through the {@code upstream:} component instead):
 * <ul>
 * <li>never retried by the client: a probe's failure is a verdict;</li>
 * <li>without cookie handling, redirects, content compression or per-connection user state: the probe needs none,
 * and each is a step every call would pass through.</li>
 * </ul>
 */
public final class UpstreamHttpClient implements HttpClientConfigurer {

    @Override
    public void configureHttpClient(HttpClientBuilder builder) {
        builder.disableAutomaticRetries();
        builder.disableCookieManagement();
        builder.disableRedirectHandling();
        builder.disableContentCompression();
        builder.disableConnectionState();
        builder.disableAuthCaching();
    }

    @Override
    public String toString() {
        return "UpstreamHttpClient";
    }
}
