package io.llmfailover.router.routes;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmfailover.router.chat.QuotaDeniedException;
import io.llmfailover.router.core.PropertyNames;
import io.llmfailover.router.quota.InMemoryQuotaGate;
import io.llmfailover.router.quota.QuotaDecision;
import io.llmfailover.router.quota.QuotaGates;
import org.apache.camel.EndpointInject;
import org.apache.camel.Exchange;
import org.apache.camel.FluentProducerTemplate;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.apache.camel.test.main.junit5.ReplaceInRegistry;
import org.junit.jupiter.api.Test;

/**
 * routes/quota-gate.camel.yaml, the step before every Gemini call: a call within the quota goes on, the last call of
 * the day and every refusal are reported (direct:quota-event, mocked here), and a refusal, whether the quota is spent
 * or the counter cannot be read (fail closed), ends in a QuotaDeniedException that the walk turns into a skipped
 * attempt.
 */
@CamelMainTest(propertyPlaceholderLocations = RouteTestSupport.PROPERTIES, mockEndpointsAndSkip = "direct:quota-event")
class QuotaGateRouteTest extends RouteTestSupport {

    /** A real in-memory gate with room for two calls today (declared as the class the wiring binds, which it replaces). */
    @ReplaceInRegistry
    InMemoryQuotaGate geminiQuotaGate = new InMemoryQuotaGate(2, CLOCK);

    /** The route asks every provider's gates: here Gemini's call gate above. */
    @ReplaceInRegistry
    QuotaGates quotaGates = QuotaGates.callsOnly(geminiQuotaGate, CLOCK);

    @EndpointInject("direct:quota-gate")
    FluentProducerTemplate gate;

    @EndpointInject("mock:direct:quota-event")
    MockEndpoint quotaEvents;

    @Override
    protected String routeFiles() {
        return "quota-gate";
    }

    private Exchange call() {
        return gate.send();
    }

    @Test
    void callsWithinTheQuotaGoOnTheLastOneIsReportedAndTheNextIsRefused() throws Exception {
        quotaEvents.expectedMessageCount(2);

        Exchange first = call();
        Exchange last = call();
        Exchange refused = call();

        assertThat(first.getException()).isNull();
        assertThat(first.getProperty(PropertyNames.QUOTA, QuotaDecision.class).count()).isEqualTo(1);
        assertThat(last.getException()).isNull();
        assertThat(last.getProperty(PropertyNames.QUOTA, QuotaDecision.class).count()).isEqualTo(2);
        assertThat(refused.getException()).isInstanceOf(QuotaDeniedException.class)
                .hasMessage("gemini daily quota reached (2/2)");
        assertThat(((QuotaDeniedException) refused.getException()).isGateError()).isFalse();
        assertThat(((QuotaDeniedException) refused.getException()).isSkipped()).isTrue();
        quotaEvents.assertIsSatisfied();
        // the events go out on wire taps, off the prompt's path: they may arrive in either order
        assertThat(quotaEvents.getExchanges()).extracting(e -> e.getProperty(PropertyNames.QUOTA, QuotaDecision.class))
                .extracting(QuotaDecision::allowed).containsExactlyInAnyOrder(true, false);
        assertThat(geminiQuotaGate.peek().count()).isEqualTo(2);
    }
}
