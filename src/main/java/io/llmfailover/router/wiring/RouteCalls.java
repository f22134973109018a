package io.llmfailover.router.wiring;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.llmfailover.router.chat.ChatRequest;
import io.llmfailover.router.core.PropertyNames;
import io.llmfailover.router.dispatch.ChainWalk;
import io.llmfailover.router.dispatch.DispatchState;
import io.llmfailover.router.health.HealthChange;
import org.apache.camel.AsyncProducer;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.support.service.ServiceHelper;

/**
 * The routes that a streamed answer calls after its route has ended: {@code direct:walk-chain} to continue a cut
 * stream (asynchronously: the walk gives its thread back at each upstream call), and {@code direct:primary-check}
 * when a live stream changed Ollama's health.
 */
final class RouteCalls implements ChainWalk {

    private final CamelContext context;
    private volatile AsyncProducer walk;
    private volatile AsyncProducer primaryCheck;
    private volatile AsyncProducer endpointCheck;

    RouteCalls(CamelContext context) {
        this.context = context;
    }

    @Override
    public CompletionStage<Void> walk(ChatRequest request, DispatchState state) {
        Exchange exchange = new DefaultExchange(context);
        exchange.setProperty(PropertyNames.REQUEST, request);
        exchange.setProperty(PropertyNames.DISPATCH, state);
        exchange.setProperty(PropertyNames.CANCELLATION, state.cancellation());
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            walk = producer(walk, "direct:walk-chain");
            walk.process(exchange, sync -> done.complete(null));
        } catch (Exception e) {
            done.complete(null);
        }
        return done;
    }

    /** Announces a change of Ollama's health that a live stream caused (alerts, failover metrics). */
    void healthChanged(HealthChange change) {
        Exchange exchange = new DefaultExchange(context);
        exchange.setProperty(PropertyNames.HEALTH_CHANGE, change);
        exchange.setProperty(PropertyNames.HEALTH_TRIGGER, "passive");
        try {
            primaryCheck = producer(primaryCheck, "direct:primary-check");
            primaryCheck.process(exchange, sync -> { });
        } catch (Exception e) {
            // direct:primary-check logs its own failures; nothing here is worth failing a stream for
        }
    }

    /** Announces a change of another self-hosted endpoint's health that a call or a stream caused (its alert). */
    void endpointHealthChanged(String endpoint, HealthChange change) {
        Exchange exchange = new DefaultExchange(context);
        exchange.setProperty(PropertyNames.ENDPOINT, endpoint);
        exchange.setProperty(PropertyNames.HEALTH_CHANGE, change);
        exchange.setProperty(PropertyNames.HEALTH_TRIGGER, "passive");
        try {
            endpointCheck = producer(endpointCheck, "direct:endpoint-health-changed");
            endpointCheck.process(exchange, sync -> { });
        } catch (Exception e) {
            // the route logs its own failures; nothing here is worth failing a prompt for
        }
    }

    private AsyncProducer producer(AsyncProducer existing, String uri) throws Exception {
        if (existing != null) {
            return existing;
        }
        AsyncProducer p = context.getEndpoint(uri).createAsyncProducer();
        ServiceHelper.startService(p);
        return p;
    }
}
