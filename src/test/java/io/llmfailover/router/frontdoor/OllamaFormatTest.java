package io.llmfailover.router.frontdoor;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

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
import io.llmfailover.router.settings.RouterSettings;
import io.llmfailover.router.support.TestSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The Ollama front door: /api/chat and /api/generate parsing and rendering, /api/tags, /api/version, errors. */
class OllamaFormatTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2025-05-04T17:37:44.706015396Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final RouterSettings DEFAULTS = TestSettings.defaults();

    private static final List<Attempt> ATTEMPTS = List.of(
            new Attempt("ollama", "failed", "connection refused", 3),
            new Attempt("gemini", "success", null, 420));
    private static final ChatResponse RESPONSE = new ChatResponse("Hello!", "gemini", "gemini-2.0-flash", "stop",
            "STOP", Usage.of(7, 22), ATTEMPTS);

    private final OllamaFormat format = new OllamaFormat(JSON, CLOCK, DEFAULTS.providers());

    private FrontDoorRequest chat(String json) {
        return format.parseChat(json.getBytes(UTF_8), null);
    }

    private FrontDoorRequest generate(String json) {
        return format.parseGenerate(json.getBytes(UTF_8), null);
    }

    private static InvalidChatRequestException rejected(Runnable call) {
        Throwable t = catchThrowable(call::run);
        assertThat(t).isInstanceOf(InvalidChatRequestException.class);
        return (InvalidChatRequestException) t;
    }

    private static FrontDoorRequest request(FrontDoorRequest.Kind kind, boolean stream) {
        return new FrontDoorRequest(ChatRequest.ofPrompt("Hi"), stream, false, "llama3.2", kind);
    }

    private static JsonNode tree(byte[] body) throws Exception {
        return JSON.readTree(new String(body, UTF_8));
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> names = new ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        return names;
    }

    // ---- /api/chat parsing -------------------------------------------------------------------------------------

    @Test
    void chatStreamsByDefault() {
        FrontDoorRequest req = chat("""
                {"model":"llama3.2","messages":[{"role":"user","content":"why is the sky blue?"}]}""");

        assertThat(req.kind()).isEqualTo(FrontDoorRequest.Kind.OLLAMA_CHAT);
        assertThat(req.stream()).isTrue();
        assertThat(req.includeUsage()).isFalse();
        assertThat(req.requestedModel()).isEqualTo("llama3.2");
        assertThat(req.chat().model()).isEqualTo("llama3.2");
        assertThat(req.chat().messages()).containsExactly(ChatMessage.user("why is the sky blue?"));
        assertThat(req.chat().system()).isNull();
        assertThat(req.chat().maxTokens()).isNull();
        assertThat(req.chat().temperature()).isNull();
    }

    @Test
    void chatStreamNullMeansDefaultAndFalseIsHonoured() {
        assertThat(chat("""
                {"model":"m","stream":null,"messages":[{"role":"user","content":"Hi"}]}""").stream()).isTrue();
        assertThat(chat("""
                {"model":"m","stream":false,"messages":[{"role":"user","content":"Hi"}]}""").stream()).isFalse();
        assertThat(chat("""
                {"model":"m","stream":true,"messages":[{"role":"user","content":"Hi"}]}""").stream()).isTrue();
    }

    @Test
    void chatKeepsTheConversationAndSystemMessagesInOrder() {
        FrontDoorRequest req = chat("""
                {"model":"m","stream":false,"keep_alive":"5m","format":"","messages":[
                  {"role":"system","content":"Be terse."},
                  {"role":"user","content":"Hi"},
                  {"role":"assistant","content":"Hello.","images":[]},
                  {"role":"user","content":"Why?","images":null}],
                 "options":{"temperature":0.2,"num_predict":128,"top_k":40,"num_ctx":4096}}""");

        assertThat(req.chat().messages()).containsExactly(
                ChatMessage.system("Be terse."),
                ChatMessage.user("Hi"),
                ChatMessage.assistant("Hello."),
                ChatMessage.user("Why?"));
        assertThat(req.chat().system()).isNull();
        assertThat(req.chat().temperature()).isEqualTo(0.2);
        assertThat(req.chat().maxTokens()).isEqualTo(128);
    }

    @Test
    void numPredictMinusOneMeansNoLimit() {
        FrontDoorRequest req = chat("""
                {"model":"m","options":{"num_predict":-1},"messages":[{"role":"user","content":"Hi"}]}""");

        assertThat(req.chat().maxTokens()).isNull();
    }

    @Test
    void emptyOrNullOptionsAreFine() {
        assertThat(chat("""
                {"model":"m","options":{},"messages":[{"role":"user","content":"Hi"}]}""").chat().maxTokens()).isNull();
        assertThat(chat("""
                {"model":"m","options":null,"messages":[{"role":"user","content":"Hi"}]}""").chat().temperature())
                .isNull();
    }

    // ---- /api/generate parsing ---------------------------------------------------------------------------------

    @Test
    void generatePromptBecomesOneUserMessageAndSystemTheSystemPrompt() {
        FrontDoorRequest req = generate("""
                {"model":"llama3.2","prompt":"Why is the sky blue?","stream":false,"system":"You are terse.",
                 "options":{"temperature":0.2,"num_predict":128},"keep_alive":"5m"}""");

        assertThat(req.kind()).isEqualTo(FrontDoorRequest.Kind.OLLAMA_GENERATE);
        assertThat(req.stream()).isFalse();
        assertThat(req.requestedModel()).isEqualTo("llama3.2");
        assertThat(req.chat().messages()).containsExactly(ChatMessage.user("Why is the sky blue?"));
        assertThat(req.chat().system()).isEqualTo("You are terse.");
        assertThat(req.chat().temperature()).isEqualTo(0.2);
        assertThat(req.chat().maxTokens()).isEqualTo(128);
        assertThat(req.chat().model()).isEqualTo("llama3.2");
    }

    @Test
    void generateStreamsByDefaultAndHasNoSystemUnlessGiven() {
        FrontDoorRequest req = generate("""
                {"model":"m","prompt":"Hi"}""");

        assertThat(req.stream()).isTrue();
        assertThat(req.chat().system()).isNull();
        assertThat(generate("""
                {"model":"m","prompt":"Hi","system":"  "}""").chat().system()).isNull();
        assertThat(generate("""
                {"model":"m","prompt":"Hi","images":[]}""").chat().messages()).hasSize(1);
    }

    // ---- parse errors ------------------------------------------------------------------------------------------

    static Stream<Arguments> badChatRequests() {
        String user = "{\"role\":\"user\",\"content\":\"Hi\"}";
        return Stream.of(
                Arguments.of("not json", "request body is not valid JSON", null),
                Arguments.of("", "request body is not valid JSON", null),
                Arguments.of("[]", "request body must be a JSON object", null),
                Arguments.of("{\"messages\":[" + user + "]}", "model is required", "model"),
                Arguments.of("{\"model\":\"\",\"messages\":[" + user + "]}", "model must not be empty", "model"),
                Arguments.of("{\"model\":7,\"messages\":[" + user + "]}", "model must be a string", "model"),
                Arguments.of("{\"model\":\"m\"}", "messages is required", "messages"),
                Arguments.of("{\"model\":\"m\",\"messages\":[]}", "messages must not be empty", "messages"),
                Arguments.of("{\"model\":\"m\",\"messages\":\"Hi\"}", "messages must be an array", "messages"),
                Arguments.of("{\"model\":\"m\",\"messages\":[42]}", "messages[0] must be an object", "messages[0]"),
                Arguments.of("{\"model\":\"m\",\"messages\":[{\"content\":\"Hi\"}]}", "messages[0].role is required",
                        "messages[0].role"),
                Arguments.of("{\"model\":\"m\",\"messages\":[" + user + "," + user
                                + ",{\"role\":\"tool\",\"content\":\"42\",\"tool_name\":\"f\"}]}",
                        "messages[2].tool_name: this tool result matches no earlier tool call of 'f' without a result",
                        "messages[2].tool_name"),
                Arguments.of("{\"model\":\"m\",\"messages\":[{\"role\":\"developer\",\"content\":\"x\"}," + user + "]}",
                        "messages[0].role: unknown role 'developer' (expected system, user, assistant or tool)",
                        "messages[0].role"),
                Arguments.of("{\"model\":\"m\",\"messages\":[{\"role\":\"user\"}]}", "messages[0].content is required",
                        "messages[0].content"),
                Arguments.of("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":null}]}",
                        "messages[0].content is required", "messages[0].content"),
                Arguments.of("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\","
                                + "\"text\":\"Hi\"}]}]}",
                        "messages[0].content must be a string", "messages[0].content"),
                Arguments.of("{\"model\":\"m\",\"messages\":[" + user
                                + ",{\"role\":\"user\",\"content\":\"What is in this picture?\","
                                + "\"images\":[\"aGVsbG8=\"]}]}",
                        "messages[1].images[0] is not a PNG, JPEG, GIF or WebP image", "messages[1].images[0]"),
                Arguments.of("{\"model\":\"m\",\"messages\":[{\"role\":\"system\",\"content\":\"Be terse.\"}]}",
                        "messages must contain a user message with text", "messages"),
                Arguments.of("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"\"}]}",
                        "messages must contain a user message with text", "messages"),
                Arguments.of("{\"model\":\"m\",\"stream\":\"false\",\"messages\":[" + user + "]}",
                        "stream must be a boolean", "stream"),
                Arguments.of("{\"model\":\"m\",\"options\":[],\"messages\":[" + user + "]}",
                        "options must be an object", "options"),
                Arguments.of("{\"model\":\"m\",\"options\":{\"temperature\":3},\"messages\":[" + user + "]}",
                        "options.temperature must be a number between 0 and 2", "options.temperature"),
                Arguments.of("{\"model\":\"m\",\"options\":{\"temperature\":\"hot\"},\"messages\":[" + user + "]}",
                        "options.temperature must be a number between 0 and 2", "options.temperature"),
                Arguments.of("{\"model\":\"m\",\"options\":{\"num_predict\":0},\"messages\":[" + user + "]}",
                        "options.num_predict must be an integer greater than 0 (or -1 for no limit)",
                        "options.num_predict"),
                Arguments.of("{\"model\":\"m\",\"options\":{\"num_predict\":-2},\"messages\":[" + user + "]}",
                        "options.num_predict must be an integer greater than 0 (or -1 for no limit)",
                        "options.num_predict"),
                Arguments.of("{\"model\":\"m\",\"options\":{\"num_predict\":12.5},\"messages\":[" + user + "]}",
                        "options.num_predict must be an integer greater than 0 (or -1 for no limit)",
                        "options.num_predict"),
                Arguments.of("{\"model\":\"m\",\"options\":{\"num_predict\":\"128\"},\"messages\":[" + user + "]}",
                        "options.num_predict must be an integer greater than 0 (or -1 for no limit)",
                        "options.num_predict"),
                Arguments.of("{\"model\":\"m\",\"options\":{\"num_predict\":9999999999},\"messages\":[" + user + "]}",
                        "options.num_predict must be at most 2147483647", "options.num_predict"));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("badChatRequests")
    void badChatRequestIsRejectedNamingTheField(String body, String message, String param) {
        InvalidChatRequestException e = rejected(() -> chat(body));

        assertThat(e.getMessage()).isEqualTo(message);
        assertThat(e.getParam()).isEqualTo(param);
        assertThat(format.status(e)).isEqualTo(400);
    }

    static Stream<Arguments> badGenerateRequests() {
        return Stream.of(
                Arguments.of("{\"model\":\"m\",\"prompt\":\"Hi\"", "request body is not valid JSON", null),
                Arguments.of("42", "request body must be a JSON object", null),
                Arguments.of("{\"prompt\":\"Hi\"}", "model is required", "model"),
                Arguments.of("{\"model\":\" \",\"prompt\":\"Hi\"}", "model must not be empty", "model"),
                Arguments.of("{\"model\":\"m\"}", "prompt is required", "prompt"),
                Arguments.of("{\"model\":\"m\",\"prompt\":null}", "prompt is required", "prompt"),
                Arguments.of("{\"model\":\"m\",\"prompt\":\"\"}", "prompt must not be empty", "prompt"),
                Arguments.of("{\"model\":\"m\",\"prompt\":\" \\n \"}", "prompt must not be empty", "prompt"),
                Arguments.of("{\"model\":\"m\",\"prompt\":[\"Hi\"]}", "prompt must be a string", "prompt"),
                Arguments.of("{\"model\":\"m\",\"prompt\":\"Hi\",\"system\":1}", "system must be a string", "system"),
                Arguments.of("{\"model\":\"m\",\"prompt\":\"What is this?\",\"images\":[\"aGVsbG8=\"]}",
                        "images[0] is not a PNG, JPEG, GIF or WebP image", "images[0]"),
                Arguments.of("{\"model\":\"m\",\"prompt\":\"Hi\",\"stream\":0}", "stream must be a boolean", "stream"),
                Arguments.of("{\"model\":\"m\",\"prompt\":\"Hi\",\"options\":\"fast\"}", "options must be an object",
                        "options"),
                Arguments.of("{\"model\":\"m\",\"prompt\":\"Hi\",\"options\":{\"temperature\":-1}}",
                        "options.temperature must be a number between 0 and 2", "options.temperature"),
                Arguments.of("{\"model\":\"m\",\"prompt\":\"Hi\",\"options\":{\"num_predict\":0}}",
                        "options.num_predict must be an integer greater than 0 (or -1 for no limit)",
                        "options.num_predict"));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("badGenerateRequests")
    void badGenerateRequestIsRejectedNamingTheField(String body, String message, String param) {
        InvalidChatRequestException e = rejected(() -> generate(body));

        assertThat(e.getMessage()).isEqualTo(message);
        assertThat(e.getParam()).isEqualTo(param);
        assertThat(format.status(e)).isEqualTo(400);
    }

    // ---- rendering: one object ---------------------------------------------------------------------------------

    @Test
    void chatAnswerHasMessageDoneAndMetricsInNanoseconds() throws Exception {
        FrontDoorRequest req = request(FrontDoorRequest.Kind.OLLAMA_CHAT, false);
        JsonNode json = tree(Rendered.render(format, req, RESPONSE));

        assertThat(format.contentType(req)).isEqualTo("application/json; charset=utf-8");
        assertThat(fieldNames(json)).containsExactly("model", "created_at", "message", "done", "done_reason",
                "total_duration", "load_duration", "prompt_eval_count", "prompt_eval_duration", "eval_count",
                "eval_duration");
        assertThat(json.get("model").asText()).as("the model that really answered").isEqualTo("gemini-2.0-flash");
        assertThat(json.get("created_at").asText()).isEqualTo("2025-05-04T17:37:44.706015396Z");
        assertThat(OffsetDateTime.parse(json.get("created_at").asText()).toInstant()).isEqualTo(NOW);
        assertThat(fieldNames(json.get("message"))).containsExactly("role", "content");
        assertThat(json.at("/message/role").asText()).isEqualTo("assistant");
        assertThat(json.at("/message/content").asText()).isEqualTo("Hello!");
        assertThat(json.get("done").asBoolean()).isTrue();
        assertThat(json.get("done_reason").asText()).isEqualTo("stop");
        assertThat(json.get("total_duration").asLong()).as("both attempts").isEqualTo(423_000_000L);
        assertThat(json.get("load_duration").asLong()).isZero();
        assertThat(json.get("prompt_eval_count").asLong()).isEqualTo(7);
        assertThat(json.get("prompt_eval_duration").asLong()).isZero();
        assertThat(json.get("eval_count").asLong()).isEqualTo(22);
        assertThat(json.get("eval_duration").asLong()).as("the answering attempt").isEqualTo(420_000_000L);
        // what `ollama run --verbose` shows as the eval rate
        double tokensPerSecond = json.get("eval_count").asDouble() / json.get("eval_duration").asDouble() * 1e9;
        assertThat(tokensPerSecond).isBetween(52.3, 52.4);
    }

    @Test
    void generateAnswerHasResponseInsteadOfMessageAndNoContext() throws Exception {
        JsonNode json = tree(Rendered.render(format, request(FrontDoorRequest.Kind.OLLAMA_GENERATE, false), RESPONSE));

        assertThat(fieldNames(json)).containsExactly("model", "created_at", "response", "done", "done_reason",
                "total_duration", "load_duration", "prompt_eval_count", "prompt_eval_duration", "eval_count",
                "eval_duration");
        assertThat(json.get("response").asText()).isEqualTo("Hello!");
        assertThat(json.has("message")).isFalse();
        assertThat(json.has("context")).isFalse();
        assertThat(json.get("done").asBoolean()).isTrue();
        assertThat(json.get("eval_count").asLong()).isEqualTo(22);
    }

    @Test
    void doneReasonIsLengthOnlyForATruncatedAnswer() throws Exception {
        ChatResponse cut = new ChatResponse("Once upon", "claude", "claude-haiku-4-5-20251001", "length",
                "max_tokens", Usage.of(5, 2), List.of(new Attempt("claude", "success", null, 300)));
        ChatResponse filtered = new ChatResponse("", "gemini", "gemini-2.0-flash", "content_filter", "SAFETY",
                Usage.of(5, 0), List.of(new Attempt("gemini", "success", null, 100)));
        FrontDoorRequest req = request(FrontDoorRequest.Kind.OLLAMA_CHAT, false);

        assertThat(tree(Rendered.render(format, req, cut)).get("done_reason").asText()).isEqualTo("length");
        assertThat(tree(Rendered.render(format, req, filtered)).get("done_reason").asText()).isEqualTo("stop");
    }

    @Test
    void answerTextIsUtf8AndEscaped() throws Exception {
        String text = "Line 1\nLine \"2\" — Grüße 👋";
        ChatResponse resp = new ChatResponse(text, "ollama", "llama3.2:3b", "stop", "stop", Usage.of(1, 2),
                List.of(new Attempt("ollama", "success", null, 50)));

        byte[] body = Rendered.render(format, request(FrontDoorRequest.Kind.OLLAMA_CHAT, false), resp);

        assertThat(tree(body).at("/message/content").asText()).isEqualTo(text);
        assertThat(new String(body, UTF_8)).as("raw UTF-8, not ASCII escapes").contains("Grüße");
    }

    // ---- rendering: NDJSON stream ------------------------------------------------------------------------------

    /** What ollama-js does: split on newlines, parse each line, throw on "error", require a final done:true. */
    private static List<JsonNode> readNdjson(byte[] body) throws Exception {
        String text = new String(body, UTF_8);
        assertThat(text).endsWith("}\n");
        List<JsonNode> lines = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            JsonNode obj = JSON.readTree(line);
            assertThat(obj.isObject()).isTrue();
            assertThat(obj.has("error")).as("no error line").isFalse();
            lines.add(obj);
        }
        assertThat(lines).isNotEmpty();
        assertThat(lines.get(lines.size() - 1).path("done").asBoolean())
                .as("Did not receive done or success response in stream.").isTrue();
        return lines;
    }

    @Test
    void chatStreamIsTheTextThenADoneLineWithMetrics() throws Exception {
        FrontDoorRequest req = request(FrontDoorRequest.Kind.OLLAMA_CHAT, true);
        List<JsonNode> lines = readNdjson(Rendered.render(format, req, RESPONSE));

        assertThat(format.contentType(req)).isEqualTo("application/x-ndjson");
        assertThat(lines).hasSize(2);
        StringBuilder content = new StringBuilder();
        for (JsonNode line : lines) {
            assertThat(line.get("model").asText()).isEqualTo("gemini-2.0-flash");
            assertThat(line.get("created_at").asText()).isEqualTo("2025-05-04T17:37:44.706015396Z");
            assertThat(line.at("/message/role").asText()).isEqualTo("assistant");
            content.append(line.at("/message/content").asText());
        }
        assertThat(content.toString()).isEqualTo("Hello!");

        JsonNode first = lines.get(0);
        assertThat(fieldNames(first)).containsExactly("model", "created_at", "message", "done");
        assertThat(first.get("done").asBoolean()).isFalse();
        assertThat(first.at("/message/content").asText()).isEqualTo("Hello!");

        JsonNode last = lines.get(1);
        assertThat(last.at("/message/content").asText()).isEmpty();
        assertThat(last.get("done_reason").asText()).isEqualTo("stop");
        assertThat(last.get("total_duration").asLong()).isEqualTo(423_000_000L);
        assertThat(last.get("prompt_eval_count").asLong()).isEqualTo(7);
        assertThat(last.get("eval_count").asLong()).isEqualTo(22);
        assertThat(last.get("eval_duration").asLong()).isEqualTo(420_000_000L);
        assertThat(last.get("load_duration").asLong()).isZero();
        assertThat(last.get("prompt_eval_duration").asLong()).isZero();
    }

    @Test
    void generateStreamUsesResponseLines() throws Exception {
        FrontDoorRequest req = request(FrontDoorRequest.Kind.OLLAMA_GENERATE, true);
        List<JsonNode> lines = readNdjson(Rendered.render(format, req, RESPONSE));

        assertThat(format.contentType(req)).isEqualTo("application/x-ndjson");
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0).get("response").asText()).isEqualTo("Hello!");
        assertThat(lines.get(0).get("done").asBoolean()).isFalse();
        assertThat(lines.get(1).get("response").asText()).isEmpty();
        assertThat(lines.get(1).get("done_reason").asText()).isEqualTo("stop");
        assertThat(lines.get(1).get("eval_count").asLong()).isEqualTo(22);
        assertThat(lines).allSatisfy(l -> assertThat(l.has("message")).isFalse());
    }

    @Test
    void multiLineAnswerStaysOnOneNdjsonLine() throws Exception {
        String text = "First.\n\nSecond.\r\nThird 東京";
        ChatResponse resp = new ChatResponse(text, "ollama", "llama3.2:3b", "length", "length", Usage.of(3, 9),
                List.of(new Attempt("ollama", "success", null, 80)));

        List<JsonNode> lines = readNdjson(Rendered.render(format, request(FrontDoorRequest.Kind.OLLAMA_CHAT, true), resp));

        assertThat(lines).hasSize(2);
        assertThat(lines.get(0).at("/message/content").asText()).isEqualTo(text);
        assertThat(lines.get(1).get("done_reason").asText()).isEqualTo("length");
        assertThat(lines.get(1).get("eval_duration").asLong()).isEqualTo(80_000_000L);
    }

    @Test
    void parsedDefaultRequestRendersAsAStream() throws Exception {
        FrontDoorRequest req = chat("""
                {"model":"llama3.2","messages":[{"role":"user","content":"Hi"}]}""");

        assertThat(format.contentType(req)).isEqualTo("application/x-ndjson");
        assertThat(readNdjson(Rendered.render(format, req, RESPONSE))).hasSize(2);
    }

    @Test
    void anOpenAiRequestCannotBeRenderedHere() {
        FrontDoorRequest openAi = request(FrontDoorRequest.Kind.OPENAI_CHAT, false);

        assertThatThrownBy(() -> Rendered.render(format, openAi, RESPONSE)).isInstanceOf(IllegalArgumentException.class);
    }

    // ---- /api/tags and /api/version ----------------------------------------------------------------------------

    private static String sha256(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(UTF_8)));
    }

    @Test
    void tagsListsEveryConfiguredProviderModel() throws Exception {
        JsonNode json = tree(format.tags());

        assertThat(fieldNames(json)).containsExactly("models");
        JsonNode models = json.get("models");
        List<String> names = new ArrayList<>();
        models.forEach(m -> names.add(m.get("name").asText()));
        assertThat(names).containsExactly("llama3.2:3b", "gemini-1.5-flash", "nvidia/nemotron-mini-4b-instruct",
                "claude-haiku-4-5-20251001");

        List<String> families = List.of("ollama", "gemini", "nemotron", "claude");
        for (int i = 0; i < models.size(); i++) {
            JsonNode m = models.get(i);
            String name = m.get("name").asText();
            assertThat(fieldNames(m)).containsExactly("name", "model", "modified_at", "size", "digest", "details");
            assertThat(m.get("model").asText()).isEqualTo(name);
            assertThat(OffsetDateTime.parse(m.get("modified_at").asText())).isNotNull();
            assertThat(m.get("size").isIntegralNumber()).isTrue();
            assertThat(m.get("size").asLong()).isZero();
            assertThat(m.get("digest").asText()).matches("[0-9a-f]{64}").isEqualTo(sha256(name));
            JsonNode d = m.get("details");
            assertThat(fieldNames(d)).containsExactly("parent_model", "format", "family", "families",
                    "parameter_size", "quantization_level");
            assertThat(d.get("family").asText()).isEqualTo(families.get(i));
            assertThat(d.get("families")).hasSize(1);
            assertThat(d.at("/families/0").asText()).isEqualTo(families.get(i));
            assertThat(d.get("parent_model").asText()).isEmpty();
            assertThat(d.get("format").asText()).isEmpty();
            assertThat(d.get("parameter_size").asText()).isEmpty();
            assertThat(d.get("quantization_level").asText()).isEmpty();
        }
    }

    @Test
    void tagsFollowTheConfiguredModels() throws Exception {
        Map<String, String> props = Map.of("llm.ollama.model", "qwen2.5:7b", "llm.gemini.model", "gemini-2.0-flash");
        OllamaFormat custom = new OllamaFormat(JSON, CLOCK, TestSettings.load(props).providers());

        JsonNode models = tree(custom.tags()).get("models");

        assertThat(models.get(0).get("name").asText()).isEqualTo("qwen2.5:7b");
        assertThat(models.get(0).get("digest").asText()).isEqualTo(sha256("qwen2.5:7b"));
        assertThat(models.get(1).get("name").asText()).isEqualTo("gemini-2.0-flash");
    }

    @Test
    void tagsAreTheSameOnEveryCall() {
        assertThat(format.tags()).isEqualTo(format.tags());
    }

    @Test
    void versionIsTheEmulatedOllamaApiLevel() throws Exception {
        JsonNode json = tree(format.version());

        assertThat(fieldNames(json)).containsExactly("version");
        assertThat(json.get("version").asText()).isEqualTo("0.9.0");
    }

    // ---- errors ------------------------------------------------------------------------------------------------

    private String errorMessage(Throwable e) throws Exception {
        JsonNode json = tree(format.error(e));
        assertThat(fieldNames(json)).containsExactly("error");
        assertThat(json.get("error").isTextual()).isTrue();
        return json.get("error").asText();
    }

    @Test
    void invalidRequestIs400WithTheMessage() throws Exception {
        InvalidChatRequestException e = rejected(() -> generate("{\"model\":\"m\"}"));

        assertThat(format.status(e)).isEqualTo(400);
        assertThat(errorMessage(e)).isEqualTo("prompt is required");
    }

    @Test
    void unauthorizedIs401() throws Exception {
        UnauthorizedException e = new UnauthorizedException("missing or wrong API key");

        assertThat(format.status(e)).isEqualTo(401);
        assertThat(errorMessage(e)).isEqualTo("missing or wrong API key");
    }

    @Test
    void tooLargeIs413() throws Exception {
        RequestTooLargeException e = new RequestTooLargeException(1024);

        assertThat(format.status(e)).isEqualTo(413);
        assertThat(errorMessage(e)).isEqualTo("request body is larger than llm.http.max-body (1024 bytes)");
    }

    @Test
    void timeoutIs504() throws Exception {
        RequestTimeoutException e = new RequestTimeoutException(30_000, ATTEMPTS);

        assertThat(format.status(e)).isEqualTo(504);
        assertThat(errorMessage(e)).startsWith("no answer within llm.request-timeout (30000 ms)")
                .contains("ollama failed (connection refused)");
    }

    @Test
    void allProvidersFailedIs502ListingEachAttempt() throws Exception {
        AllProvidersFailedException e = new AllProvidersFailedException(ATTEMPTS);

        assertThat(format.status(e)).isEqualTo(502);
        assertThat(errorMessage(e)).isEqualTo(e.getMessage()).contains("ollama failed (connection refused)");
    }

    @Test
    void anythingElseIs500WithoutLeakingDetails() throws Exception {
        NullPointerException e = new NullPointerException("Cannot invoke \"String.length()\" because secret is null");

        assertThat(format.status(e)).isEqualTo(500);
        assertThat(errorMessage(e)).isEqualTo("internal error");
        assertThat(new String(format.error(e), UTF_8)).doesNotContain("secret").doesNotContain("NullPointer");
        assertThat(format.status(null)).isEqualTo(500);
        assertThat(errorMessage(null)).isEqualTo("internal error");
    }
}
