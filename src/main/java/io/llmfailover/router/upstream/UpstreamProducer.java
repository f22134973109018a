package io.llmfailover.router.upstream;

import java.util.concurrent.CancellationException;

import io.llmfailover.router.core.PropertyNames;
import io.llmfailover.router.stream.Cancellation;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultAsyncProducer;

/**
 * Sends the exchange's body (JSON bytes) and goes on with the answer's head as the body ({@link UpstreamResponse}),
 * or with the failure as the exchange's exception (refused, timed out, connection closed). Never blocks.
 */
final class UpstreamProducer extends DefaultAsyncProducer {

    private final UpstreamEndpoint endpoint;

    UpstreamProducer(UpstreamEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        byte[] body = exchange.getMessage().getBody(byte[].class);
        if (body == null) {
            exchange.setException(new IllegalArgumentException("upstream: the body must be the request's JSON bytes"));
            callback.done(true);
            return true;
        }
        long timeout = endpoint.getResponseTimeout();
        Long budget = exchange.getProperty(PropertyNames.TIME_BUDGET_MS, Long.class);
        if (budget != null) {
            timeout = Math.max(1, Math.min(timeout, budget));
        }
        Cancellation cancellation = exchange.getProperty(PropertyNames.CANCELLATION, Cancellation.class);
        if (cancellation != null && cancellation.cancelled()) {
            exchange.setException(new CancellationException("the client went away"));
            callback.done(true);
            return true;
        }
        endpoint.getClient().post(endpoint.getUrl(), body, endpoint.getConnectTimeout(), timeout,
                cancellation == null ? null : cancellation::onCancel).onComplete(answer -> {
            if (answer.succeeded()) {
                // the provider's adapter reads the answer on this event loop, without blocking
                exchange.getMessage().setBody(answer.result());
                callback.done(false);
            } else {
                // a failure goes on to the next provider, whose steps may block briefly (Redis): not on an event loop
                exchange.setException(answer.cause());
                endpoint.getComponent().routeThreads().execute(() -> callback.done(false));
            }
        });
        return false;
    }
}
