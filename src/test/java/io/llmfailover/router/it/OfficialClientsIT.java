package io.llmfailover.router.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmfailover.router.core.HealthStatus;
import io.llmfailover.router.health.HealthReport;
import io.llmfailover.router.health.OllamaHealth;
import io.llmfailover.router.support.OllamaStub;
import io.llmfailover.router.support.RouterInstance;
import io.llmfailover.router.support.Upstreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The official npm clients ({@code openai}, {@code ollama}; pinned in src/test/node/package.json, installed by
 * {@code npm ci} in pre-integration-test) talk to a real router whose upstreams are faked at the wire. The script
 * src/test/node/official-clients.mjs makes the calls a user's code makes and prints what the clients saw as one
 * JSON object; this test asserts what that user would notice.
 */
class OfficialClientsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path NODE_DIR = Path.of("src", "test", "node").toAbsolutePath();
    private static final Path SCRIPT = NODE_DIR.resolve("official-clients.mjs");
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(60);

    private Upstreams up;
    private RouterInstance router;

    @AfterEach
    void stop() {
        if (router != null) {
            router.close();
        }
        if (up != null) {
            up.close();
        }
    }

    private void startRouter(Map<String, String> extra) {
        up = new Upstreams().allHealthy();
        Map<String, String> props = new HashMap<>(up.routerProperties());
        props.putAll(extra);
        router = RouterInstance.start(props);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> router.bean("ollamaHealth", OllamaHealth.class).lastProbe() != null);
    }

    @Test
    void healthyOllamaAnswersEveryOfficialClientCall() throws Exception {
        startRouter(Map.of());
        JsonNode out = runClients(router.baseUrl());
        JsonNode s = out.path("steps");

        // openai, non-streaming: the answer of the model that really answered, whatever model the client asked for
        JsonNode chat = s.path("openaiChat");
        assertThat(chat.path("text").asText()).isEqualTo("Ollama says hi.");
        assertThat(chat.path("model").asText()).isEqualTo("llama3.2:3b");
        assertThat(chat.path("object").asText()).isEqualTo("chat.completion");
        assertThat(chat.path("id").asText()).startsWith("chatcmpl-");
        assertThat(chat.path("role").asText()).isEqualTo("assistant");
        assertThat(chat.path("finishReason").asText()).isEqualTo("stop");
        assertThat(chat.path("choices").asInt()).isEqualTo(1);
        assertUsage(chat.path("usage"), 26, 290);

        // openai, streaming: the same text put together from the deltas, one id, usage in the last chunk
        JsonNode stream = s.path("openaiStream");
        assertThat(stream.path("text").asText()).isEqualTo(chat.path("text").asText());
        assertThat(stream.path("role").asText()).isEqualTo("assistant");
        assertThat(texts(stream.path("models"))).containsExactly("llama3.2:3b");
        assertThat(texts(stream.path("objects"))).containsExactly("chat.completion.chunk");
        assertThat(stream.path("ids").asInt()).isEqualTo(1);
        assertThat(texts(stream.path("finishReasons"))).containsExactly("stop");
        assertUsage(stream.path("usage"), 26, 290);

        assertOpenAiBadRequest(s.path("openaiBadRequest"));

        // ollama chat, non-streaming (the JS client's default) and streaming
        JsonNode ochat = s.path("ollamaChat");
        assertThat(ochat.path("text").asText()).isEqualTo("Ollama says hi.");
        assertThat(ochat.path("role").asText()).isEqualTo("assistant");
        assertThat(ochat.path("model").asText()).isEqualTo("llama3.2:3b");
        assertThat(ochat.path("done").asBoolean()).isTrue();
        assertThat(ochat.path("doneReason").asText()).isEqualTo("stop");
        assertThat(ochat.path("promptEvalCount").asInt()).isEqualTo(26);
        assertThat(ochat.path("evalCount").asInt()).isEqualTo(290);

        JsonNode ostream = s.path("ollamaChatStream");
        assertThat(ostream.path("text").asText()).isEqualTo(ochat.path("text").asText());
        assertThat(texts(ostream.path("models"))).containsExactly("llama3.2:3b");
        assertThat(ostream.path("parts").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(ostream.path("done").asBoolean()).isTrue();
        assertThat(ostream.path("doneReason").asText()).isEqualTo("stop");
        assertThat(ostream.path("promptEvalCount").asInt()).isEqualTo(26);
        assertThat(ostream.path("evalCount").asInt()).isEqualTo(290);

        // ollama generate, non-streaming and streaming
        for (String step : List.of("ollamaGenerate", "ollamaGenerateStream")) {
            JsonNode g = s.path(step);
            assertThat(g.path("text").asText()).as(step).isEqualTo("Ollama says hi.");
            assertThat(g.path("model").asText()).as(step).isEqualTo("llama3.2:3b");
            assertThat(g.path("done").asBoolean()).as(step).isTrue();
            assertThat(g.path("doneReason").asText()).as(step).isEqualTo("stop");
            assertThat(g.path("evalCount").asInt()).as(step).isEqualTo(290);
        }

        // ollama list and version
        assertThat(texts(s.at("/ollamaList/models"))).contains(OllamaStub.MODEL);
        assertThat(s.at("/ollamaVersion/version").asText()).matches("\\d+\\.\\d+\\.\\d+");

        assertOllamaBadRequest(s.path("ollamaBadRequest"));
        assertThat(out.has("trace")).isFalse();

        // what the clients discover before a prompt: every name the router answers to
        assertThat(texts(s.at("/openaiModels/ids"))).containsExactly("auto", "ollama", "gemini", "nemotron", "claude",
                "llama3.2:3b", "gemini-1.5-flash", "nvidia/nemotron-mini-4b-instruct", "claude-haiku-4-5-20251001");
        assertThat(s.at("/openaiModels/retrieved/object").asText()).isEqualTo("model");
        assertThat(s.at("/openaiUnknownModel/threw/code").asText()).isEqualTo("model_not_found");
        assertThat(s.at("/ollamaShow/family").asText()).isEqualTo("ollama");
        assertThat(texts(s.at("/ollamaShow/capabilities"))).containsExactly("completion");
        assertThat(texts(s.at("/ollamaPs/models"))).contains(OllamaStub.MODEL);

        // sampling options through both clients; a field the router cannot honour is the client's own 400
        assertThat(s.at("/openaiSampling/text").asText()).isEqualTo("Ollama says hi.");
        assertThat(s.at("/ollamaOptions/text").asText()).isEqualTo("Ollama says hi.");
        assertThat(s.at("/openaiToolsRefused/threw/param").asText()).isEqualTo("tools");
        assertThat(s.at("/openaiToolsRefused/threw/message").asText()).contains("tool calling is not supported");
        JsonNode sentOptions = JSON.readTree(up.ollama.server().findAll(
                com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
                        com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo("/api/chat"))).stream()
                .map(r -> r.getBodyAsString()).filter(b -> b.contains("repeat_penalty")).findFirst().orElseThrow());
        assertThat(sentOptions.at("/options/top_k").asInt()).isEqualTo(20);
        assertThat(sentOptions.at("/options/repeat_penalty").asDouble()).isEqualTo(1.1);
        assertThat(sentOptions.path("keep_alive").asText()).isEqualTo("5m");
        // a json_schema request from the openai client reaches Ollama as its format
        assertThat(s.at("/openaiJsonSchema/ok").asBoolean()).isTrue();
        JsonNode sentFormat = JSON.readTree(up.ollama.server().findAll(
                com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
                        com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo("/api/chat"))).stream()
                .map(r -> r.getBodyAsString()).filter(b -> b.contains("\"format\"")).findFirst().orElseThrow());
        assertThat(sentFormat.at("/format/required/0").asText()).isEqualTo("reason");
    }

    @Test
    void whenOllamaIsUnhealthyTheClientsGetGeminisAnswerAndModel() throws Exception {
        startRouter(Map.of());
        ollamaUnhealthy();
        int ollamaChatCalls = up.ollamaChatCalls();

        JsonNode s = runClients(router.baseUrl()).path("steps");
        for (String step : List.of("openaiChat", "openaiStream", "ollamaChat", "ollamaChatStream", "ollamaGenerate",
                "ollamaGenerateStream")) {
            assertThat(s.path(step).path("text").asText()).as(step).isEqualTo("Gemini says hi.");
        }
        assertThat(s.at("/openaiChat/model").asText()).isEqualTo("gemini-2.0-flash");
        assertThat(texts(s.at("/openaiStream/models"))).containsExactly("gemini-2.0-flash");
        assertThat(s.at("/openaiChat/finishReason").asText()).isEqualTo("stop");
        assertThat(texts(s.at("/openaiStream/finishReasons"))).containsExactly("stop");
        assertUsage(s.at("/openaiChat/usage"), 7, 22);
        assertUsage(s.at("/openaiStream/usage"), 7, 22);
        assertThat(s.at("/ollamaChat/model").asText()).isEqualTo("gemini-2.0-flash");
        assertThat(texts(s.at("/ollamaChatStream/models"))).containsExactly("gemini-2.0-flash");
        assertThat(s.at("/ollamaGenerate/model").asText()).isEqualTo("gemini-2.0-flash");
        assertThat(s.at("/ollamaChat/promptEvalCount").asInt()).isEqualTo(7);
        assertThat(s.at("/ollamaChat/evalCount").asInt()).isEqualTo(22);
        assertOpenAiBadRequest(s.path("openaiBadRequest"));
        assertOllamaBadRequest(s.path("ollamaBadRequest"));
        assertThat(up.ollamaChatCalls()).as("Ollama's /api/chat is not called while it is unhealthy")
                .isEqualTo(ollamaChatCalls);
    }

    @Test
    void withAnApiKeyTheRightBearerTokenWorksAndAWrongOneIs401() throws Exception {
        String key = "router-key-" + Long.toHexString(System.nanoTime());
        startRouter(Map.of("llm.http.api-key", key));

        JsonNode out = runClients(router.baseUrl(), key);
        JsonNode s = out.path("steps");
        assertThat(out.path("apiKey").asBoolean()).isTrue();
        // the right key: everything works as without a key
        assertThat(s.at("/openaiChat/text").asText()).isEqualTo("Ollama says hi.");
        assertThat(s.at("/openaiStream/text").asText()).isEqualTo("Ollama says hi.");
        assertThat(s.at("/ollamaChat/text").asText()).isEqualTo("Ollama says hi.");
        assertThat(s.at("/ollamaChatStream/text").asText()).isEqualTo("Ollama says hi.");
        assertThat(s.at("/ollamaGenerate/text").asText()).isEqualTo("Ollama says hi.");
        assertThat(texts(s.at("/ollamaList/models"))).contains(OllamaStub.MODEL);
        assertOpenAiBadRequest(s.path("openaiBadRequest"));
        assertOllamaBadRequest(s.path("ollamaBadRequest"));

        // a wrong key: openai's AuthenticationError, ollama's ResponseError, both 401, and no upstream call
        JsonNode openaiWrong = s.path("openaiWrongKey").path("threw");
        assertThat(openaiWrong.path("errorClass").asText()).isEqualTo("AuthenticationError");
        assertThat(openaiWrong.path("status").asInt()).isEqualTo(401);
        assertThat(openaiWrong.path("message").asText()).startsWith("401 ");
        assertThat(openaiWrong.path("message").asText()).doesNotContain(key);
        for (String step : List.of("ollamaWrongKey", "ollamaNoKey")) {
            JsonNode e = s.path(step).path("threw");
            assertThat(e.path("name").asText()).as(step).isEqualTo("ResponseError");
            assertThat(e.path("status").asInt()).as(step).isEqualTo(401);
            assertThat(e.path("message").asText()).as(step).isNotBlank().doesNotContain(key);
        }
        assertThat(up.ollamaChatCalls()).as("one upstream call per answered client call (4 chat, 2 generate, the "
                + "openai and ollama calls with sampling options, the json_schema call); the refused calls reach no provider")
                .isEqualTo(9);
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    /** Ollama answers its probe with 503: DEGRADED, so the chain starts at Gemini (as in DispatchTest). */
    private void ollamaUnhealthy() {
        up.ollama.reset().tags(OllamaStub.MODEL)
                .generateError(503, "server busy, please try again.  maximum pending requests exceeded");
        assertThat(router.template().requestBody("direct:check-health", null, HealthReport.class).status())
                .isEqualTo(HealthStatus.DEGRADED);
        up.allHealthy();
    }

    private static void assertOpenAiBadRequest(JsonNode step) {
        JsonNode e = step.path("threw");
        assertThat(e.path("errorClass").asText()).as("openai, messages: []").isEqualTo("BadRequestError");
        assertThat(e.path("status").asInt()).isEqualTo(400);
        assertThat(e.path("message").asText()).startsWith("400 ").contains("messages");
        assertThat(e.at("/error/message").asText()).contains("messages");
    }

    private static void assertOllamaBadRequest(JsonNode step) {
        JsonNode e = step.path("threw");
        assertThat(e.path("name").asText()).as("ollama, messages: []").isEqualTo("ResponseError");
        assertThat(e.path("status").asInt()).isEqualTo(400);
        assertThat(e.path("message").asText()).contains("messages");
    }

    private static void assertUsage(JsonNode usage, int prompt, int completion) {
        assertThat(usage.path("prompt_tokens").asInt()).as("usage.prompt_tokens in %s", usage).isEqualTo(prompt);
        assertThat(usage.path("completion_tokens").asInt()).as("usage.completion_tokens in %s", usage).isEqualTo(completion);
        assertThat(usage.path("total_tokens").asInt()).as("usage.total_tokens in %s", usage).isEqualTo(prompt + completion);
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /**
     * Runs official-clients.mjs with node against the router; fails with the script's stderr and stdout unless it
     * exits 0 within {@link #CLIENT_TIMEOUT}. Returns the JSON it printed.
     */
    private static JsonNode runClients(String baseUrl, String... args) throws IOException, InterruptedException {
        if (!Files.isDirectory(NODE_DIR.resolve("node_modules").resolve("openai"))
                || !Files.isDirectory(NODE_DIR.resolve("node_modules").resolve("ollama"))) {
            fail("the npm clients are not installed: run 'npm ci' in %s (mvn verify does it in pre-integration-test)",
                    NODE_DIR);
        }
        List<String> command = new ArrayList<>(List.of(System.getProperty("node.executable", "node"),
                SCRIPT.toString(), baseUrl));
        command.addAll(List.of(args));
        File stdout = File.createTempFile("official-clients-", ".out");
        File stderr = File.createTempFile("official-clients-", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).directory(NODE_DIR.toFile())
                    .redirectOutput(stdout).redirectError(stderr);
            // the clients read these; none may steer them away from the router
            pb.environment().keySet().removeIf(k -> k.startsWith("OPENAI_") || k.startsWith("OLLAMA_")
                    || k.equals("ROUTER_BASE_URL") || k.equals("ROUTER_API_KEY") || k.equals("OFFICIAL_CLIENTS_TRACE"));
            long start = System.nanoTime();
            Process p = pb.start();
            p.getOutputStream().close();
            if (!p.waitFor(CLIENT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                fail("node %s did not finish within %s%nstderr:%n%s%nstdout:%n%s", SCRIPT.getFileName(), CLIENT_TIMEOUT,
                        read(stderr), read(stdout));
            }
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            String out = read(stdout);
            String err = read(stderr);
            System.out.printf("official clients against %s: exit %d in %d ms%n%s%n", baseUrl, p.exitValue(), tookMs, out);
            if (p.exitValue() != 0) {
                fail("official clients failed against the router (exit %d):%n%s%nwhat they saw:%n%s",
                        p.exitValue(), err, out);
            }
            JsonNode json = JSON.readTree(out);
            assertThat(json.path("steps").isObject()).as("JSON with steps on stdout: %s", out).isTrue();
            return json;
        } finally {
            Files.deleteIfExists(stdout.toPath());
            Files.deleteIfExists(stderr.toPath());
        }
    }

    private static String read(File f) throws IOException {
        return Files.readString(f.toPath(), StandardCharsets.UTF_8);
    }
}
