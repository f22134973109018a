package io.llmfailover.router.frontdoor;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmfailover.router.chat.AllProvidersFailedException;
import io.llmfailover.router.chat.Attempt;
import io.llmfailover.router.chat.ChatMessage;
import io.llmfailover.router.chat.ChatRequest;
import io.llmfailover.router.chat.ChatResponse;
import io.llmfailover.router.chat.InvalidChatRequestException;
import io.llmfailover.router.chat.RequestTimeoutException;
import io.llmfailover.router.chat.Usage;
import io.llmfailover.router.support.TestSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The OpenAI front door: request parsing, chat.completion / SSE rendering, error bodies (no Camel involved). */
class OpenAiFormatTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2025-05-04T17:37:44.706015396Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private static final List<Attempt> ATTEMPTS = List.of(
            new Attempt("ollama", "failed", "connection refused", 3),
            new Attempt("gemini", "success", null, 420));
    private static final ChatResponse RESPONSE = new ChatResponse("Hello!", "gemini", "gemini-2.0-flash", "stop",
            "STOP", Usage.of(7, 22), ATTEMPTS);

    private final OpenAiFormat format = new OpenAiFormat(JSON, CLOCK, TestSettings.defaults().providers());

    private FrontDoorRequest parse(String json) {
        return format.parse(json.getBytes(UTF_8), null);
    }

    private InvalidChatRequestException rejected(String json) {
        Throwable t = catchThrowable(() -> parse(json));
        assertThat(t).as("rejection of %s", json).isInstanceOf(InvalidChatRequestException.class);
        return (InvalidChatRequestException) t;
    }

    private static FrontDoorRequest request(boolean stream, boolean includeUsage) {
        return new FrontDoorRequest(new ChatRequest(List.of(ChatMessage.user("Hi")), null, null, null, "gpt-4o-mini"),
                stream, includeUsage, "gpt-4o-mini", FrontDoorRequest.Kind.OPENAI_CHAT);
    }

    private static JsonNode tree(byte[] body) throws Exception {
        return JSON.readTree(new String(body, UTF_8));
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> names = new ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        return names;
    }

    // ---- parsing: accepted requests ----------------------------------------------------------------------------

    @Test
    void minimalRequestBecomesOneUserMessageWithoutStreaming() {
        FrontDoorRequest req = parse("""
                {"model":"gpt-4o-mini","messages":[{"role":"user","content":"Say this is a test!"}]}""");

        assertThat(req.kind()).isEqualTo(FrontDoorRequest.Kind.OPENAI_CHAT);
        assertThat(req.stream()).isFalse();
        assertThat(req.includeUsage()).isFalse();
        assertThat(req.requestedModel()).isEqualTo("gpt-4o-mini");
        ChatRequest chat = req.chat();
        assertThat(chat.messages()).containsExactly(ChatMessage.user("Say this is a test!"));
        assertThat(chat.system()).isNull();
        assertThat(chat.model()).isEqualTo("gpt-4o-mini");
        assertThat(chat.maxTokens()).isNull();
        assertThat(chat.temperature()).isNull();
    }

    @Test
    void fullRequestKeepsTheConversationInOrderAndMapsDeveloperToSystem() {
        FrontDoorRequest req = parse("""
                {"model":"gemini","temperature":0.7,"max_tokens":256,"stream":true,
                 "stream_options":{"include_usage":true},
                 "messages":[
                   {"role":"system","content":"Be terse."},
                   {"role":"developer","content":"Answer in English."},
                   {"role":"user","content":"Hi"},
                   {"role":"assistant","content":"Hello."},
                   {"role":"user","content":"Why is the sky blue?"}]}""");

        assertThat(req.stream()).isTrue();
        assertThat(req.includeUsage()).isTrue();
        assertThat(req.chat().messages()).containsExactly(
                ChatMessage.system("Be terse."),
                ChatMessage.system("Answer in English."),
                ChatMessage.user("Hi"),
                ChatMessage.assistant("Hello."),
                ChatMessage.user("Why is the sky blue?"));
        assertThat(req.chat().system()).isNull();
        assertThat(req.chat().temperature()).isEqualTo(0.7);
        assertThat(req.chat().maxTokens()).isEqualTo(256);
        assertThat(req.chat().model()).isEqualTo("gemini");
    }

    @Test
    void textPartsAreJoinedWithNewlines() {
        FrontDoorRequest req = parse("""
                {"model":"m","messages":[{"role":"user","content":[
                  {"type":"text","text":"First part."},{"type":"text","text":"Second part."}]}]}""");

        assertThat(req.chat().messages()).containsExactly(ChatMessage.user("First part.\nSecond part."));
    }

    @Test
    void maxCompletionTokensIsAcceptedAndWinsOverMaxTokens() {
        assertThat(parse("""
                {"model":"m","max_completion_tokens":64,"messages":[{"role":"user","content":"Hi"}]}""")
                .chat().maxTokens()).isEqualTo(64);
        assertThat(parse("""
                {"model":"m","max_tokens":500,"max_completion_tokens":64,"messages":[{"role":"user","content":"Hi"}]}""")
                .chat().maxTokens()).isEqualTo(64);
    }

    @Test
    void nullOptionalFieldsCountAsNotGiven() {
        FrontDoorRequest req = parse("""
                {"model":"m","messages":[{"role":"user","content":"Hi"}],
                 "temperature":null,"max_tokens":null,"max_completion_tokens":null,"stream":null,"stream_options":null}""");

        assertThat(req.stream()).isFalse();
        assertThat(req.includeUsage()).isFalse();
        assertThat(req.chat().temperature()).isNull();
        assertThat(req.chat().maxTokens()).isNull();
    }

    @Test
    void fieldsThatDoNotChangeTheAnswerAreAcceptedAndSamplingOptionsAreRead() {
        FrontDoorRequest req = parse("""
                {"model":"m","n":1,"top_p":0.9,"user":"u-1","seed":42,"stop":"END","presence_penalty":-1,
                 "frequency_penalty":0.5,"response_format":{"type":"text"},
                 "messages":[{"role":"user","content":"Hi"}]}""");

        assertThat(req.chat().messages()).containsExactly(ChatMessage.user("Hi"));
        assertThat(req.chat().sampling()).isEqualTo(new io.llmfailover.router.chat.Sampling(0.9, null,
                java.util.List.of("END"), 42L, -1.0, 0.5, null, null, null));
    }

    @Test
    void temperatureBoundsAndWholeNumbersAreAccepted() {
        assertThat(parse("{\"model\":\"m\",\"temperature\":0,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")
                .chat().temperature()).isEqualTo(0.0);
        assertThat(parse("{\"model\":\"m\",\"temperature\":2,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")
                .chat().temperature()).isEqualTo(2.0);
        assertThat(parse("{\"model\":\"m\",\"temperature\":1.5,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")
                .chat().temperature()).isEqualTo(1.5);
    }

    @Test
    void streamWithoutStreamOptionsHasNoUsageChunk() {
        FrontDoorRequest req = parse("""
                {"model":"m","stream":true,"messages":[{"role":"user","content":"Hi"}]}""");

        assertThat(req.stream()).isTrue();
        assertThat(req.includeUsage()).isFalse();
    }

    @Test
    void nonAsciiTextSurvivesParsing() {
        FrontDoorRequest req = parse("""
                {"model":"m","messages":[{"role":"user","content":"Grüße aus Köln 👋 — 東京"}]}""");

        assertThat(req.chat().messages().get(0).content()).isEqualTo("Grüße aus Köln 👋 — 東京");
    }

    @Test
    void userTextAnywhereInTheConversationIsEnough() {
        FrontDoorRequest req = parse("""
                {"model":"m","messages":[{"role":"user","content":"  "},{"role":"assistant","content":"?"},
                  {"role":"user","content":"Really?"}]}""");

        assertThat(req.chat().messages()).hasSize(3);
    }

    // ---- parsing: rejected requests ----------------------------------------------------------------------------

    static Stream<Arguments> badRequests() {
        String user = "{\"role\":\"user\",\"content\":\"Hi\"}";
        return Stream.of(
                Arguments.of("not json", JsonFields.NOT_JSON, null),
                Arguments.of("", JsonFields.NOT_JSON, null),
                Arguments.of("   ", JsonFields.NOT_JSON, null),
                Arguments.of("{\"model\":\"m\",", JsonFields.NOT_JSON, null),
                Arguments.of("{\"model\":\"m\",\"messages\":[" + user + "]} trailing", JsonFields.NOT_JSON, null),
                Arguments.of("[1,2]", "request body must be a JSON object", null),
                Arguments.of("\"hello\"", "request body must be a JSON object", null),
                Arguments.of("null", "request body must be a JSON object", null),
                Arguments.of("{\"messages\":[" + user + "]}", "model is required", "model"),
                Arguments.of("{\"model\":null,\"messages\":[" + user + "]}", "model is required", "model"),
                Arguments.of("{\"model\":42,\"messages\":[" + user + "]}", "model must be a string", "model"),
                Arguments.of("{\"model\":\"\",\"messages\":[" + user + "]}", "model must not be empty", "model"),
                Arguments.of("{\"model\":\"  \",\"messages\":[" + user + "]}", "model must not be empty", "model"),
                Arguments.of("{\"model\":\"m\"}", "messages is required", "messages"),
                Arguments.of("{\"model\":\"m\",\"messages\":{}}", "messages must be an array", "messages"),
                Arguments.of("{\"model\":\"m\",\"messages\":\"Hi\"}", "messages must be an array", "messages"),
                Arguments.of("{\"model\":\"m\",\"messages\":[]}", "messages must not be empty", "messages"),
                Arguments.of("{\"model\":\"m\",\"messages\":[\"Hi\"]}", "messages[0] must be an object",
                        "messages[0]"),
                Arguments.of("{\"model\":\"m\",\"messages\":[{\"content\":\"Hi\"}]}", "messages[0].role is required",
                        "messages[0].role"),
                Arguments.of("{\"model\":\"m\",\"messages\":[{\"role\":1,\"content\":\"Hi\"}]}",
                        "messages[0].role must be a string", "messages[0].role"),
                Arguments.of("{\"model\":\"m\",\"messages\":[" + user + "," + user
                                + ",{\"role\":\"tool\",\"tool_call_id\":\"c1\",\"content\":\"42\"}]}",
                        "messages[2].tool_call_id 'c1' matches no earlier tool call without a result",
                        "messages[2].tool_call_id"),
                Arguments.of("{\"model\":\"m\",\"messages\":[" + user
                                + ",{\"role\":\"function\",\"name\":\"f\",\"content\":\"42\"}]}",
                        "messages[1].role: unknown role 'function' (expected system, user, assistant or tool)",
                        "messages[1].role"),
                Arguments.of("{\"model\":\"m\",\"messages\":[{\"role\":\"User\",\"content\":\"Hi\"}]}",
                        "messages[0].role: unknown role 'User' (expected system, user, assistant or tool)",
                        "messages[0].role"),
                Arguments.of("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":null}]}",
                        "messages[0].content is required", "messages[0].content"),
                Arguments.of("{\"model\":\"m\",\"messages\":[{\"role\":\"user\"}]}",
                        "messages[0].content is required", "messages[0].content"),
                Arguments.of("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":5}]}",
                        "messages[0].content must be a string or an array of text and image_url parts", "messages[0].content"),
                Arguments.of("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\","
                                + "\"text\":\"What is this?\"},{\"type\":\"image_url\",\"image_url\":{\"url\":"
                                + "\"ftp://example.com/a.png\"}}]}]}",
                        "messages[0].content[1].image_url.url must be an http(s) URL or a data: URL",
                        "messages[0].content[1].image_url.url"),
                Arguments.of("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":"
                                + "\"input_audio\",\"input_audio\":{}}]}]}",
                        "messages[0].content[0]: unsupported content part type 'input_audio' (text and image_url "
                                + "are supported)",
                        "messages[0].content[0]"),
                Arguments.of("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[\"Hi\"]}]}",
                        "messages[0].content[0] must be an object", "messages[0].content[0]"),
                Arguments.of("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"Hi\"}]}]}",
                        "messages[0].content[0].type must be a string", "messages[0].content[0].type"),
                Arguments.of("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\"}]}]}",
                        "messages[0].content[0].text must be a string", "messages[0].content[0].text"),
                Arguments.of("{\"model\":\"m\",\"messages\":[{\"role\":\"system\",\"content\":\"Be terse.\"}]}",
                        "messages must contain a user message with text", "messages"),
                Arguments.of("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"   \"},"
                                + "{\"role\":\"assistant\",\"content\":\"Hello\"}]}",
                        "messages must contain a user message with text", "messages"),
                Arguments.of("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[]}]}",
                        "messages must contain a user message with text", "messages"),
                Arguments.of("{\"model\":\"m\",\"max_tokens\":\"100\",\"messages\":[" + user + "]}",
                        "max_tokens must be an integer greater than 0", "max_tokens"),
                Arguments.of("{\"model\":\"m\",\"max_tokens\":1.5,\"messages\":[" + user + "]}",
                        "max_tokens must be an integer greater than 0", "max_tokens"),
                Arguments.of("{\"model\":\"m\",\"max_tokens\":100.0,\"messages\":[" + user + "]}",
                        "max_tokens must be an integer greater than 0", "max_tokens"),
                Arguments.of("{\"model\":\"m\",\"max_tokens\":0,\"messages\":[" + user + "]}",
                        "max_tokens must be an integer greater than 0", "max_tokens"),
                Arguments.of("{\"model\":\"m\",\"max_tokens\":-3,\"messages\":[" + user + "]}",
                        "max_tokens must be an integer greater than 0", "max_tokens"),
                Arguments.of("{\"model\":\"m\",\"max_tokens\":3000000000,\"messages\":[" + user + "]}",
                        "max_tokens must be at most 2147483647", "max_tokens"),
                Arguments.of("{\"model\":\"m\",\"max_completion_tokens\":0,\"messages\":[" + user + "]}",
                        "max_completion_tokens must be an integer greater than 0", "max_completion_tokens"),
                Arguments.of("{\"model\":\"m\",\"max_completion_tokens\":\"64\",\"messages\":[" + user + "]}",
                        "max_completion_tokens must be an integer greater than 0", "max_completion_tokens"),
                Arguments.of("{\"model\":\"m\",\"temperature\":2.5,\"messages\":[" + user + "]}",
                        "temperature must be a number between 0 and 2", "temperature"),
                Arguments.of("{\"model\":\"m\",\"temperature\":-0.1,\"messages\":[" + user + "]}",
                        "temperature must be a number between 0 and 2", "temperature"),
                Arguments.of("{\"model\":\"m\",\"temperature\":\"0.7\",\"messages\":[" + user + "]}",
                        "temperature must be a number between 0 and 2", "temperature"),
                Arguments.of("{\"model\":\"m\",\"stream\":\"true\",\"messages\":[" + user + "]}",
                        "stream must be a boolean", "stream"),
                Arguments.of("{\"model\":\"m\",\"stream\":1,\"messages\":[" + user + "]}",
                        "stream must be a boolean", "stream"),
                Arguments.of("{\"model\":\"m\",\"stream\":true,\"stream_options\":true,\"messages\":[" + user + "]}",
                        "stream_options must be an object", "stream_options"),
                Arguments.of("{\"model\":\"m\",\"stream\":true,\"stream_options\":{\"include_usage\":\"yes\"},"
                                + "\"messages\":[" + user + "]}",
                        "stream_options.include_usage must be a boolean", "stream_options.include_usage"));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("badRequests")
    void badRequestIsRejectedNamingTheField(String body, String message, String param) {
        InvalidChatRequestException e = rejected(body);

        assertThat(e.getMessage()).isEqualTo(message);
        assertThat(e.getParam()).isEqualTo(param);
        assertThat(format.status(e)).isEqualTo(400);
    }

    @Test
    void theFirstOfSeveralProblemsIsReportedForTheRightMessage() {
        InvalidChatRequestException e = rejected("""
                {"model":"m","messages":[{"role":"user","content":"Hi"},{"role":"assistant","content":"Yes"},
                  {"role":"user","content":[{"type":"text","text":"a"},{"type":"text","text":"b"},
                  {"type":"input_audio","input_audio":{}}]}]}""");

        assertThat(e.getMessage()).isEqualTo(
                "messages[2].content[2]: unsupported content part type 'input_audio' (text and image_url are supported)");
        assertThat(e.getParam()).isEqualTo("messages[2].content[2]");
    }

    @Test
    void aHugeUnknownRoleIsNotEchoedInFull() {
        String role = "x".repeat(10_000);
        InvalidChatRequestException e = rejected(
                "{\"model\":\"m\",\"messages\":[{\"role\":\"" + role + "\",\"content\":\"Hi\"}]}");

        assertThat(e.getMessage()).startsWith("messages[0].role: unknown role 'xxxx").hasSizeLessThan(200);
    }

    @Test
    void invalidJsonErrorDoesNotQuoteTheBody() {
        InvalidChatRequestException e = rejected("{\"model\":\"m\",\"api_key\":\"sk-secret\" oops}");

        assertThat(e.getMessage()).isEqualTo("request body is not valid JSON").doesNotContain("sk-secret");
    }

    // ---- rendering: chat.completion ----------------------------------------------------------------------------

    @Test
    void nonStreamAnswerIsAChatCompletion() throws Exception {
        byte[] body = Rendered.render(format, request(false, false), RESPONSE);
        JsonNode json = tree(body);

        assertThat(fieldNames(json)).containsExactly("id", "object", "created", "model", "choices", "usage",
                "system_fingerprint");
        assertThat(json.get("id").asText()).matches("chatcmpl-[A-Za-z0-9]{20,}");
        assertThat(json.get("object").asText()).isEqualTo("chat.completion");
        assertThat(json.get("created").isIntegralNumber()).isTrue();
        assertThat(json.get("created").asLong()).isEqualTo(NOW.getEpochSecond());
        assertThat(json.get("model").asText()).as("the model that really answered").isEqualTo("gemini-2.0-flash");
        assertThat(json.get("system_fingerprint").isNull()).isTrue();

        assertThat(json.get("choices")).hasSize(1);
        JsonNode choice = json.get("choices").get(0);
        assertThat(fieldNames(choice)).containsExactly("index", "message", "logprobs", "finish_reason");
        assertThat(choice.get("index").asInt()).isZero();
        assertThat(choice.get("logprobs").isNull()).isTrue();
        assertThat(choice.get("finish_reason").asText()).isEqualTo("stop");
        JsonNode message = choice.get("message");
        assertThat(fieldNames(message)).containsExactly("role", "content", "refusal");
        assertThat(message.get("role").asText()).isEqualTo("assistant");
        assertThat(message.get("content").asText()).isEqualTo("Hello!");
        assertThat(message.get("refusal").isNull()).isTrue();

        JsonNode usage = json.get("usage");
        assertThat(usage.get("prompt_tokens").asLong()).isEqualTo(7);
        assertThat(usage.get("completion_tokens").asLong()).isEqualTo(22);
        assertThat(usage.get("total_tokens").asLong()).isEqualTo(29);

        assertThat(format.contentType(request(false, false))).isEqualTo("application/json");
    }

    @Test
    void nullFieldsStayInTheBodyEvenWithTheRoutersNonNullMapper() throws Exception {
        ObjectMapper nonNull = new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL);
        JsonNode json = tree(Rendered.render(new OpenAiFormat(nonNull, CLOCK, TestSettings.defaults().providers()), request(false, false), RESPONSE));

        assertThat(json.at("/choices/0/message").has("refusal")).isTrue();
        assertThat(json.at("/choices/0").has("logprobs")).isTrue();
        assertThat(json.has("system_fingerprint")).isTrue();
    }

    @Test
    void finishReasonOfTheAnswerIsPassedOn() throws Exception {
        ChatResponse cut = new ChatResponse("Once upon", "claude", "claude-haiku-4-5-20251001", "length",
                "max_tokens", Usage.of(5, 2), List.of(new Attempt("claude", "success", null, 300)));

        JsonNode json = tree(Rendered.render(format, request(false, false), cut));

        assertThat(json.at("/choices/0/finish_reason").asText()).isEqualTo("length");
        assertThat(json.get("model").asText()).isEqualTo("claude-haiku-4-5-20251001");
    }

    @Test
    void everyAnswerGetsItsOwnId() throws Exception {
        String a = tree(Rendered.render(format, request(false, false), RESPONSE)).get("id").asText();
        String b = tree(Rendered.render(format, request(false, false), RESPONSE)).get("id").asText();

        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void answerTextIsUtf8AndEscapedProperly() throws Exception {
        String text = "Line 1\nLine \"2\"\twith Grüße 👋 and \\ backslash";
        ChatResponse resp = new ChatResponse(text, "ollama", "llama3.2:3b", "stop", "stop", Usage.of(1, 2),
                List.of(new Attempt("ollama", "success", null, 50)));

        byte[] body = Rendered.render(format, request(false, false), resp);

        assertThat(tree(body).at("/choices/0/message/content").asText()).isEqualTo(text);
        assertThat(new String(body, UTF_8)).as("raw UTF-8, not ASCII escapes").contains("Grüße");
    }

    // ---- rendering: SSE stream ---------------------------------------------------------------------------------

    /** What openai-node's stream reader does: events split on blank lines, "data: " stripped, stop at [DONE]. */
    private static List<JsonNode> readSse(byte[] body) throws Exception {
        String text = new String(body, UTF_8);
        List<JsonNode> chunks = new ArrayList<>();
        boolean done = false;
        for (String event : text.split("\n\n")) {
            if (event.isEmpty()) {
                continue;
            }
            assertThat(event.lines()).as("one data line per event").hasSize(1);
            assertThat(event).startsWith("data: ");
            String data = event.substring("data: ".length());
            if (data.equals("[DONE]")) {
                done = true;
                break;
            }
            JsonNode chunk = JSON.readTree(data);
            assertThat(chunk.has("error")).as("no in-stream error").isFalse();
            chunks.add(chunk);
        }
        assertThat(done).as("stream ends with [DONE]").isTrue();
        return chunks;
    }

    private static String concatenatedContent(List<JsonNode> chunks) {
        StringBuilder sb = new StringBuilder();
        for (JsonNode c : chunks) {
            for (JsonNode choice : c.path("choices")) {
                JsonNode content = choice.path("delta").path("content");
                if (content.isTextual()) {
                    sb.append(content.asText());
                }
            }
        }
        return sb.toString();
    }

    @Test
    void streamIsRoleChunkThenTextThenFinishThenDone() throws Exception {
        FrontDoorRequest req = request(true, false);
        byte[] body = Rendered.render(format, req, RESPONSE);
        List<JsonNode> chunks = readSse(body);

        assertThat(format.contentType(req)).isEqualTo("text/event-stream");
        assertThat(new String(body, UTF_8)).startsWith("data: {").endsWith("\n\ndata: [DONE]\n\n");
        assertThat(chunks).hasSize(3);
        assertThat(concatenatedContent(chunks)).isEqualTo("Hello!");

        String id = chunks.get(0).get("id").asText();
        assertThat(id).matches("chatcmpl-[A-Za-z0-9]{20,}");
        for (JsonNode c : chunks) {
            assertThat(c.get("id").asText()).isEqualTo(id);
            assertThat(c.get("object").asText()).isEqualTo("chat.completion.chunk");
            assertThat(c.get("created").asLong()).isEqualTo(NOW.getEpochSecond());
            assertThat(c.get("model").asText()).isEqualTo("gemini-2.0-flash");
            assertThat(c.has("usage")).as("no usage field without include_usage").isFalse();
            assertThat(c.get("choices")).hasSize(1);
            assertThat(c.at("/choices/0/index").asInt()).isZero();
        }
        JsonNode first = chunks.get(0).at("/choices/0");
        assertThat(fieldNames(first.get("delta"))).containsExactly("role", "content");
        assertThat(first.at("/delta/role").asText()).isEqualTo("assistant");
        assertThat(first.at("/delta/content").asText()).isEmpty();
        assertThat(first.get("finish_reason").isNull()).isTrue();

        JsonNode text = chunks.get(1).at("/choices/0");
        assertThat(fieldNames(text.get("delta"))).containsExactly("content");
        assertThat(text.get("finish_reason").isNull()).isTrue();

        JsonNode finish = chunks.get(2).at("/choices/0");
        assertThat(finish.get("delta").isObject()).isTrue();
        assertThat(finish.get("delta").isEmpty()).isTrue();
        assertThat(finish.get("finish_reason").asText()).isEqualTo("stop");
    }

    @Test
    void streamWithIncludeUsageEndsWithAUsageChunk() throws Exception {
        List<JsonNode> chunks = readSse(Rendered.render(format, request(true, true), RESPONSE));

        assertThat(chunks).hasSize(4);
        assertThat(concatenatedContent(chunks)).isEqualTo("Hello!");
        for (JsonNode c : chunks.subList(0, 3)) {
            assertThat(c.has("usage")).isTrue();
            assertThat(c.get("usage").isNull()).as("usage:null on the other chunks").isTrue();
        }
        JsonNode usageChunk = chunks.get(3);
        assertThat(usageChunk.get("id").asText()).isEqualTo(chunks.get(0).get("id").asText());
        assertThat(usageChunk.get("object").asText()).isEqualTo("chat.completion.chunk");
        assertThat(usageChunk.get("choices").isArray()).isTrue();
        assertThat(usageChunk.get("choices")).isEmpty();
        assertThat(usageChunk.at("/usage/prompt_tokens").asLong()).isEqualTo(7);
        assertThat(usageChunk.at("/usage/completion_tokens").asLong()).isEqualTo(22);
        assertThat(usageChunk.at("/usage/total_tokens").asLong()).isEqualTo(29);
        assertThat(chunks.get(2).at("/choices/0/finish_reason").asText()).isEqualTo("stop");
    }

    @Test
    void multiLineAnswerStaysInOneStreamEvent() throws Exception {
        String text = "First line.\n\nSecond paragraph.\r\nThird: 東京 👋";
        ChatResponse resp = new ChatResponse(text, "ollama", "llama3.2:3b", "stop", "stop", Usage.of(3, 9),
                List.of(new Attempt("ollama", "success", null, 80)));

        List<JsonNode> chunks = readSse(Rendered.render(format, request(true, false), resp));

        assertThat(chunks).hasSize(3);
        assertThat(concatenatedContent(chunks)).isEqualTo(text);
    }

    @Test
    void streamedAndParsedRequestRoundTrip() throws Exception {
        FrontDoorRequest req = parse("""
                {"model":"auto","stream":true,"stream_options":{"include_usage":true},
                 "messages":[{"role":"user","content":"Hi"}]}""");

        List<JsonNode> chunks = readSse(Rendered.render(format, req, RESPONSE));

        assertThat(format.contentType(req)).isEqualTo("text/event-stream");
        assertThat(chunks).hasSize(4);
        assertThat(chunks.get(0).get("model").asText()).isEqualTo("gemini-2.0-flash");
    }

    // ---- errors ------------------------------------------------------------------------------------------------

    private JsonNode errorOf(Throwable e) throws Exception {
        JsonNode json = tree(format.error(e));
        assertThat(fieldNames(json)).containsExactly("error");
        assertThat(fieldNames(json.get("error"))).containsExactly("message", "type", "param", "code");
        return json.get("error");
    }

    @Test
    void invalidRequestIs400WithTheParam() throws Exception {
        InvalidChatRequestException e = rejected("""
                {"model":"m","messages":[{"role":"user","content":"Hi"},{"role":"user","content":"Hi"},
                  {"role":"robot","content":"42"}]}""");

        assertThat(format.status(e)).isEqualTo(400);
        JsonNode error = errorOf(e);
        assertThat(error.get("message").asText())
                .isEqualTo("messages[2].role: unknown role 'robot' (expected system, user, assistant or tool)");
        assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.get("param").asText()).isEqualTo("messages[2].role");
        assertThat(error.get("code").isNull()).isTrue();
    }

    @Test
    void invalidJsonIs400WithoutParam() throws Exception {
        InvalidChatRequestException e = rejected("{");

        assertThat(format.status(e)).isEqualTo(400);
        JsonNode error = errorOf(e);
        assertThat(error.get("message").asText()).isEqualTo("request body is not valid JSON");
        assertThat(error.get("param").isNull()).isTrue();
    }

    @Test
    void unauthorizedIs401InvalidApiKey() throws Exception {
        UnauthorizedException e = new UnauthorizedException("missing or wrong API key");

        assertThat(format.status(e)).isEqualTo(401);
        JsonNode error = errorOf(e);
        assertThat(error.get("message").asText()).isEqualTo("missing or wrong API key");
        assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.get("param").isNull()).isTrue();
        assertThat(error.get("code").asText()).isEqualTo("invalid_api_key");
    }

    @Test
    void tooLargeIs413() throws Exception {
        RequestTooLargeException e = new RequestTooLargeException(1_048_576);

        assertThat(format.status(e)).isEqualTo(413);
        JsonNode error = errorOf(e);
        assertThat(error.get("message").asText())
                .isEqualTo("request body is larger than llm.http.max-body (1048576 bytes)");
        assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
    }

    @Test
    void timeoutIs504NotTheGeneric502() throws Exception {
        RequestTimeoutException e = new RequestTimeoutException(30_000, ATTEMPTS);

        assertThat(format.status(e)).isEqualTo(504);
        JsonNode error = errorOf(e);
        assertThat(error.get("message").asText()).startsWith("no answer within llm.request-timeout (30000 ms)");
        assertThat(error.get("type").asText()).isEqualTo("api_error");
        assertThat(error.get("code").asText()).isEqualTo("timeout");
    }

    @Test
    void allProvidersFailedIs502ListingEachAttempt() throws Exception {
        AllProvidersFailedException e = new AllProvidersFailedException(List.of(
                new Attempt("ollama", "failed", "connection refused", 3),
                new Attempt("gemini", "skipped", "daily quota spent", 0),
                new Attempt("nemotron", "failed", "HTTP 429: Too Many Requests", 120)));

        assertThat(format.status(e)).isEqualTo(502);
        JsonNode error = errorOf(e);
        assertThat(error.get("message").asText()).isEqualTo(e.getMessage())
                .contains("ollama failed (connection refused)")
                .contains("gemini skipped (daily quota spent)")
                .contains("nemotron failed (HTTP 429: Too Many Requests)");
        assertThat(error.get("type").asText()).isEqualTo("api_error");
        assertThat(error.get("code").asText()).isEqualTo("all_providers_failed");
    }

    @Test
    void anythingElseIs500WithoutLeakingDetails() throws Exception {
        IllegalStateException e = new IllegalStateException("redis password hunter2 rejected at 10.0.0.5");

        assertThat(format.status(e)).isEqualTo(500);
        String body = new String(format.error(e), UTF_8);
        assertThat(body).doesNotContain("hunter2").doesNotContain("IllegalStateException")
                .doesNotContain("10.0.0.5");
        JsonNode error = errorOf(e);
        assertThat(error.get("message").asText()).isEqualTo("internal error");
        assertThat(error.get("type").asText()).isEqualTo("api_error");
        assertThat(error.get("param").isNull()).isTrue();
        assertThat(error.get("code").isNull()).isTrue();
    }

    @Test
    void missingExceptionIsA500Too() throws Exception {
        assertThat(format.status(null)).isEqualTo(500);
        assertThat(errorOf(null).get("message").asText()).isEqualTo("internal error");
    }

    @Test
    void aKnownExceptionWrappedByTheFrameworkKeepsItsStatus() throws Exception {
        RuntimeException wrapped = new RuntimeException("wrapper with internals",
                new InvalidChatRequestException("model is required", "model"));

        assertThat(format.status(wrapped)).isEqualTo(400);
        JsonNode error = errorOf(wrapped);
        assertThat(error.get("message").asText()).isEqualTo("model is required");
        assertThat(error.get("param").asText()).isEqualTo("model");
    }
}
