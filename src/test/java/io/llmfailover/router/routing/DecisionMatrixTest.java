package io.llmfailover.router.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmfailover.router.health.HealthReport;
import io.llmfailover.router.health.OllamaHealth;
import io.llmfailover.router.quota.GeminiQuotaGate;
import io.llmfailover.router.support.OllamaStub;
import io.llmfailover.router.support.RouterInstance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The decision matrix (docs/architecture.md, "The order of providers"), through the real select-provider route and GET /routing. */
class DecisionMatrixTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static OllamaStub ollama;
    static RouterInstance router;

    @BeforeAll
    static void start() {
        ollama = new OllamaStub().healthy();
        router = RouterInstance.start(Map.of(
                "llm.ollama.url", ollama.url(),
                "llm.health.recovery-probes", "1",
                "llm.health.probe-timeout", "500ms",
                "llm.gemini.daily-quota", "3",
                "llm.quota.zone", "Asia/Singapore"));
        await().until(() -> router.bean("ollamaHealth", OllamaHealth.class).lastProbe() != null);
    }

    @AfterAll
    static void stop() {
        router.close();
        ollama.close();
    }

    @BeforeEach
    void freshQuota() {
        router.bean("geminiQuotaGate", GeminiQuotaGate.class).setQuota(1_000_000);
    }

    private JsonNode routing() throws Exception {
        var response = router.get("/routing");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        return JSON.readTree(response.body());
    }

    private static List<String> chain(JsonNode decision) {
        List<String> ids = new ArrayList<>();
        decision.path("fallbackChain").forEach(n -> ids.add(n.path("provider").asText()));
        return ids;
    }

    private void probe() {
        router.template().requestBody("direct:check-health", null, HealthReport.class);
    }

    @Test
    void healthyGoesToOllamaThenGemini() throws Exception {
        ollama.reset().healthy();
        probe();
        JsonNode d = routing();
        assertThat(d.at("/primary/provider").asText()).isEqualTo("ollama");
        assertThat(d.at("/primary/model").asText()).isEqualTo("llama3.2:3b");
        assertThat(d.at("/primary/url").asText()).isEqualTo(ollama.url());
        assertThat(chain(d)).containsExactly("gemini");
        assertThat(d.at("/fallbackChain/0/model").asText()).isEqualTo("gemini-1.5-flash");
        assertThat(d.at("/fallbackChain/0/url").asText()).isEqualTo("https://generativelanguage.googleapis.com");
        // reason with a timestamp in llm.quota.zone (Asia/Singapore is +08:00)
        assertThat(d.at("/reason").asText()).matches("ollama HEALTHY -> ollama at \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\+08:00");
        assertThat(d.at("/health/status").asText()).isEqualTo("HEALTHY");
        assertThat(d.at("/health/tokensPerSecond").asDouble()).isEqualTo(61.6);
        assertThat(d.at("/health/checkedAt").asText()).endsWith("+08:00");
    }

    @Test
    void slowGoesToGeminiThenOllamaNemotronClaude() throws Exception {
        ollama.reset().tags(OllamaStub.MODEL).generate(10, 5_000_000_000L, 0);
        probe();
        JsonNode d = routing();
        assertThat(d.at("/primary/provider").asText()).isEqualTo("gemini");
        assertThat(chain(d)).containsExactly("ollama", "nemotron", "claude");
        assertThat(d.at("/reason").asText()).startsWith("ollama SLOW -> gemini at ");
    }

    @Test
    void degradedGoesToGeminiThenNemotronClaude() throws Exception {
        ollama.reset().tags(OllamaStub.MODEL).generateError(503, "server busy, please try again.  maximum pending requests exceeded");
        probe();
        JsonNode d = routing();
        assertThat(d.at("/primary/provider").asText()).isEqualTo("gemini");
        assertThat(chain(d)).containsExactly("nemotron", "claude");
        assertThat(d.at("/health/status").asText()).isEqualTo("DEGRADED");
        assertThat(d.at("/reason").asText()).startsWith("ollama DEGRADED -> gemini at ");
    }

    @Test
    void offlineGoesToGeminiThenNemotronClaude() throws Exception {
        ollama.stop();
        try {
            probe();
        } finally {
            ollama.start();
        }
        JsonNode d = routing();
        assertThat(d.at("/primary/provider").asText()).isEqualTo("gemini");
        assertThat(d.at("/primary/model").asText()).isEqualTo("gemini-1.5-flash");
        assertThat(chain(d)).containsExactly("nemotron", "claude");
        assertThat(d.at("/fallbackChain/0/model").asText()).isEqualTo("nvidia/nemotron-mini-4b-instruct");
        assertThat(d.at("/fallbackChain/1/model").asText()).isEqualTo("claude-haiku-4-5-20251001");
        assertThat(d.at("/reason").asText()).startsWith("ollama OFFLINE -> gemini at ");
        assertThat(d.at("/health/reason").asText()).isEqualTo("connection refused");
    }

    @Test
    void spentQuotaShowsNemotronAndClaudeInGeminisPlaceWithoutConsumingQuota() throws Exception {
        GeminiQuotaGate gate = router.bean("geminiQuotaGate", GeminiQuotaGate.class);
        gate.setQuota(3);
        while (gate.peek().available()) {
            assertThat(gate.tryAcquire().allowed()).isTrue();
        }
        ollama.stop();
        try {
            probe();
        } finally {
            ollama.start();
        }
        long countBefore = gate.peek().count();
        JsonNode d = null;
        for (int i = 0; i < 5; i++) {
            d = routing();
        }
        assertThat(gate.peek().count()).isEqualTo(countBefore);
        assertThat(d.at("/primary/provider").asText()).isEqualTo("nemotron");
        assertThat(chain(d)).containsExactly("claude");
        assertThat(d.at("/reason").asText()).contains("ollama OFFLINE -> nemotron at ")
                .endsWith("; gemini daily quota reached (3/3)");
        assertThat(d.at("/geminiQuota/count").asLong()).isEqualTo(3);
        assertThat(d.at("/geminiQuota/available").asBoolean()).isFalse();

        ollama.reset().healthy();
        probe();
        d = routing();
        assertThat(d.at("/primary/provider").asText()).isEqualTo("ollama");
        assertThat(chain(d)).containsExactly("nemotron", "claude");
    }

    @Test
    void selectingThroughDirectDoesNotConsumeQuota() {
        GeminiQuotaGate gate = router.bean("geminiQuotaGate", GeminiQuotaGate.class);
        long before = gate.peek().count();
        for (int i = 0; i < 50; i++) {
            RoutingDecision d = router.template().requestBody("direct:select-provider", null, RoutingDecision.class);
            assertThat(d.primary()).isNotNull();
        }
        assertThat(gate.peek().count()).isEqualTo(before);
    }

    @Test
    void providerOrderComesFromProperties() throws Exception {
        try (RouterInstance custom = RouterInstance.start(Map.of(
                "llm.ollama.url", "http://127.0.0.1:1",
                "llm.routing.offline", "claude,gemini"))) {
            await().until(() -> custom.bean("ollamaHealth", OllamaHealth.class).lastProbe() != null);
            JsonNode d = JSON.readTree(custom.get("/routing").body());
            assertThat(d.at("/primary/provider").asText()).isEqualTo("claude");
            assertThat(chain(d)).containsExactly("gemini");
        }
    }

    @Test
    void routingAnswersOnlyGet() {
        var response = RouterInstance.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(router.baseUrl() + "/routing")).POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}")).build());
        assertThat(response.statusCode()).isEqualTo(405);
    }
}
