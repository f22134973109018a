package io.llmfailover.router.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;

import io.llmfailover.router.core.HealthStatus;
import io.llmfailover.router.core.PropertyNames;
import io.llmfailover.router.health.HealthCache;
import io.llmfailover.router.health.HealthReport;
import io.llmfailover.router.health.OllamaHealth;
import org.apache.camel.EndpointInject;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.AdviceWithRouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.main.junit5.AdviceRouteMapping;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.apache.camel.test.main.junit5.ReplaceInRegistry;
import org.junit.jupiter.api.Test;

/**
 * routes/health-probe.camel.yaml: the verdict of each probe, and the hysteresis that turns verdicts into the health
 * routing uses. Failover is immediate; going back to Ollama takes llm.health.recovery-probes (3 here) consecutive
 * healthy probes. Ollama's two answers are advised in by step id (probe-ollama-tags, probe-ollama-generate); the timer
 * is replaced by a direct endpoint, so probes run only when the test asks; direct:primary-check is mocked.
 */
@CamelMainTest(propertyPlaceholderLocations = RouteTestSupport.PROPERTIES, mockEndpointsAndSkip = "direct:primary-check",
        replaceRouteFromWith = "ollama-health-poll=direct:no-timer",
        advices = @AdviceRouteMapping(route = "check-health", advice = HealthProbeRouteTest.OllamaAnswers.class))
class HealthProbeRouteTest extends RouteTestSupport {

    static final String TAGS = "{\"models\":[{\"name\":\"llama3.2:3b\",\"model\":\"llama3.2:3b\"}]}";
    /** 50 tokens in 0.5 s: 100 tokens/s. */
    static final String FAST = "{\"model\":\"llama3.2:3b\",\"response\":\"ok\",\"done\":true,\"eval_count\":50,"
            + "\"eval_duration\":500000000}";
    /** 4 tokens in 2 s: 2 tokens/s, below llm.health.min-tokens-per-second (5). */
    static final String SLOW = "{\"model\":\"llama3.2:3b\",\"response\":\"ok\",\"done\":true,\"eval_count\":4,"
            + "\"eval_duration\":2000000000}";

    /** What the advised Ollama answers next: a generate body, or null for a refused connection. */
    static volatile String generate;

    @ReplaceInRegistry
    OllamaHealth ollamaHealth = new OllamaHealth(3, CLOCK, HealthCache.none());

    @EndpointInject("direct:check-health")
    ProducerTemplate checkHealth;

    @EndpointInject("mock:direct:primary-check")
    MockEndpoint primaryCheck;

    @Override
    protected String routeFiles() {
        return "health-probe";
    }

    /** Replaces the two calls to Ollama by its answers (or by a refused connection). */
    public static final class OllamaAnswers extends AdviceWithRouteBuilder {
        @Override
        public void configure() {
            weaveById("probe-ollama-tags").replace().process(e -> answer(e, TAGS));
            weaveById("probe-ollama-generate").replace().process(e -> answer(e, generate));
        }

        private static void answer(Exchange e, String body) throws ConnectException {
            if (generate == null) {
                throw new ConnectException("Connection refused");
            }
            e.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
            e.getMessage().setBody(body);
        }
    }

    private HealthReport probe(String answer) {
        generate = answer;
        return checkHealth.requestBody((Object) null, HealthReport.class);
    }

    @Test
    void failoverIsImmediateAndRecoveryTakesThreeHealthyProbes() throws Exception {
        primaryCheck.expectedMessageCount(6);

        assertThat(probe(FAST).status()).as("the first probe is trusted alone").isEqualTo(HealthStatus.HEALTHY);
        assertThat(probe(null).status()).isEqualTo(HealthStatus.OFFLINE);
        assertThat(ollamaHealth.current().status()).isEqualTo(HealthStatus.OFFLINE);
        assertThat(ollamaHealth.current().reason()).isEqualTo("connection refused");

        assertThat(probe(FAST).status()).as("the fresh probe's own verdict").isEqualTo(HealthStatus.HEALTHY);
        assertThat(ollamaHealth.current().status()).isEqualTo(HealthStatus.OFFLINE);
        assertThat(ollamaHealth.current().reason()).isEqualTo("recovering: 1 of 3 healthy probes (was: connection refused)");
        probe(FAST);
        assertThat(ollamaHealth.current().reason()).isEqualTo("recovering: 2 of 3 healthy probes (was: connection refused)");
        probe(FAST);
        assertThat(ollamaHealth.current().status()).isEqualTo(HealthStatus.HEALTHY);
        assertThat(ollamaHealth.current().reason()).startsWith("recovered after 3 consecutive healthy probes; answered in ");

        assertThat(probe(SLOW).status()).isEqualTo(HealthStatus.SLOW);
        assertThat(ollamaHealth.current().status()).as("SLOW takes effect at once").isEqualTo(HealthStatus.SLOW);
        assertThat(ollamaHealth.current().reason()).isEqualTo("2.0 tokens/s is below the minimum of 5");

        primaryCheck.assertIsSatisfied();
        assertThat(primaryCheck.getExchanges()).allSatisfy(
                e -> assertThat(e.getProperty(PropertyNames.HEALTH_TRIGGER)).isEqualTo("probe"));
    }

    @Test
    void aRecoveryIsBrokenOffByAnUnhealthyProbe() {
        probe(null);
        probe(FAST);
        probe(FAST);
        probe(null);
        probe(FAST);

        assertThat(ollamaHealth.current().status()).isEqualTo(HealthStatus.OFFLINE);
        assertThat(ollamaHealth.current().reason()).isEqualTo("recovering: 1 of 3 healthy probes (was: connection refused)");
    }
}
