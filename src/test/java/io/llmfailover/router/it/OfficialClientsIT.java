package io.llmfailover.router.it;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
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
import com.github.tomakehurst.wiremock.WireMockServer;
import io.llmfailover.router.core.HealthStatus;
import io.llmfailover.router.health.HealthReport;
import io.llmfailover.router.health.OllamaHealth;
import io.llmfailover.router.support.OllamaStub;
import io.llmfailover.router.support.RouterInstance;
import io.llmfailover.router.support.StreamBodies;
import io.llmfailover.router.support.ToolStreams;
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
        startRouterWith(new HashMap<>(up.routerProperties()), extra);
    }

    private void startRouterWith(Map<String, String> props, Map<String, String> extra) {
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

    /**
     * The clients' tool loops (official-clients.mjs --tools): each upstream answers a request that carries a tool
     * result with text, and any other with a call of get_weather (Paris, or Oslo when the question names Oslo).
     */
    @Test
    void toolCallingThroughEveryOfficialClient() throws Exception {
        up = new Upstreams().allHealthy();
        startRouterWith(up.routerPropertiesWithEveryProvider(Map.of()), Map.of());
        String paris = "{\"city\":\"Paris\",\"unit\":\"celsius\"}";
        String oslo = "{\"city\":\"Oslo\",\"unit\":\"celsius\"}";
        WireMockServer ollama = up.ollama.server();
        ollama.stubFor(post(urlEqualTo("/api/chat")).atPriority(1).withRequestBody(containing(TOOL_RESULT))
                .withRequestBody(containing("Paris")).willReturn(Upstreams.stream(StreamBodies.Api.OLLAMA, PARIS_ANSWER)));
        ollama.stubFor(post(urlEqualTo("/api/chat")).atPriority(1).withRequestBody(containing(TOOL_RESULT))
                .withRequestBody(containing("Oslo")).willReturn(Upstreams.stream(StreamBodies.Api.OLLAMA, OSLO_ANSWER)));
        ollama.stubFor(post(urlEqualTo("/api/chat")).atPriority(2).withRequestBody(containing("Oslo"))
                .willReturn(ToolStreams.response(StreamBodies.Api.OLLAMA, "", "get_weather", oslo)));
        ollama.stubFor(post(urlEqualTo("/api/chat")).atPriority(3)
                .willReturn(ToolStreams.response(StreamBodies.Api.OLLAMA, "", "get_weather", paris)));
        up.nvidia(ToolStreams.response(StreamBodies.Api.NVIDIA, "", "get_weather", paris));
        up.claude(ToolStreams.response(StreamBodies.Api.CLAUDE, "Let me check.", "get_weather", paris));
        up.anthropic.stubFor(post(urlEqualTo("/v1/messages")).atPriority(1).withRequestBody(containing("\"tool_result\""))
                .willReturn(Upstreams.stream(StreamBodies.Api.CLAUDE, PARIS_ANSWER)));

        JsonNode out = runClients(router.baseUrl(), "--tools");
        JsonNode s = out.path("steps");
        assertThat(s.has("openaiChat")).as("--tools runs the tool steps only").isFalse();
        JsonNode parisArgs = JSON.readTree(paris);
        JsonNode osloArgs = JSON.readTree(oslo);

        // (a) openai, the whole loop: the call, the local function run with its arguments, the final text
        JsonNode loop = s.path("openaiToolLoop");
        JsonNode turn1 = loop.path("turn1");
        assertThat(turn1.path("finishReason").asText()).isEqualTo("tool_calls");
        assertThat(turn1.path("content").isNull()).as("content of a turn that only calls tools: %s", turn1).isTrue();
        assertThat(turn1.path("toolCalls")).hasSize(1);
        JsonNode call = turn1.path("toolCalls").get(0);
        String callId = call.path("id").asText();
        assertThat(callId).isNotBlank();
        assertThat(call.path("type").asText()).isEqualTo("function");
        assertThat(call.path("name").asText()).isEqualTo("get_weather");
        assertThat(JSON.readTree(call.path("arguments").asText())).isEqualTo(parisArgs);
        assertThat(loop.at("/ran/0/name").asText()).isEqualTo("get_weather");
        assertThat(loop.at("/ran/0/args")).isEqualTo(parisArgs);
        String parisOutput = loop.at("/ran/0/output").asText();
        // what the client put on the wire for turn 2: the assistant message as it came, then the tool result
        JsonNode sent = loop.path("sentOnTurn2");
        assertThat(sent).hasSize(4);
        assertThat(sent.at("/2/role").asText()).isEqualTo("assistant");
        assertThat(sent.at("/2/tool_calls/0/id").asText()).isEqualTo(callId);
        assertThat(sent.at("/3/role").asText()).isEqualTo("tool");
        assertThat(sent.at("/3/tool_call_id").asText()).isEqualTo(callId);
        assertThat(sent.at("/3/content").asText()).isEqualTo(parisOutput);
        assertThat(loop.path("text").asText()).isEqualTo(PARIS_ANSWER);
        assertThat(loop.path("finishReason").asText()).isEqualTo("stop");
        assertThat(loop.path("toolCallsOnTurn2").isNull()).isTrue();
        // what Ollama got: the tool on both turns; on turn 2 the call (arguments as an object) and its result by name
        JsonNode paris2 = ollamaChatBody("Paris", true);
        assertThat(paris2.at("/tools/0/function/name").asText()).isEqualTo("get_weather");
        assertThat(paris2.at("/tools/0/function/parameters/required")).isEqualTo(JSON.readTree("[\"city\",\"unit\"]"));
        JsonNode m = paris2.path("messages");
        assertThat(m).hasSize(4);
        assertThat(m.at("/2/role").asText()).isEqualTo("assistant");
        assertThat(m.at("/2/tool_calls/0/function/name").asText()).isEqualTo("get_weather");
        assertThat(m.at("/2/tool_calls/0/function/arguments")).isEqualTo(parisArgs);
        assertThat(m.at("/3/role").asText()).isEqualTo("tool");
        assertThat(m.at("/3/tool_name").asText()).isEqualTo("get_weather");
        assertThat(m.at("/3/content").asText()).isEqualTo(parisOutput);
        assertThat(ollamaChatBody("Paris", false).at("/tools/0/function/name").asText()).isEqualTo("get_weather");

        // (b) openai, streamed through NVIDIA: one call put together from its deltas, id and name first
        JsonNode nv = s.path("openaiToolStream");
        assertThat(nv.path("calls")).hasSize(1);
        JsonNode nvCall = nv.at("/calls/0");
        assertThat(nvCall.path("id").asText()).isEqualTo(ToolStreams.NVIDIA_ID);
        assertThat(nvCall.path("type").asText()).isEqualTo("function");
        assertThat(nvCall.path("name").asText()).isEqualTo("get_weather");
        assertThat(nvCall.path("parsedArguments")).isEqualTo(parisArgs);
        assertThat(nvCall.path("pieces").asInt()).as("the arguments arrive in fragments").isGreaterThanOrEqualTo(3);
        assertThat(texts(nv.path("finishReasons"))).containsExactly("tool_calls");
        assertThat(nv.path("text").asText()).isEmpty();
        assertThat(nv.path("ids").asInt()).isEqualTo(1);
        assertThat(up.nvidiaCalls()).isEqualTo(1);
        assertThat(Upstreams.lastChatBody(up.nvidia).at("/tools/0/function/name").asText()).isEqualTo("get_weather");

        // openai's stream helper through Claude: the text before the call, then the call as one
        JsonNode cl = s.path("openaiToolStreamHelper");
        assertThat(cl.path("content").asText()).isEqualTo("Let me check.");
        assertThat(cl.path("finishReason").asText()).isEqualTo("tool_calls");
        assertThat(cl.path("toolCalls")).hasSize(1);
        assertThat(cl.at("/toolCalls/0/id").asText()).isEqualTo(ToolStreams.CLAUDE_ID);
        assertThat(cl.at("/toolCalls/0/name").asText()).isEqualTo("get_weather");
        assertThat(JSON.readTree(cl.at("/toolCalls/0/arguments").asText())).isEqualTo(parisArgs);
        assertThat(Upstreams.lastChatBody(up.anthropic).at("/tools/0/name").asText()).isEqualTo("get_weather");

        // openai's tool runner, streamed through Claude: the call, the function, the result back, the final text
        JsonNode run = s.path("openaiRunToolsStream");
        assertThat(run.path("text").asText()).isEqualTo(PARIS_ANSWER);
        assertThat(run.path("requests").asInt()).isEqualTo(2);
        assertThat(run.at("/sentOnTurn2/1/tool_calls/0/id").asText()).isEqualTo(ToolStreams.CLAUDE_ID);
        assertThat(run.at("/sentOnTurn2/1/content").asText()).isEqualTo("Let me check.");
        assertThat(run.at("/sentOnTurn2/2/tool_call_id").asText()).isEqualTo(ToolStreams.CLAUDE_ID);
        String runOutput = run.at("/functionCalls/0").asText();
        assertThat(run.at("/sentOnTurn2/2/content").asText()).isEqualTo(runOutput);
        assertThat(up.claudeCalls()).isEqualTo(3);
        // what Claude got on the runner's turn 2: its text and tool_use back, then the result as a tool_result block
        JsonNode claude2 = Upstreams.lastChatBody(up.anthropic).path("messages");
        assertThat(claude2).hasSize(3);
        assertThat(claude2.at("/1/role").asText()).isEqualTo("assistant");
        assertThat(claude2.at("/1/content/0/text").asText()).isEqualTo("Let me check.");
        assertThat(claude2.at("/1/content/1/type").asText()).isEqualTo("tool_use");
        assertThat(claude2.at("/1/content/1/id").asText()).isEqualTo(ToolStreams.CLAUDE_ID);
        assertThat(claude2.at("/1/content/1/input")).isEqualTo(parisArgs);
        assertThat(claude2.at("/2/role").asText()).isEqualTo("user");
        assertThat(claude2.at("/2/content/0/type").asText()).isEqualTo("tool_result");
        assertThat(claude2.at("/2/content/0/tool_use_id").asText()).isEqualTo(ToolStreams.CLAUDE_ID);
        assertThat(claude2.at("/2/content/0/content").asText()).isEqualTo(runOutput);

        // (c) ollama, the whole loop: the call (arguments as an object), the local run, the final text
        JsonNode oloop = s.path("ollamaToolLoop");
        assertThat(oloop.at("/turn1/toolCalls")).hasSize(1);
        assertThat(oloop.at("/turn1/toolCalls/0/function/name").asText()).isEqualTo("get_weather");
        assertThat(oloop.at("/turn1/toolCalls/0/function/arguments")).isEqualTo(osloArgs);
        assertThat(oloop.at("/turn1/done").asBoolean()).isTrue();
        assertThat(oloop.at("/ran/0/args")).isEqualTo(osloArgs);
        String osloOutput = oloop.at("/ran/0/output").asText();
        assertThat(oloop.path("text").asText()).isEqualTo(OSLO_ANSWER);
        assertThat(oloop.path("toolCallsOnTurn2").isNull()).isTrue();
        JsonNode oslo2 = ollamaChatBody("Oslo", true).path("messages");
        assertThat(oslo2).hasSize(3);
        assertThat(oslo2.at("/1/tool_calls/0/function/arguments")).isEqualTo(osloArgs);
        assertThat(oslo2.at("/2/role").asText()).isEqualTo("tool");
        assertThat(oslo2.at("/2/tool_name").asText()).isEqualTo("get_weather");
        assertThat(oslo2.at("/2/content").asText()).isEqualTo(osloOutput);

        // ollama, streamed: the call whole in one part, before the done part
        JsonNode parts = s.at("/ollamaToolStream/parts");
        List<JsonNode> withCalls = new ArrayList<>();
        parts.forEach(p -> {
            if (p.path("toolCalls").isArray()) {
                withCalls.add(p);
            }
        });
        assertThat(withCalls).hasSize(1);
        assertThat(withCalls.get(0).path("done").asBoolean()).isFalse();
        assertThat(withCalls.get(0).at("/toolCalls/0/function/name").asText()).isEqualTo("get_weather");
        assertThat(withCalls.get(0).at("/toolCalls/0/function/arguments")).isEqualTo(osloArgs);
        assertThat(parts.get(parts.size() - 1).path("done").asBoolean()).isTrue();

        // the local function ran once per loop, with the arguments the model gave
        assertThat(out.path("weatherCalls")).isEqualTo(JSON.readTree("[" + paris + "," + paris + "," + oslo + "]"));
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

    private static final String TOOL_RESULT = "\"role\":\"tool\"";
    private static final String PARIS_ANSWER = "It is 18 degrees and clear in Paris.";
    private static final String OSLO_ANSWER = "It is -3 degrees and snowing in Oslo.";

    /** The one /api/chat body Ollama got that names the city, with or without a tool result. */
    private JsonNode ollamaChatBody(String city, boolean withToolResult) throws IOException {
        List<String> bodies = up.ollama.server().findAll(postRequestedFor(urlEqualTo("/api/chat"))).stream()
                .map(r -> r.getBodyAsString())
                .filter(b -> b.contains(city) && b.contains(TOOL_RESULT) == withToolResult).toList();
        assertThat(bodies).as("Ollama chat calls naming %s%s", city, withToolResult ? " with a tool result" : "")
                .hasSize(withToolResult ? 1 : city.equals("Oslo") ? 2 : 1);
        return JSON.readTree(bodies.get(0));
    }

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
