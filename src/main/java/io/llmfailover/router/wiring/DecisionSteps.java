package io.llmfailover.router.wiring;

import java.util.function.Function;

import io.llmfailover.router.chat.ChatRequest;
import io.llmfailover.router.core.PropertyNames;
import io.llmfailover.router.health.HealthReport;
import io.llmfailover.router.routing.ChainPlanner;
import io.llmfailover.router.routing.EndpointOrder;
import io.llmfailover.router.routing.RoutingDecision;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.spi.Registry;

/**
 * The decision's steps (routes/select-provider.camel.yaml, {@code process} steps) as processors that call the
 * planner's methods directly.
 * <p>
 * Camel's bean component is in the way on this path: a {@code bean:} step looks its method up, binds each parameter
 * through expressions, checks reflective access and copies the message for the result on every call, about as much
 * CPU as the decision itself, and the decision runs for every prompt. Each processor here reads the same exchange
 * properties the bean methods' annotations name, so the methods stay callable, and testable, as beans.
 */
final class DecisionSteps {

    private DecisionSteps() {
    }

    static void bind(Registry registry, ChainPlanner planner, EndpointOrder endpoints) {
        registry.bind("healthState", step(e -> planner.state(health(e))));
        registry.bind("orderFromMatrix", step(e -> planner.fromMatrix(
                e.getProperty(PropertyNames.PROVIDER_ORDER, String.class), health(e), request(e))));
        registry.bind("orderQuotaSubstitution", step(e -> planner.substituteQuota(decision(e))));
        registry.bind("orderEndpointHealth", step(e -> endpoints.byEndpointHealth(decision(e))));
        registry.bind("orderForcedPrimary", step(e -> planner.forcedFirst(decision(e))));
        registry.bind("orderRequestedProvider", step(e -> planner.requestedFirst(decision(e), request(e))));
    }

    /** A step whose result becomes the body. */
    private static Processor step(Function<Exchange, Object> step) {
        return exchange -> exchange.getMessage().setBody(step.apply(exchange));
    }

    private static HealthReport health(Exchange e) {
        return e.getProperty(PropertyNames.HEALTH, HealthReport.class);
    }

    private static ChatRequest request(Exchange e) {
        return e.getProperty(PropertyNames.REQUEST, ChatRequest.class);
    }

    private static RoutingDecision decision(Exchange e) {
        return e.getMessage().getBody(RoutingDecision.class);
    }
}
