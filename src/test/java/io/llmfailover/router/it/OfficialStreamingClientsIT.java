package io.llmfailover.router.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmfailover.router.core.HealthStatus;
import io.llmfailover.router.health.HealthReport;
import io.llmfailover.router.support.RouterInstance;
import io.llmfailover.router.support.StreamingStub.Ending;
import io.llmfailover.router.support.StreamingStub.Script;
import io.llmfailover.router.support.StreamingStub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The official npm clients ({@code openai}, {@code ollama}) read the router's streams (src/test/node/
 * streaming-clients.mjs): tokens arrive in many pieces spread over time through both doors from each provider, and
 * a stream that breaks for good makes both clients raise instead of returning a partial answer (docs/streaming.md).
 */
class OfficialStreamingClientsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path NODE_DIR = Path.of("src", "test", "node").toAbsolutePath();
    private static final String ANSWER = "Foxes are small omnivores of the dog family, with a bushy tail and keen ears.";
    private static final Map<String, StreamingStub> STUBS = new HashMap<>();
    private static RouterInstance router;

    @BeforeAll
    static void start() {
        STUBS.putAll(StreamingStub.forEveryProvider());
        router = RouterInstance.start(StreamingStub.routerProperties(STUBS));
    }

    @AfterAll
    static void stop() {
        router.close();
        STUBS.values().forEach(StreamingStub::close);
    }

    @Test
    void bothClientsShowTokensArrivingIncrementallyFromEachProvider() throws Exception {
        for (String provider : List.of("ollama", "gemini", "nemotron", "claude")) {
            probeHealthy();
            STUBS.get(provider).answer(Script.complete(ANSWER, 60));
            JsonNode r = run("complete", provider, "both");
            for (String client : List.of("openai", "ollama")) {
                JsonNode c = r.path(client);
                assertThat(c.path("text").asText()).as(client + " via " + provider).isEqualTo(ANSWER);
                assertThat(c.path("pieces").asInt()).as(client + " via " + provider).isGreaterThan(5);
                assertThat(c.path("lastMs").asLong() - c.path("firstMs").asLong())
                        .as(client + " via " + provider + ": spread over time").isGreaterThanOrEqualTo(300);
            }
        }
    }

    @Test
    void bothClientsRaiseOnAStreamCutAfterItsFirstTokensThatNothingCanContinue() throws Exception {
        STUBS.get("ollama").answer(Script.failing(ANSWER, 20, 3, Ending.CUT));
        // the providers that take a prefill refuse it
        for (String p : List.of("gemini", "claude")) {
            STUBS.get(p).answer(body -> STUBS.get(p).prefill(body) != null
                    ? Script.status(400, "{\"error\":{\"code\":400,\"message\":\"prefill refused\"}}")
                    : Script.complete(ANSWER, 20));
        }
        for (String client : List.of("openai", "ollama")) {
            probeHealthy();
            JsonNode c = run("broken", "auto", client).path(client);
            assertThat(c.path("threw").asBoolean()).as(client).isTrue();
            assertThat(c.path("text").asText()).as(client + ": what came before the cut").isEqualTo("Foxes are small");
            assertThat(c.path("message").asText()).as(client).contains("ollama stream cut after 3 tokens");
        }
    }

    @Test
    void bothClientsGetOneSeamlessAnswerWhenACutStreamIsContinued() throws Exception {
        STUBS.get("ollama").answer(Script.failing(ANSWER, 20, 4, Ending.CUT));
        STUBS.get("gemini").continuing(ANSWER, 20);
        for (String client : List.of("openai", "ollama")) {
            probeHealthy();
            JsonNode c = run("complete", "auto", client).path(client);
            assertThat(c.path("text").asText()).as(client).isEqualTo(ANSWER);
        }
    }

    private static void probeHealthy() {
        assertThat(router.template().requestBody("direct:check-health", null, HealthReport.class).status())
                .isEqualTo(HealthStatus.HEALTHY);
    }

    private static JsonNode run(String expect, String model, String which) throws Exception {
        if (!Files.isDirectory(NODE_DIR.resolve("node_modules").resolve("openai"))) {
            fail("the npm clients are not installed: run 'npm ci' in %s (mvn verify does it)", NODE_DIR);
        }
        File out = File.createTempFile("streaming-clients-", ".out");
        File err = File.createTempFile("streaming-clients-", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(System.getProperty("node.executable", "node"),
                    "streaming-clients.mjs", router.baseUrl(), expect, model, which).directory(NODE_DIR.toFile())
                    .redirectOutput(out).redirectError(err);
            pb.environment().keySet().removeIf(k -> k.startsWith("OPENAI_") || k.startsWith("OLLAMA_"));
            Process p = pb.start();
            if (!p.waitFor(90, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("streaming-clients.mjs hung: %s", Files.readString(err.toPath()));
            }
            String stdout = Files.readString(out.toPath());
            if (p.exitValue() != 0) {
                fail("the clients did not see what a user expects (exit %d, expected %s):%n%s%n%s", p.exitValue(),
                        expect, Files.readString(err.toPath()), stdout);
            }
            return JSON.readTree(stdout);
        } finally {
            Files.deleteIfExists(out.toPath());
            Files.deleteIfExists(err.toPath());
        }
    }
}
