package io.llmfailover.router.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmfailover.router.support.OllamaStub;
import io.llmfailover.router.support.RouterInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Failover is immediate; the way back to Ollama takes llm.health.recovery-probes consecutive healthy probes. */
class HysteresisTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    OllamaStub ollama;
    RouterInstance router;

    @BeforeEach
    void start() {
        ollama = new OllamaStub().healthy();
        router = RouterInstance.start(Map.of("llm.ollama.url", ollama.url(), "llm.health.recovery-probes", "3"));
        await().until(() -> router.bean("ollamaHealth", OllamaHealth.class).lastProbe() != null);
    }

    @AfterEach
    void stop() {
        router.close();
        ollama.close();
    }

    private void probe() {
        router.template().requestBody("direct:check-health", null, HealthReport.class);
    }

    private JsonNode routing() throws Exception {
        return JSON.readTree(router.get("/routing").body());
    }

    @Test
    void firstHealthyProbeAfterStartupIsTrustedAtOnce() throws Exception {
        assertThat(routing().at("/primary/provider").asText()).isEqualTo("ollama");
        assertThat(routing().at("/health/status").asText()).isEqualTo("HEALTHY");
    }

    @Test
    void failoverIsImmediateAndRecoveryNeedsThreeHealthyProbes() throws Exception {
        ollama.reset().tags(OllamaStub.MODEL).generateError(500, "boom");
        probe();
        assertThat(routing().at("/primary/provider").asText()).isEqualTo("gemini");
        assertThat(routing().at("/health/status").asText()).isEqualTo("DEGRADED");

        ollama.reset().healthy();
        probe();
        JsonNode r = routing();
        assertThat(r.at("/primary/provider").asText()).isEqualTo("gemini");
        assertThat(r.at("/health/reason").asText()).startsWith("recovering: 1 of 3 healthy probes (was: POST /api/generate answered HTTP 500: boom)");
        probe();
        assertThat(routing().at("/health/reason").asText()).startsWith("recovering: 2 of 3 healthy probes (was: POST /api/generate");
        assertThat(routing().at("/primary/provider").asText()).isEqualTo("gemini");
        probe();
        r = routing();
        assertThat(r.at("/primary/provider").asText()).isEqualTo("ollama");
        assertThat(r.at("/health/status").asText()).isEqualTo("HEALTHY");
        assertThat(r.at("/health/reason").asText()).startsWith("recovered after 3 consecutive healthy probes");
    }

    @Test
    void aBadProbeDuringRecoveryStartsTheCountAgain() throws Exception {
        ollama.stop();
        probe();
        ollama.start();
        ollama.reset().healthy();
        probe();
        probe();
        assertThat(routing().at("/health/reason").asText()).startsWith("recovering: 2 of 3");
        ollama.reset().tags(OllamaStub.MODEL).generate(1, 1_000_000_000L, 0);
        probe();
        assertThat(routing().at("/health/status").asText()).isEqualTo("SLOW");
        ollama.reset().healthy();
        probe();
        probe();
        assertThat(routing().at("/primary/provider").asText()).isEqualTo("gemini");
        assertThat(routing().at("/health/reason").asText()).startsWith("recovering: 2 of 3 healthy probes (was: 1.0 tokens/s");
        probe();
        assertThat(routing().at("/primary/provider").asText()).isEqualTo("ollama");
    }
}
