package io.llmfailover.router.routes;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmfailover.router.chat.QuotaDeniedException;
import io.llmfailover.router.core.PropertyNames;
import io.llmfailover.router.quota.QuotaDecision;
import org.apache.camel.EndpointInject;
import org.apache.camel.Exchange;
import org.apache.camel.FluentProducerTemplate;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;

/**
 * routes/quota-gate.camel.yaml with the real Redis gate and Redis unreachable (a port where nothing listens): the
 * gate fails closed. Every call is refused, the refusal says it is the gate's failure, and it is reported.
 */
@CamelMainTest(propertyPlaceholderLocations = RouteTestSupport.PROPERTIES, mockEndpointsAndSkip = "direct:quota-event",
        properties = {"llm.redis.url=redis://127.0.0.1:1", "llm.redis.timeout=200ms"})
class QuotaGateFailClosedRouteTest extends RouteTestSupport {

    @EndpointInject("direct:quota-gate")
    FluentProducerTemplate gate;

    @EndpointInject("mock:direct:quota-event")
    MockEndpoint quotaEvents;

    @Override
    protected String routeFiles() {
        return "quota-gate";
    }

    @Test
    void aCounterThatCannotBeCountedRefusesTheCall() throws Exception {
        quotaEvents.expectedMessageCount(1);

        Exchange refused = gate.send();

        assertThat(refused.getException()).isInstanceOf(QuotaDeniedException.class)
                .hasMessageStartingWith("gemini quota gate failed closed (redis redis://127.0.0.1:1 unavailable");
        assertThat(((QuotaDeniedException) refused.getException()).isGateError()).isTrue();
        quotaEvents.assertIsSatisfied();
        assertThat(quotaEvents.getExchanges().get(0).getProperty(PropertyNames.QUOTA, QuotaDecision.class).gateError())
                .isTrue();
    }
}
