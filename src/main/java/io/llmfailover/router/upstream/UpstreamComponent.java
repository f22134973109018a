package io.llmfailover.router.upstream;

import java.util.Map;
import java.util.concurrent.Executor;

import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;
import org.apache.camel.util.URISupport;

/**
 * {@code upstream:<url>}: a call to an upstream LLM API that does not hold a thread while the answer comes.
 * <p>
 * Camel is in the way here: camel-http (Apache HttpClient, classic) blocks a thread for the whole call, which for a
 * streamed answer is minutes, and camel-vertx-http collects the whole answer before the route goes on, which is
 * exactly what a stream must not do. So this small component wraps Vert.x's HTTP client: the route goes on when the
 * answer's head arrives, with the body still paused in an {@link UpstreamResponse} for the provider's adapter to read
 * as a stream.
 * <p>
 * Options: {@code client} (the provider's {@link UpstreamClient}, with its API key), {@code connectTimeout} and
 * {@code responseTimeout} (milliseconds until the answer's head; lowered to the exchange property
 * {@code llmTimeBudgetMs} when that is less). Any other option is passed on in the URL's query, as camel-http does
 * ({@code alt=sse}).
 */
public final class UpstreamComponent extends DefaultComponent {

    private final Executor routeThreads;

    /** @param routeThreads where a route goes on after a failed call (not the event loop that saw it fail) */
    public UpstreamComponent(Executor routeThreads) {
        this.routeThreads = routeThreads;
    }

    Executor routeThreads() {
        return routeThreads;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        UpstreamEndpoint endpoint = new UpstreamEndpoint(uri, this);
        setProperties(endpoint, parameters);
        String query = parameters.isEmpty() ? "" : "?" + URISupport.createQueryString(parameters);
        parameters.clear();
        endpoint.setUrl(remaining + query);
        if (endpoint.getClient() == null) {
            throw new IllegalArgumentException("upstream:" + remaining + " needs a client (client=#<provider>Upstream)");
        }
        return endpoint;
    }
}
