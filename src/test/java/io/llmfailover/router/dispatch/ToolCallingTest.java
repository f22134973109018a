package io.llmfailover.router.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.llmfailover.router.chat.Attempt;
import io.llmfailover.router.chat.ChatMessage;
import io.llmfailover.router.chat.ChatRequest;
import io.llmfailover.router.chat.ChatResponse;
import io.llmfailover.router.chat.Sampling;
import io.llmfailover.router.chat.Tool;
import io.llmfailover.router.chat.ToolCall;
import io.llmfailover.router.chat.ToolChoice;
import io.llmfailover.router.chat.ToolSet;
import io.llmfailover.router.core.Provider;
import io.llmfailover.router.support.RouterInstance;
import io.llmfailover.router.support.StreamBodies;
import io.llmfailover.router.support.ToolStreams;
import io.llmfailover.router.support.Upstreams;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Tool calling through each provider, both ways (docs/wire-formats.md, "Tool calls" in sections 1 to 4): the tools
 * and the tool choice reach the provider in its own words, its streamed call comes back whole with an id, the tool's
 * result goes back in its own form with the same id, and a conversation moves to another provider between turns.
 */
class ToolCallingTest extends EveryProviderRouterTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SCHEMA = "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},"
            + "\"required\":[\"city\"]}";
    private static final Tool WEATHER = new Tool("get_weather", "The weather in a city", SCHEMA, false);
    private static final String ARGS = "{\"city\":\"Paris\"}";

    @BeforeEach
    void healthyAndFresh() {
        // a test that breaks Ollama leaves it unhealthy for routing: a healthy probe brings it back, as after a restart
        io.llmfailover.router.health.OllamaHealth health = router.bean("ollamaHealth",
                io.llmfailover.router.health.OllamaHealth.class);
        if (!health.current().isHealthy()) {
            health.reset();
            health.record(new io.llmfailover.router.health.HealthReport(
                    io.llmfailover.router.core.HealthStatus.HEALTHY, "probe answered", 120, 40.0,
                    java.time.Instant.now().toString()));
        }
        up.ollama.server().resetRequests();
        up.gemini.resetRequests();
        up.nvidia.resetRequests();
        up.anthropic.resetRequests();
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private static StreamBodies.Api api(Provider p) {
        return switch (p.id()) {
            case "ollama" -> StreamBodies.Api.OLLAMA;
            case "gemini" -> StreamBodies.Api.GEMINI;
            case "nemotron" -> StreamBodies.Api.NVIDIA;
            case "claude" -> StreamBodies.Api.CLAUDE;
            default -> throw new IllegalArgumentException(p.id());
        };
    }

    private static WireMockServer server(Provider p) {
        return switch (p.id()) {
            case "ollama" -> up.ollama.server();
            case "gemini" -> up.gemini;
            case "nemotron" -> up.nvidia;
            case "claude" -> up.anthropic;
            default -> throw new IllegalArgumentException(p.id());
        };
    }

    private static void answer(Provider p, ResponseDefinitionBuilder response) {
        switch (p.id()) {
            case "ollama" -> up.ollamaChat(response);
            case "gemini" -> up.gemini(response);
            case "nemotron" -> up.nvidia(response);
            case "claude" -> up.claude(response);
        }
    }

    private static ChatResponse ask(String model, List<ChatMessage> messages, ToolSet tools) {
        ChatRequest r = new ChatRequest(messages, null, null, null, model, Sampling.NONE, null, tools);
        return router.template().requestBody("direct:chat", r, ChatResponse.class);
    }

    private static JsonNode json(String s) throws Exception {
        return JSON.readTree(s);
    }

    private static JsonNode sentTo(Provider p) {
        return Upstreams.lastChatBody(server(p));
    }

    /** The conversation of an agent's second turn: the question, the model's call, the tool's result. */
    private static List<ChatMessage> secondTurn(String callId) {
        return List.of(ChatMessage.user("What is the weather in Paris?"),
                ChatMessage.assistant(null, List.of(new ToolCall(callId, "get_weather", ARGS))),
                ChatMessage.tool(callId, null, "22 C and sunny"));
    }

    // ---- turn 1: the model calls a tool ----------------------------------------------------------------------

    @ParameterizedTest
    @MethodSource("io.llmfailover.router.core.Provider#shipped")
    void eachProviderGetsTheToolsInItsOwnFormAndItsCallComesBackWhole(Provider p) throws Exception {
        answer(p, ToolStreams.response(api(p), "Let me check.", "get_weather", ARGS));

        ChatResponse r = ask(p.id(), List.of(ChatMessage.user("What is the weather in Paris?")),
                ToolSet.of(List.of(WEATHER)));

        assertThat(r.provider()).isEqualTo(p.id());
        assertThat(r.finishReason()).isEqualTo("tool_calls");
        assertThat(r.text()).isEqualTo("Let me check.");
        assertThat(r.toolCalls()).hasSize(1);
        ToolCall call = r.toolCalls().get(0);
        assertThat(call.name()).isEqualTo("get_weather");
        assertThat(json(call.arguments())).isEqualTo(json(ARGS));
        // the provider's own id where it gives one, else one the router made
        assertThat(call.id()).isEqualTo(switch (p.id()) {
            case "nemotron" -> ToolStreams.NVIDIA_ID;
            case "claude" -> ToolStreams.CLAUDE_ID;
            default -> call.id();
        }).matches("(call|toolu)_[A-Za-z0-9]{20,}");

        JsonNode sent = sentTo(p);
        switch (p.id()) {
            case "ollama", "nemotron" -> assertThat(sent.path("tools")).isEqualTo(json("[{\"type\":\"function\",\"function\":"
                    + "{\"name\":\"get_weather\",\"description\":\"The weather in a city\",\"parameters\":" + SCHEMA + "}}]"));
            case "gemini" -> assertThat(sent.at("/tools/0/functionDeclarations/0")).isEqualTo(json("{\"name\":"
                    + "\"get_weather\",\"description\":\"The weather in a city\",\"parametersJsonSchema\":" + SCHEMA + "}"));
            case "claude" -> assertThat(sent.path("tools")).isEqualTo(json("[{\"name\":\"get_weather\",\"description\":"
                    + "\"The weather in a city\",\"input_schema\":" + SCHEMA + "}]"));
        }
        // the model decides (auto): no choice is sent
        assertThat(sent.has("tool_choice") || sent.has("toolConfig")).isFalse();
    }

    // ---- turn 2: the tool's result goes back -------------------------------------------------------------------

    @ParameterizedTest
    @MethodSource("io.llmfailover.router.core.Provider#shipped")
    void eachProviderGetsTheCallAndItsResultInItsOwnFormWithTheSameId(Provider p) throws Exception {
        answer(p, Upstreams.stream(api(p), "It is 22 C and sunny in Paris."));

        ChatResponse r = ask(p.id(), secondTurn("call_1"), ToolSet.of(List.of(WEATHER)));

        assertThat(r.provider()).as(r.attempts().toString()).isEqualTo(p.id());
        assertThat(r.text()).isEqualTo("It is 22 C and sunny in Paris.");
        assertThat(r.finishReason()).isEqualTo("stop");
        assertThat(r.toolCalls()).isEmpty();
        JsonNode sent = sentTo(p);
        switch (p.id()) {
            case "ollama" -> {
                assertThat(sent.at("/messages/1")).isEqualTo(json("{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":"
                        + "[{\"function\":{\"name\":\"get_weather\",\"arguments\":" + ARGS + "}}]}"));
                assertThat(sent.at("/messages/2")).isEqualTo(json("{\"role\":\"tool\",\"content\":\"22 C and sunny\","
                        + "\"tool_name\":\"get_weather\"}"));
            }
            case "gemini" -> {
                assertThat(sent.at("/contents/1")).isEqualTo(json("{\"role\":\"model\",\"parts\":[{\"functionCall\":"
                        + "{\"name\":\"get_weather\",\"args\":" + ARGS + "}}]}"));
                assertThat(sent.at("/contents/2")).isEqualTo(json("{\"role\":\"user\",\"parts\":[{\"functionResponse\":"
                        + "{\"name\":\"get_weather\",\"response\":{\"output\":\"22 C and sunny\"}}}]}"));
            }
            case "nemotron" -> {
                ObjectNode call = (ObjectNode) json("{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":"
                        + "\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\"}}]}");
                ((ObjectNode) call.at("/tool_calls/0/function")).put("arguments", ARGS);
                assertThat(sent.at("/messages/1")).isEqualTo(call);
                assertThat(sent.at("/messages/2")).isEqualTo(json("{\"role\":\"tool\",\"tool_call_id\":\"call_1\","
                        + "\"content\":\"22 C and sunny\"}"));
            }
            case "claude" -> {
                assertThat(sent.at("/messages/1")).isEqualTo(json("{\"role\":\"assistant\",\"content\":[{\"type\":"
                        + "\"tool_use\",\"id\":\"call_1\",\"name\":\"get_weather\",\"input\":" + ARGS + "}]}"));
                assertThat(sent.at("/messages/2")).isEqualTo(json("{\"role\":\"user\",\"content\":[{\"type\":"
                        + "\"tool_result\",\"tool_use_id\":\"call_1\",\"content\":\"22 C and sunny\"}]}"));
            }
        }
    }

    @Test
    void parallelResultsGoBackTogetherAndGeminiTakesAJsonResultAsItIs() throws Exception {
        up.geminiOk("Paris is warmer.");
        up.claudeOk("Paris is warmer.");
        List<ChatMessage> conversation = List.of(ChatMessage.user("Paris or Oslo?"),
                ChatMessage.assistant("Checking both.", List.of(new ToolCall("call_a", "get_weather", ARGS),
                        new ToolCall("call:b", "get_weather", "{\"city\":\"Oslo\"}"))),
                ChatMessage.tool("call_a", null, "{\"celsius\":22}"),
                ChatMessage.tool("call:b", null, "{\"celsius\":3}"));

        ask("gemini", conversation, ToolSet.of(List.of(WEATHER)));
        JsonNode gemini = sentTo(Provider.GEMINI);
        assertThat(gemini.path("contents")).hasSize(3);
        assertThat(gemini.at("/contents/1/parts/0/text").asText()).isEqualTo("Checking both.");
        assertThat(gemini.at("/contents/1/parts")).hasSize(3);
        assertThat(gemini.at("/contents/2/parts")).isEqualTo(json("[{\"functionResponse\":{\"name\":\"get_weather\","
                + "\"response\":{\"celsius\":22}}},{\"functionResponse\":{\"name\":\"get_weather\",\"response\":"
                + "{\"celsius\":3}}}]"));

        ask("claude", conversation, ToolSet.of(List.of(WEATHER)));
        JsonNode claude = sentTo(Provider.CLAUDE);
        assertThat(claude.path("messages")).hasSize(3);
        // Anthropic ids take letters, digits, _ and - only: the same replacement in the call and its result
        assertThat(claude.at("/messages/1/content/2/id").asText()).isEqualTo("call_b");
        assertThat(claude.at("/messages/2/content").size()).isEqualTo(2);
        assertThat(claude.at("/messages/2/content/1/tool_use_id").asText()).isEqualTo("call_b");
    }

    // ---- tool choice ------------------------------------------------------------------------------------------

    @Test
    void aNamedToolChoiceReachesEachProviderInItsOwnWordsAndSkipsOllama() throws Exception {
        ToolSet forced = new ToolSet(List.of(WEATHER), ToolChoice.function("get_weather"), false);
        List<ChatMessage> question = List.of(ChatMessage.user("Weather in Paris?"));
        for (Provider p : List.of(Provider.GEMINI, Provider.NEMOTRON, Provider.CLAUDE)) {
            answer(p, ToolStreams.response(api(p), "", "get_weather", ARGS));
            assertThat(ask(p.id(), question, forced).toolCalls()).extracting(ToolCall::name)
                    .containsExactly("get_weather");
        }
        assertThat(sentTo(Provider.GEMINI).path("toolConfig")).isEqualTo(json("{\"functionCallingConfig\":"
                + "{\"mode\":\"ANY\",\"allowedFunctionNames\":[\"get_weather\"]}}"));
        assertThat(sentTo(Provider.NEMOTRON).path("tool_choice")).isEqualTo(json("{\"type\":\"function\","
                + "\"function\":{\"name\":\"get_weather\"}}"));
        assertThat(sentTo(Provider.NEMOTRON).path("parallel_tool_calls").asBoolean(true)).isFalse();
        assertThat(sentTo(Provider.CLAUDE).path("tool_choice")).isEqualTo(json("{\"type\":\"tool\",\"name\":"
                + "\"get_weather\",\"disable_parallel_tool_use\":true}"));

        // Ollama's API cannot be told to call a tool: it is skipped, saying so, and the next provider answers
        ChatResponse r = ask("ollama", question, forced);
        assertThat(r.attempts()).extracting(Attempt::provider, Attempt::outcome, Attempt::reason).first()
                .isEqualTo(tuple("ollama", "skipped", "ollama cannot be made to call a tool (tool_choice names a function)"));
        assertThat(r.provider()).isNotEqualTo("ollama");
        assertThat(up.ollamaChatCalls()).isZero();
    }

    @Test
    void toolChoiceNoneKeepsTheToolsFromBeingCalled() throws Exception {
        ToolSet none = new ToolSet(List.of(WEATHER), ToolChoice.NONE, null);
        List<ChatMessage> question = List.of(ChatMessage.user("Weather in Paris?"));
        for (Provider p : Provider.shipped()) {
            answer(p, Upstreams.stream(api(p), "I will not look it up."));
            assertThat(ask(p.id(), question, none).text()).isEqualTo("I will not look it up.");
        }
        assertThat(sentTo(Provider.OLLAMA).has("tools")).isFalse();
        assertThat(sentTo(Provider.GEMINI).at("/toolConfig/functionCallingConfig/mode").asText()).isEqualTo("NONE");
        assertThat(sentTo(Provider.NEMOTRON).path("tool_choice").asText()).isEqualTo("none");
        assertThat(sentTo(Provider.CLAUDE).path("tool_choice")).isEqualTo(json("{\"type\":\"none\"}"));
    }

    // ---- a conversation that fails over between turns ------------------------------------------------------------

    @Test
    void aToolCallFromOllamaIsAnsweredByClaudeOnTheNextTurn() throws Exception {
        up.ollamaChat(ToolStreams.response(StreamBodies.Api.OLLAMA, "", "get_weather", ARGS));
        String tools = "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"parameters\":"
                + SCHEMA + "}}]";
        String question = "{\"role\":\"user\",\"content\":\"What is the weather in Paris?\"}";
        HttpResponse<String> turn1 = router.postJson("/v1/chat/completions", "{\"model\":\"auto\"," + tools
                + ",\"messages\":[" + question + "]}");
        assertThat(turn1.statusCode()).isEqualTo(200);
        assertThat(turn1.headers().firstValue("X-LLM-Provider")).hasValue("ollama");
        JsonNode choice = json(turn1.body()).at("/choices/0");
        assertThat(choice.path("finish_reason").asText()).isEqualTo("tool_calls");
        JsonNode assistant = choice.path("message");
        assertThat(assistant.path("content").isNull()).isTrue();
        String id = assistant.at("/tool_calls/0/id").asText();
        assertThat(json(assistant.at("/tool_calls/0/function/arguments").asText())).isEqualTo(json(ARGS));

        // Ollama, Gemini and NVIDIA break before turn 2: Claude takes the conversation over
        Upstreams.failAll(up.ollama.server(), Upstreams.json(500, "{\"error\":\"model crashed\"}"));
        Upstreams.failAll(up.gemini, Upstreams.json(503, Upstreams.GEMINI_503));
        Upstreams.failAll(up.nvidia, Upstreams.refused());
        up.claudeOk("It is 22 C and sunny in Paris.");
        HttpResponse<String> turn2 = router.postJson("/v1/chat/completions", "{\"model\":\"auto\"," + tools
                + ",\"messages\":[" + question + "," + assistant + ",{\"role\":\"tool\",\"tool_call_id\":\"" + id
                + "\",\"content\":\"22 C and sunny\"}]}");

        assertThat(turn2.statusCode()).isEqualTo(200);
        assertThat(turn2.headers().firstValue("X-LLM-Provider")).hasValue("claude");
        assertThat(json(turn2.body()).at("/choices/0/message/content").asText())
                .isEqualTo("It is 22 C and sunny in Paris.");
        JsonNode claude = sentTo(Provider.CLAUDE);
        assertThat(claude.at("/messages/1/content/0/id").asText()).isEqualTo(id);
        assertThat(claude.at("/messages/1/content/0/input")).isEqualTo(json(ARGS));
        assertThat(claude.at("/messages/2/content/0/tool_use_id").asText()).isEqualTo(id);
    }

    // ---- streamed tool calls at the doors ----------------------------------------------------------------------

    private static List<JsonNode> events(String sse) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : sse.split("\n")) {
            if (line.startsWith("data: {")) {
                out.add(json(line.substring(6)));
            }
        }
        return out;
    }

    @ParameterizedTest
    @MethodSource("io.llmfailover.router.core.Provider#shipped")
    void theOpenAiDoorStreamsToolCallsAsOpenAiDoes(Provider p) throws Exception {
        answer(p, ToolStreams.response(api(p), "Let me check.", "get_weather", ARGS));
        HttpResponse<String> r = router.postJson("/v1/chat/completions", "{\"model\":\"" + p.id() + "\",\"stream\":true,"
                + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"parameters\":" + SCHEMA
                + "}}],\"messages\":[{\"role\":\"user\",\"content\":\"What is the weather in Paris?\"}]}");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("X-LLM-Provider")).hasValue(p.id());
        assertThat(r.body()).endsWith("data: [DONE]\n\n");
        StringBuilder text = new StringBuilder();
        StringBuilder arguments = new StringBuilder();
        List<JsonNode> starts = new ArrayList<>();
        String finish = null;
        for (JsonNode e : events(r.body())) {
            JsonNode delta = e.at("/choices/0/delta");
            text.append(delta.path("content").asText(""));
            for (JsonNode c : delta.path("tool_calls")) {
                assertThat(c.path("index").asInt()).isZero();
                if (c.has("id")) {
                    starts.add(c);
                }
                arguments.append(c.at("/function/arguments").asText());
            }
            if (e.at("/choices/0/finish_reason").isTextual()) {
                finish = e.at("/choices/0/finish_reason").asText();
            }
        }
        assertThat(text.toString()).isEqualTo("Let me check.");
        assertThat(starts).hasSize(1);
        assertThat(starts.get(0).path("type").asText()).isEqualTo("function");
        assertThat(starts.get(0).at("/function/name").asText()).isEqualTo("get_weather");
        assertThat(json(arguments.toString())).isEqualTo(json(ARGS));
        assertThat(finish).isEqualTo("tool_calls");
    }

    @ParameterizedTest
    @MethodSource("io.llmfailover.router.core.Provider#shipped")
    void theOllamaDoorGivesStreamedToolCallsWholeAsOllamaDoes(Provider p) throws Exception {
        answer(p, ToolStreams.response(api(p), "Let me check.", "get_weather", ARGS));
        HttpResponse<String> r = router.postJson("/api/chat", "{\"model\":\"" + p.id() + "\",\"tools\":[{\"type\":\"function\","
                + "\"function\":{\"name\":\"get_weather\",\"parameters\":" + SCHEMA + "}}],\"messages\":[{\"role\":"
                + "\"user\",\"content\":\"What is the weather in Paris?\"}]}");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("X-LLM-Provider")).hasValue(p.id());
        String[] lines = r.body().split("\n");
        JsonNode calls = null;
        StringBuilder text = new StringBuilder();
        for (String line : lines) {
            JsonNode l = json(line);
            text.append(l.at("/message/content").asText(""));
            if (l.at("/message/tool_calls").isArray()) {
                assertThat(calls).isNull();
                calls = l.at("/message/tool_calls");
            }
        }
        assertThat(text.toString()).isEqualTo("Let me check.");
        assertThat(calls).isEqualTo(json("[{\"function\":{\"name\":\"get_weather\",\"arguments\":" + ARGS + "}}]"));
        JsonNode last = json(lines[lines.length - 1]);
        assertThat(last.path("done").asBoolean()).isTrue();
        assertThat(last.path("done_reason").asText()).isEqualTo("stop");
    }

    @Test
    void theOllamaDoorTakesATurnWithToolResultsByToolName() throws Exception {
        up.nvidiaOk("It is 22 C in Paris and 3 C in Oslo.");
        HttpResponse<String> r = router.postJson("/api/chat", "{\"model\":\"nemotron\",\"stream\":false,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Paris and Oslo?\"},{\"role\":\"assistant\","
                + "\"content\":\"\",\"tool_calls\":[{\"function\":{\"name\":\"get_weather\",\"arguments\":" + ARGS + "}},"
                + "{\"function\":{\"name\":\"get_time\",\"arguments\":{}}},{\"function\":{\"name\":\"get_weather\","
                + "\"arguments\":{\"city\":\"Oslo\"}}}]},{\"role\":\"tool\",\"content\":\"12:00\",\"tool_name\":"
                + "\"get_time\"},{\"role\":\"tool\",\"content\":\"22 C\",\"tool_name\":\"get_weather\"},"
                + "{\"role\":\"tool\",\"content\":\"3 C\",\"tool_name\":\"get_weather\"}]}");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r.body()).at("/message/content").asText()).isEqualTo("It is 22 C in Paris and 3 C in Oslo.");
        ArrayNode messages = (ArrayNode) sentTo(Provider.NEMOTRON).path("messages");
        // each result answers the earliest open call of its function
        String paris = messages.at("/1/tool_calls/0/id").asText();
        String time = messages.at("/1/tool_calls/1/id").asText();
        String oslo = messages.at("/1/tool_calls/2/id").asText();
        assertThat(List.of(paris, time, oslo)).doesNotHaveDuplicates();
        assertThat(messages.at("/2/tool_call_id").asText()).isEqualTo(time);
        assertThat(messages.at("/3/tool_call_id").asText()).isEqualTo(paris);
        assertThat(messages.at("/4/tool_call_id").asText()).isEqualTo(oslo);
    }

    @Test
    void anInJvmStreamHandsOverTheToolCallsWhole() {
        up.nvidia(ToolStreams.response(StreamBodies.Api.NVIDIA, "", "get_weather", ARGS));
        ChatRequest request = new ChatRequest(List.of(ChatMessage.user("Weather in Paris?")), null, null, null,
                "nemotron", Sampling.NONE, null, ToolSet.of(List.of(WEATHER)));
        AnswerChunks chunks = router.template().requestBody("direct:chat-stream", request, AnswerChunks.class);
        StringBuilder text = new StringBuilder();
        chunks.forEachRemaining(text::append);

        assertThat(text.toString()).isEmpty();
        assertThat(chunks.summary().finishReason()).isEqualTo("tool_calls");
        assertThat(chunks.toolCalls()).containsExactly(new ToolCall(ToolStreams.NVIDIA_ID, "get_weather", ARGS));
    }

    @Test
    void aStreamCutInTheMiddleOfAToolCallEndsInAnErrorNotInAHalfCall() throws Exception {
        List<String> events = ToolStreams.events(StreamBodies.Api.NVIDIA, "", "get_weather", ARGS);
        // the id, the name and the first half of the arguments, then the stream ends without its finish
        up.nvidia(Upstreams.sse(String.join("", events.subList(0, 3))));
        up.claudeOk("Something else entirely.");
        HttpResponse<String> r = router.postJson("/v1/chat/completions", "{\"model\":\"nemotron\",\"stream\":true,"
                + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\"}}],"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Weather in Paris?\"}]}");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).doesNotContain("[DONE]").doesNotContain("Something else entirely");
        List<JsonNode> all = events(r.body());
        JsonNode last = all.get(all.size() - 1);
        assertThat(last.at("/error/code").asText()).isEqualTo("stream_interrupted");
        assertThat(last.at("/error/message").asText()).contains("a tool call was under way");
    }

    @Test
    void parallelToolCallsFalseIsNamedUnmappedWhenTheProviderHasNoSuchSwitch() throws Exception {
        up.ollamaChat(ToolStreams.response(StreamBodies.Api.OLLAMA, "", "get_weather", ARGS));
        HttpResponse<String> r = router.postJson("/v1/chat/completions", "{\"model\":\"ollama\",\"parallel_tool_calls\":"
                + "false,\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\"}}],"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Weather in Paris?\"}]}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("X-LLM-Provider")).hasValue("ollama");
        assertThat(r.headers().firstValue("X-LLM-Unmapped")).hasValue("parallel_tool_calls");
    }

    @Test
    void anInJvmToolResultForNoCallIsATypedErrorNamingTheField() {
        ChatRequest bad = new ChatRequest(List.of(ChatMessage.user("Weather?"), ChatMessage.tool("call_9", null, "22 C")),
                null, null, null, null, Sampling.NONE, null, ToolSet.of(List.of(WEATHER)));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> router.template().requestBody("direct:chat", bad))
                .hasCauseInstanceOf(io.llmfailover.router.chat.InvalidChatRequestException.class)
                .cause().hasMessage("messages[1].toolCallId 'call_9' matches no earlier tool call without a result");
        ChatRequest badArgs = new ChatRequest(List.of(ChatMessage.user("Weather?"), ChatMessage.assistant(null,
                List.of(new ToolCall("c1", "get_weather", "[1]")))), null, null, null, null, Sampling.NONE, null,
                ToolSet.of(List.of(WEATHER)));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> router.template().requestBody("direct:chat", badArgs))
                .cause().hasMessage("messages[1].toolCalls[0].arguments must be a JSON object");
        ChatRequest unknownChoice = new ChatRequest(List.of(ChatMessage.user("Weather?")), null, null, null, null,
                Sampling.NONE, null, new ToolSet(List.of(WEATHER), ToolChoice.function("get_time"), null));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> router.template().requestBody("direct:chat",
                unknownChoice)).cause().hasMessage("tools.choice names 'get_time', which is not one of the tools");
    }

    @Test
    void gemini3GetsThePlaceholderThoughtSignatureOnCallsItDidNotMake() throws Exception {
        try (Upstreams own = new Upstreams().allHealthy(); RouterInstance gemini3 = RouterInstance.startProbed(
                own.routerPropertiesWithEveryProvider(Map.of("llm.gemini.model", "gemini-3-flash-preview")))) {
            // the model is in Gemini's path: this stub answers whatever model is asked for
            Upstreams.failAll(own.gemini, Upstreams.stream(StreamBodies.Api.GEMINI, "It is 22 C and sunny in Paris."));
            ChatRequest r = new ChatRequest(secondTurn("call_1"), null, null, null, "gemini", Sampling.NONE, null,
                    ToolSet.of(List.of(WEATHER)));
            ChatResponse answer = gemini3.template().requestBody("direct:chat", r, ChatResponse.class);
            assertThat(answer.provider()).as(answer.attempts().toString()).isEqualTo("gemini");
            assertThat(Upstreams.lastChatBody(own.gemini).at("/contents/1/parts/0/thoughtSignature").asText())
                    .isEqualTo("skip_thought_signature_validator");
        }
        // older models get none
        up.geminiOk("It is 22 C and sunny in Paris.");
        ask("gemini", secondTurn("call_1"), ToolSet.of(List.of(WEATHER)));
        assertThat(sentTo(Provider.GEMINI).at("/contents/1/parts/0").has("thoughtSignature")).isFalse();
    }

    @Test
    void strictAndOneCallAtATimeAreNamedUnmappedOnlyWhereNotSentAndOnlyWithTools() throws Exception {
        String strictTool = "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"strict\":true,"
                + "\"parameters\":" + SCHEMA + "}}]";
        up.nvidia(ToolStreams.response(StreamBodies.Api.NVIDIA, "", "get_weather", ARGS));
        HttpResponse<String> nvidia = router.postJson("/v1/chat/completions", "{\"model\":\"nemotron\",\"parallel_tool_calls\""
                + ":false," + strictTool + ",\"messages\":[{\"role\":\"user\",\"content\":\"Weather?\"}]}");
        assertThat(nvidia.headers().firstValue("X-LLM-Unmapped")).isEmpty();
        assertThat(sentTo(Provider.NEMOTRON).at("/tools/0/function/strict").asBoolean()).isTrue();

        up.claude(ToolStreams.response(StreamBodies.Api.CLAUDE, "", "get_weather", ARGS));
        HttpResponse<String> claude = router.postJson("/v1/chat/completions", "{\"model\":\"claude\",\"parallel_tool_calls\""
                + ":false," + strictTool + ",\"messages\":[{\"role\":\"user\",\"content\":\"Weather?\"}]}");
        assertThat(claude.headers().firstValue("X-LLM-Unmapped")).hasValue("strict");

        // no tools: parallel_tool_calls changes nothing, and is not named
        up.ollamaChatOk("Hi.");
        HttpResponse<String> plain = router.postJson("/v1/chat/completions", "{\"model\":\"ollama\",\"parallel_tool_calls\""
                + ":false,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
        assertThat(plain.headers().firstValue("X-LLM-Unmapped")).isEmpty();
    }

    @Test
    void theDeprecatedFunctionCallNoneMeansToolChoiceNone() throws Exception {
        up.nvidiaOk("No tools for you.");
        HttpResponse<String> r = router.postJson("/v1/chat/completions", "{\"model\":\"nemotron\",\"function_call\":\"none\","
                + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\"}}],"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Weather?\"}]}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(sentTo(Provider.NEMOTRON).path("tool_choice").asText()).isEqualTo("none");
    }

    @Test
    void aGeminiCallThatFailsIsNoAnswerAndTheNextProviderAnswers() throws Exception {
        up.gemini(Upstreams.sse("data: {\"candidates\": [{\"content\": {\"parts\": [],\"role\": \"model\"},"
                + "\"finishReason\": \"MALFORMED_FUNCTION_CALL\",\"index\": 0}],\"modelVersion\": \"gemini-2.0-flash\"}\r\n\r\n"));
        up.ollamaChat(ToolStreams.response(StreamBodies.Api.OLLAMA, "", "get_weather", ARGS));
        ChatResponse r = ask("gemini", List.of(ChatMessage.user("Weather in Paris?")), ToolSet.of(List.of(WEATHER)));
        assertThat(r.attempts()).extracting(Attempt::provider, Attempt::outcome).first()
                .isEqualTo(tuple("gemini", "failed"));
        assertThat(r.attempts().get(0).reason()).contains("Gemini stopped with MALFORMED_FUNCTION_CALL");
        assertThat(r.toolCalls()).extracting(ToolCall::name).containsExactly("get_weather");
    }

    @Test
    void inJvmToolFieldsOnTheWrongRoleOrAMisnamedResultAreTypedErrors() {
        ChatRequest callsOnUser = new ChatRequest(List.of(new ChatMessage("user", "hi", List.of(),
                List.of(new ToolCall("c1", "get_weather", "{}")), null, null)), null, null, null, null);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> router.template().requestBody("direct:chat",
                callsOnUser)).cause().hasMessage("messages[0].toolCalls are only allowed in assistant messages");
        ChatRequest misnamed = new ChatRequest(List.of(ChatMessage.user("Weather?"), ChatMessage.assistant(null,
                List.of(new ToolCall("c1", "get_weather", ARGS))), ChatMessage.tool("c1", "get_time", "12:00")),
                null, null, null, null, Sampling.NONE, null, ToolSet.of(List.of(WEATHER)));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> router.template().requestBody("direct:chat",
                misnamed)).cause().hasMessage("messages[2]: the result of call 'c1' names the function 'get_time', "
                        + "but the call was to 'get_weather'");
    }

    @Test
    void anthropicGetsAnObjectSchemaEvenForAFunctionDeclaredWithAnEmptyOne() throws Exception {
        up.claude(ToolStreams.response(StreamBodies.Api.CLAUDE, "", "get_time", "{}"));
        ask("claude", List.of(ChatMessage.user("Time?")), ToolSet.of(List.of(new Tool("get_time", null, "{}", false),
                new Tool("get_weather", null, "{\"properties\":{\"city\":{\"type\":\"string\"}}}", false))));
        JsonNode tools = sentTo(Provider.CLAUDE).path("tools");
        assertThat(tools.at("/0/input_schema")).isEqualTo(json("{\"type\":\"object\"}"));
        assertThat(tools.at("/1/input_schema")).isEqualTo(json("{\"type\":\"object\",\"properties\":{\"city\":"
                + "{\"type\":\"string\"}}}"));
    }

    @Test
    void aToolResultWithAnImageIsA400AtBothDoors() throws Exception {
        String call = "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\","
                + "\"function\":{\"name\":\"shot\",\"arguments\":\"{}\"}}]}";
        HttpResponse<String> openAi = router.postJson("/v1/chat/completions", "{\"model\":\"x\",\"messages\":["
                + "{\"role\":\"user\",\"content\":\"Look\"}," + call + ",{\"role\":\"tool\",\"tool_call_id\":\"c1\","
                + "\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,iVBORw0KGgo=\"}}]}]}");
        assertThat(openAi.statusCode()).isEqualTo(400);
        assertThat(json(openAi.body()).at("/error/param").asText()).isEqualTo("messages[2].content");
        HttpResponse<String> ollama = router.postJson("/api/chat", "{\"model\":\"x\",\"messages\":["
                + "{\"role\":\"user\",\"content\":\"Look\"},{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":"
                + "[{\"function\":{\"name\":\"shot\",\"arguments\":{}}}]},{\"role\":\"tool\",\"content\":\"\","
                + "\"images\":[\"iVBORw0KGgo=\"]}]}");
        assertThat(ollama.statusCode()).isEqualTo(400);
        assertThat(json(ollama.body()).path("error").asText()).isEqualTo(
                "messages[2].images is only allowed in user messages");
    }
}
