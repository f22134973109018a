package io.llmfailover.router.wiring;

import java.util.function.Function;

import io.llmfailover.router.chat.ChatRequest;
import io.llmfailover.router.core.PropertyNames;
import io.llmfailover.router.dispatch.DispatchState;
import io.llmfailover.router.dispatch.Dispatcher;
import io.llmfailover.router.health.HealthReport;
import io.llmfailover.router.routing.ChainPlanner;
import io.llmfailover.router.routing.EndpointOrder;
import io.llmfailover.router.routing.RoutingDecision;
import io.llmfailover.router.stream.Cancellation;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.spi.Registry;

/**
 * The steps every prompt runs through (routes/select-provider.camel.yaml and the walk of routes/chat.camel.yaml,
 * {@code process} steps) as processors that call the planner's and the dispatcher's methods directly; each step's
 * comment in the YAML names its method.
 * <p>
 * Camel's bean component is in the way on this path: a {@code bean:} step looks its method up, binds each parameter
 * through expressions, checks reflective access and copies the message for the result on every call; over a dozen
 * such steps that was about a seventh of the router's CPU per prompt (bench/run.sh --profile). Each processor here
 * reads the same exchange properties the methods' annotations name, so the methods stay callable, and testable, as
 * beans. Steps off the common path (failures, retries) stay bean steps.
 */
final class PromptSteps {

    private PromptSteps() {
    }

    static void bind(Registry registry, ChainPlanner planner, EndpointOrder endpoints, Dispatcher dispatcher) {
        registry.bind("validateRequest", step(e -> dispatcher.request(e.getMessage().getBody())));
        registry.bind("quotaCounterUnreadable", step(e -> planner.quotaUnreadable(decisionMade(e))));
        registry.bind("startWalk", step(e -> dispatcher.start(decisionMade(e),
                e.getProperty(PropertyNames.STREAM, Boolean.class),
                e.getProperty(PropertyNames.CANCELLATION, Cancellation.class))));
        registry.bind("nextProvider", step(e -> dispatcher.next(walk(e))));
        registry.bind("timeLeft", step(e -> dispatcher.budget(walk(e))));
        registry.bind("recordAnswer", (Processor) e -> dispatcher.succeeded(walk(e), e.getMessage().getBody()));
        registry.bind("finishWalk", step(e -> dispatcher.finish(walk(e), request(e))));
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

    /** The decision made for this prompt (llmDecision). */
    private static RoutingDecision decisionMade(Exchange e) {
        return e.getProperty(PropertyNames.DECISION, RoutingDecision.class);
    }

    private static DispatchState walk(Exchange e) {
        return e.getProperty(PropertyNames.DISPATCH, DispatchState.class);
    }
}
