package io.llmfailover.router.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.llmfailover.router.core.HealthStatus;
import io.llmfailover.router.support.OllamaStub;
import io.llmfailover.router.support.RouterInstance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The probe route (routes/health-probe.camel.yaml) against an Ollama faked at the wire, one verdict per case. */
class HealthProbeTest {

    static OllamaStub ollama;
    static RouterInstance router;

    @BeforeAll
    static void start() {
        ollama = new OllamaStub().healthy();
        router = RouterInstance.start(Map.of(
                "llm.ollama.url", ollama.url(),
                "llm.health.probe-timeout", "700ms",
                "llm.health.slow-latency", "400ms",
                "llm.health.min-tokens-per-second", "5"));
        await().until(() -> router.bean("ollamaHealth", OllamaHealth.class).lastProbe() != null);
    }

    @AfterAll
    static void stop() {
        router.close();
        ollama.close();
    }

    @BeforeEach
    void resetStub() {
        ollama.reset();
    }

    private HealthReport probe() {
        return router.template().requestBody("direct:check-health", null, HealthReport.class);
    }

    @Test
    void healthyOllamaIsHealthyWithItsTokensPerSecond() {
        ollama.healthy();
        HealthReport r = probe();
        assertThat(r.status()).isEqualTo(HealthStatus.HEALTHY);
        // 290 tokens in 4.709213 s, as Ollama reports them
        assertThat(r.tokensPerSecond()).isEqualTo(61.6);
        assertThat(r.reason()).contains("61.6 tokens/s");
        assertThat(r.checkedAt()).isNotBlank();
        assertThat(r.latencyMs()).isBetween(0L, 700L);
        // the probe asked for the health model, non-streaming
        ServeEvent generate = ollama.server().getAllServeEvents().stream()
                .filter(e -> e.getRequest().getUrl().equals("/api/generate")).findFirst().orElseThrow();
        assertThat(generate.getRequest().getBodyAsString()).contains("\"model\":\"" + OllamaStub.MODEL + "\"")
                .contains("\"stream\":false");
    }

    @Test
    void modelNamedWithoutTagMatchesLatest() {
        ollama.tags("llama3.2:latest").generate(290, 4_709_213_000L, 0);
        try (RouterInstance other = RouterInstance.start(Map.of(
                "llm.ollama.url", ollama.url(), "llm.ollama.health-model", "llama3.2"))) {
            HealthReport r = other.template().requestBody("direct:check-health", null, HealthReport.class);
            assertThat(r.status()).isEqualTo(HealthStatus.HEALTHY);
        }
    }

    @Test
    void fewTokensPerSecondIsSlow() {
        ollama.tags(OllamaStub.MODEL).generate(10, 5_000_000_000L, 0);
        HealthReport r = probe();
        assertThat(r.status()).isEqualTo(HealthStatus.SLOW);
        assertThat(r.tokensPerSecond()).isEqualTo(2.0);
        assertThat(r.reason()).isEqualTo("2.0 tokens/s is below the minimum of 5");
    }

    @Test
    void missingEvalFieldsCountAsZeroAndAreSlow() {
        ollama.tags(OllamaStub.MODEL);
        ollama.server().stubFor(com.github.tomakehurst.wiremock.client.WireMock.post("/api/generate").willReturn(
                com.github.tomakehurst.wiremock.client.WireMock.okJson(
                        "{\"model\":\"llama3.2:3b\",\"created_at\":\"2023-08-04T19:22:45.499127Z\",\"response\":\"\",\"done\":true}")));
        HealthReport r = probe();
        assertThat(r.status()).isEqualTo(HealthStatus.SLOW);
        assertThat(r.tokensPerSecond()).isZero();
    }

    @Test
    void highLatencyIsSlow() {
        ollama.tags(OllamaStub.MODEL).generate(290, 4_709_213_000L, 450);
        HealthReport r = probe();
        assertThat(r.status()).isEqualTo(HealthStatus.SLOW);
        assertThat(r.reason()).contains("above the slow threshold of 400 ms");
        assertThat(r.latencyMs()).isGreaterThanOrEqualTo(450);
    }

    @Test
    void healthModelNotPulledIsDegradedWithoutCallingGenerate() {
        ollama.tags("qwen2:0.5b").generate(290, 4_709_213_000L, 0);
        HealthReport r = probe();
        assertThat(r.status()).isEqualTo(HealthStatus.DEGRADED);
        assertThat(r.reason()).isEqualTo("health model 'llama3.2:3b' is not pulled (not in /api/tags)");
        assertThat(ollama.server().getAllServeEvents()).noneMatch(e -> e.getRequest().getUrl().equals("/api/generate"));
    }

    @Test
    void generate404ModelNotFoundIsDegraded() {
        ollama.tags(OllamaStub.MODEL).generateError(404, "model 'llama3.2:3b' not found");
        HealthReport r = probe();
        assertThat(r.status()).isEqualTo(HealthStatus.DEGRADED);
        assertThat(r.reason()).isEqualTo("health model 'llama3.2:3b' not found (POST /api/generate 404)");
    }

    @Test
    void serverBusy503IsDegraded() {
        ollama.tags(OllamaStub.MODEL)
                .generateError(503, "server busy, please try again.  maximum pending requests exceeded");
        HealthReport r = probe();
        assertThat(r.status()).isEqualTo(HealthStatus.DEGRADED);
        assertThat(r.reason()).startsWith("server busy (POST /api/generate 503");
    }

    @Test
    void internalError500IsDegraded() {
        ollama.tags(OllamaStub.MODEL).generateError(500, "an error was encountered while running the model");
        HealthReport r = probe();
        assertThat(r.status()).isEqualTo(HealthStatus.DEGRADED);
        assertThat(r.reason()).isEqualTo(
                "POST /api/generate answered HTTP 500: an error was encountered while running the model");
    }

    @Test
    void garbageBodyIsDegraded() {
        ollama.tags(OllamaStub.MODEL).generateGarbage();
        HealthReport r = probe();
        assertThat(r.status()).isEqualTo(HealthStatus.DEGRADED);
        assertThat(r.reason()).isEqualTo("POST /api/generate answered unparseable JSON");
    }

    @Test
    void tagsErrorIsDegraded() {
        ollama.server().stubFor(com.github.tomakehurst.wiremock.client.WireMock.get("/api/tags").willReturn(
                com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(502).withBody("bad gateway")));
        HealthReport r = probe();
        assertThat(r.status()).isEqualTo(HealthStatus.DEGRADED);
        assertThat(r.reason()).isEqualTo("GET /api/tags answered HTTP 502: bad gateway");
    }

    @Test
    void connectionRefusedIsOffline() {
        ollama.stop();
        try {
            HealthReport r = probe();
            assertThat(r.status()).isEqualTo(HealthStatus.OFFLINE);
            assertThat(r.reason()).isEqualTo("connection refused");
        } finally {
            ollama.start();
        }
    }

    @Test
    void noAnswerWithinTheProbeTimeoutIsOffline() {
        ollama.tags(OllamaStub.MODEL).generate(290, 4_709_213_000L, 2_000);
        long start = System.nanoTime();
        HealthReport r = probe();
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(r.status()).isEqualTo(HealthStatus.OFFLINE);
        assertThat(r.reason()).isEqualTo("no answer within the probe timeout");
        // bounded by the probe timeout (700 ms), not by the stub's 2 s
        assertThat(tookMs).isLessThan(1_900);
    }

    @Test
    void probesNeverOverlapEvenWhenSlowerThanThePollInterval() {
        try (RouterInstance fast = RouterInstance.start(Map.of(
                "llm.ollama.url", ollama.url(),
                "llm.health.poll-interval", "100ms",
                "llm.health.probe-timeout", "2s"))) {
            ollama.tags(OllamaStub.MODEL).generate(290, 4_709_213_000L, 300);
            await().atMost(Duration.ofSeconds(10)).until(() -> generateCalls().size() >= 4);
            List<ServeEvent> calls = generateCalls();
            for (int i = 1; i < calls.size(); i++) {
                long gap = calls.get(i).getRequest().getLoggedDate().getTime()
                        - calls.get(i - 1).getRequest().getLoggedDate().getTime();
                // the next probe starts only after the previous one's 300 ms answer
                assertThat(gap).as("gap between probe %d and %d", i - 1, i).isGreaterThanOrEqualTo(300);
            }
        }
    }

    private static List<ServeEvent> generateCalls() {
        return ollama.server().getAllServeEvents().stream()
                .filter(e -> e.getRequest().getUrl().equals("/api/generate"))
                .sorted(Comparator.comparing(e -> e.getRequest().getLoggedDate()))
                .toList();
    }
}
