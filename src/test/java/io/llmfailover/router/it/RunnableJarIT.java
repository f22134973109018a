package io.llmfailover.router.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmfailover.router.support.OllamaStub;
import io.llmfailover.router.support.RouterInstance;
import io.llmfailover.router.support.RouterProcess;
import org.junit.jupiter.api.Test;

/**
 * The fat jar, started as a user starts it, configured only by environment variables (the names are a contract
 * other tooling relies on).
 */
class RunnableJarIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode routingWhenReady(RouterProcess router, Duration atMost) {
        AtomicReference<JsonNode> body = new AtomicReference<>();
        await().atMost(atMost).pollInterval(Duration.ofMillis(50)).ignoreExceptions().until(() -> {
            assertThat(router.isAlive()).as("router process alive; output:%n%s", router.output()).isTrue();
            HttpResponse<String> r = RouterInstance.send(HttpRequest.newBuilder(URI.create(router.baseUrl() + "/routing")).build());
            if (r.statusCode() != 200) {
                return false;
            }
            body.set(JSON.readTree(r.body()));
            return true;
        });
        return body.get();
    }

    @Test
    void startsWithNothingConfiguredSaysWhatIsMissingAndRoutesAroundOfflineOllama() throws Exception {
        try (RouterProcess router = RouterProcess.start(Map.of("LLM_OLLAMA_URL", "http://127.0.0.1:1"))) {
            JsonNode d = routingWhenReady(router, Duration.ofSeconds(60));
            System.out.printf("startup to first GET /routing answer: %d ms%n", router.sinceStart().toMillis());
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() ->
                    routingWhenReady(router, Duration.ofSeconds(5)).at("/health/reason").asText().equals("connection refused"));
            d = routingWhenReady(router, Duration.ofSeconds(5));
            assertThat(d.at("/primary/provider").asText()).isEqualTo("gemini");
            assertThat(d.at("/fallbackChain/0/provider").asText()).isEqualTo("nemotron");
            assertThat(d.at("/fallbackChain/1/provider").asText()).isEqualTo("claude");
            assertThat(d.path("fallbackChain").size()).isEqualTo(2);
            assertThat(d.at("/reason").asText()).startsWith("ollama OFFLINE -> gemini at ");
            String out = router.output();
            assertThat(out).contains("MISSING llm.redis.url (LLM_REDIS_URL): state is in memory");
            assertThat(out).contains("MISSING API keys LLM_GEMINI_API_KEY, LLM_NEMOTRON_API_KEY, LLM_CLAUDE_API_KEY");
            // the management server answers on its own port: alive, but not ready (nothing can answer a prompt)
            HttpResponse<String> live = RouterInstance.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + router.managementPort + "/observe/health/live")).build());
            assertThat(live.statusCode()).isEqualTo(200);
            HttpResponse<String> ready = RouterInstance.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + router.managementPort + "/observe/health/ready")).build());
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.body()).contains("no usable provider: Ollama is OFFLINE and no API key is configured");
        }
    }

    @Test
    void healthyOllamaFromTheEnvironmentBecomesPrimaryWithinOnePollInterval() throws Exception {
        try (OllamaStub ollama = new OllamaStub().healthy();
                RouterProcess router = RouterProcess.start(Map.of(
                        "LLM_OLLAMA_URL", ollama.url(),
                        "LLM_OLLAMA_HEALTH_MODEL", OllamaStub.MODEL,
                        "LLM_HEALTH_POLL_INTERVAL", "2s",
                        "LLM_HEALTH_RECOVERY_PROBES", "2",
                        "LLM_GEMINI_MODEL", "gemini-2.0-flash",
                        "LLM_QUOTA_ZONE", "Europe/Berlin"))) {
            routingWhenReady(router, Duration.ofSeconds(60));
            long readyAt = System.nanoTime();
            await().atMost(Duration.ofSeconds(3)).until(() ->
                    routingWhenReady(router, Duration.ofSeconds(3)).at("/primary/provider").asText().equals("ollama"));
            System.out.printf("ollama primary %d ms after the router answered%n", (System.nanoTime() - readyAt) / 1_000_000);
            JsonNode d = routingWhenReady(router, Duration.ofSeconds(3));
            assertThat(d.at("/fallbackChain/0/model").asText()).isEqualTo("gemini-2.0-flash");
            assertThat(d.at("/reason").asText()).matches("ollama HEALTHY -> ollama at .*\\+01:00");
            assertThat(router.output()).contains("recovery after 2 healthy probes").contains("probed every 2s");

            // Ollama goes away: the next probe fails over at once
            ollama.stop();
            await().atMost(Duration.ofSeconds(5)).until(() ->
                    routingWhenReady(router, Duration.ofSeconds(3)).at("/primary/provider").asText().equals("gemini"));
        }
    }

    @Test
    void anApplicationPropertiesInTheWorkingDirectoryOverridesThePackagedOneAndTheEnvironmentOverridesBoth() throws Exception {
        String mounted = "llm.gemini.model = gemini-from-configmap\nllm.claude.model = claude-from-configmap\n";
        try (RouterProcess router = RouterProcess.start(Map.of("LLM_OLLAMA_URL", "http://127.0.0.1:1",
                "LLM_CLAUDE_MODEL", "claude-from-env"), Map.of("application.properties", mounted))) {
            JsonNode d = routingWhenReady(router, Duration.ofSeconds(60));
            assertThat(d.at("/primary/model").asText()).isEqualTo("gemini-from-configmap");
            assertThat(d.at("/fallbackChain/1/model").asText()).isEqualTo("claude-from-env");
            // keys the mounted file does not set keep the packaged defaults
            assertThat(d.at("/fallbackChain/0/model").asText()).isEqualTo("nvidia/nemotron-mini-4b-instruct");
        }
    }

    @Test
    void invalidSettingStopsStartupWithOneLineNamingKeyAndValue() throws Exception {
        try (RouterProcess router = RouterProcess.start(Map.of("LLM_GEMINI_DAILY_QUOTA", "-5"))) {
            assertThat(router.waitForExit(Duration.ofSeconds(60))).isEqualTo(2);
            String out = router.output();
            assertThat(out).contains("Invalid setting llm.gemini.daily-quota=-5: must be >= 0");
            assertThat(out.lines().filter(l -> l.contains("Invalid setting"))).hasSize(1);
            assertThat(out).doesNotContain("\tat ").doesNotContain("Exception");
        }
        try (RouterProcess router = RouterProcess.start(Map.of("LLM_ROUTING_OFFLINE", "gemini,mistral"))) {
            assertThat(router.waitForExit(Duration.ofSeconds(60))).isEqualTo(2);
            assertThat(router.output()).contains(
                    "Invalid setting llm.routing.offline=gemini,mistral: unknown provider 'mistral' (declared: ollama, gemini, nemotron, claude) (set in environment variable LLM_ROUTING_OFFLINE)");
        }
    }
}
