package io.llmfailover.router.frontdoor;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmfailover.router.chat.ChatMessage;
import io.llmfailover.router.chat.ChatRequest;
import io.llmfailover.router.chat.ChatResponse;
import io.llmfailover.router.chat.InvalidChatRequestException;
import io.llmfailover.router.chat.Usage;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;

/**
 * The OpenAI front door ({@code POST /v1/chat/completions}): parses the client's request into a
 * {@link FrontDoorRequest} and renders the router's {@link ChatResponse} as a {@code chat.completion} object, or as
 * a {@code text/event-stream} of {@code chat.completion.chunk}s ending in {@code data: [DONE]} when the client asked
 * for a stream. Thread-safe; one instance serves every request.
 *
 * <p>The static helpers with package visibility are shared with {@link OllamaFormat}.
 */
public class OpenAiFormat extends FrontDoorFormat {

    static final String NOT_JSON = "request body is not valid JSON";
    static final String NOT_OBJECT = "request body must be a JSON object";
    static final String NO_USER_TEXT = "messages must contain a user message with text";

    private static final char[] ALPHANUMERIC =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    /** As long as the random part of a real OpenAI id (chatcmpl-A652Fhuqsr1kskKe5B63M0eiw3842). */
    private static final int ID_RANDOM_LENGTH = 29;
    /** Longest client value echoed back in an error message. */
    private static final int MAX_ECHO = 64;

    private final ObjectReader reader;
    private final JsonFactory factory;
    private final Clock clock;

    public OpenAiFormat(ObjectMapper mapper, Clock clock) {
        this.reader = jsonReader(mapper);
        this.factory = mapper.getFactory();
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    // ---- request -----------------------------------------------------------------------------------------------

    /**
     * Parses an OpenAI chat-completions request.
     *
     * @throws InvalidChatRequestException naming the offending field when the request is malformed
     */
    public FrontDoorRequest parse(@Body byte[] body) {
        ObjectNode root = readObject(reader, body);
        String model = requireModel(root);
        List<ChatMessage> messages = messages(root);
        Integer maxTokens = positiveInt(root.get("max_tokens"), "max_tokens");
        Integer maxCompletionTokens = positiveInt(root.get("max_completion_tokens"), "max_completion_tokens");
        Double temperature = temperature(root.get("temperature"), "temperature");
        boolean stream = optionalBoolean(root.get("stream"), "stream", false);
        boolean includeUsage = false;
        JsonNode streamOptions = root.get("stream_options");
        if (present(streamOptions)) {
            if (!streamOptions.isObject()) {
                throw new InvalidChatRequestException("stream_options must be an object", "stream_options");
            }
            includeUsage = optionalBoolean(streamOptions.get("include_usage"), "stream_options.include_usage", false);
        }
        requireUserText(messages);
        // max_completion_tokens is the newer name of max_tokens: it wins when both are given
        Integer cap = maxCompletionTokens != null ? maxCompletionTokens : maxTokens;
        ChatRequest chat = new ChatRequest(messages, null, cap, temperature, model);
        return new FrontDoorRequest(chat, stream, includeUsage, model, FrontDoorRequest.Kind.OPENAI_CHAT);
    }

    private static List<ChatMessage> messages(ObjectNode root) {
        JsonNode array = requireNonEmptyArray(root, "messages");
        List<ChatMessage> out = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            String path = "messages[" + i + "]";
            JsonNode m = requireObjectElement(array.get(i), path);
            String role = role(m, path, true);
            String content = content(m.get("content"), path + ".content");
            out.add(new ChatMessage(role, content));
        }
        return out;
    }

    /** A message's content: a string, or an array of text parts joined with newlines. */
    private static String content(JsonNode c, String path) {
        if (!present(c)) {
            throw new InvalidChatRequestException(path + " is required", path);
        }
        if (c.isTextual()) {
            return c.textValue();
        }
        if (!c.isArray()) {
            throw new InvalidChatRequestException(path + " must be a string or an array of text parts", path);
        }
        StringBuilder text = new StringBuilder();
        for (int j = 0; j < c.size(); j++) {
            String partPath = path + "[" + j + "]";
            JsonNode part = c.get(j);
            if (!part.isObject()) {
                throw new InvalidChatRequestException(partPath + " must be an object", partPath);
            }
            JsonNode type = part.get("type");
            if (type == null || !type.isTextual()) {
                throw new InvalidChatRequestException(partPath + ".type must be a string", partPath + ".type");
            }
            if (!"text".equals(type.textValue())) {
                throw new InvalidChatRequestException(partPath + ": unsupported content part type '"
                        + echo(type.textValue()) + "' (only text is supported)", partPath);
            }
            JsonNode partText = part.get("text");
            if (partText == null || !partText.isTextual()) {
                throw new InvalidChatRequestException(partPath + ".text must be a string", partPath + ".text");
            }
            if (j > 0) {
                text.append('\n');
            }
            text.append(partText.textValue());
        }
        return text.toString();
    }

    // ---- response ----------------------------------------------------------------------------------------------

    /** The answer as a {@code chat.completion} object, or as an SSE stream when the client asked for one. */
    public byte[] render(@ExchangeProperty("llmFrontDoorRequest") FrontDoorRequest req, @Body ChatResponse resp) {
        String text = resp.text() == null ? "" : resp.text();
        String id = newId();
        long created = clock.instant().getEpochSecond();
        String model = answeringModel(req, resp);
        String finish = resp.finishReason() == null ? "stop" : resp.finishReason();
        ByteArrayOutputStream out = new ByteArrayOutputStream(512 + text.length() + (text.length() >> 2));
        try (JsonGenerator g = factory.createGenerator(out, JsonEncoding.UTF8)) {
            if (req != null && req.stream()) {
                writeStream(g, id, created, model, text, finish, resp.usage(), req.includeUsage());
            } else {
                writeCompletion(g, id, created, model, text, finish, resp.usage());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** {@code text/event-stream} for a streamed answer, else {@code application/json}. */
    @Override
    public String contentType(@ExchangeProperty("llmFrontDoorRequest") FrontDoorRequest req) {
        return req != null && req.stream() ? "text/event-stream" : "application/json";
    }

    private static void writeCompletion(JsonGenerator g, String id, long created, String model, String text,
            String finish, Usage usage) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", id);
        g.writeStringField("object", "chat.completion");
        g.writeNumberField("created", created);
        g.writeStringField("model", model);
        g.writeArrayFieldStart("choices");
        g.writeStartObject();
        g.writeNumberField("index", 0);
        g.writeObjectFieldStart("message");
        g.writeStringField("role", "assistant");
        g.writeStringField("content", text);
        g.writeNullField("refusal");
        g.writeEndObject();
        g.writeNullField("logprobs");
        g.writeStringField("finish_reason", finish);
        g.writeEndObject();
        g.writeEndArray();
        writeUsage(g, usage);
        g.writeNullField("system_fingerprint");
        g.writeEndObject();
    }

    private static void writeStream(JsonGenerator g, String id, long created, String model, String text,
            String finish, Usage usage, boolean includeUsage) throws IOException {
        g.setRootValueSeparator(null);
        // 1: the role
        g.writeRaw("data: ");
        startChunk(g, id, created, model);
        g.writeObjectFieldStart("delta");
        g.writeStringField("role", "assistant");
        g.writeStringField("content", "");
        g.writeEndObject();
        endChoiceChunk(g, null, includeUsage);
        // 2: the whole text
        g.writeRaw("\n\ndata: ");
        startChunk(g, id, created, model);
        g.writeObjectFieldStart("delta");
        g.writeStringField("content", text);
        g.writeEndObject();
        endChoiceChunk(g, null, includeUsage);
        // 3: the finish reason
        g.writeRaw("\n\ndata: ");
        startChunk(g, id, created, model);
        g.writeObjectFieldStart("delta");
        g.writeEndObject();
        endChoiceChunk(g, finish, includeUsage);
        // 4: usage, only when asked for
        if (includeUsage) {
            g.writeRaw("\n\ndata: ");
            g.writeStartObject();
            chunkHeader(g, id, created, model);
            g.writeArrayFieldStart("choices");
            g.writeEndArray();
            writeUsage(g, usage);
            g.writeEndObject();
        }
        g.writeRaw("\n\ndata: [DONE]\n\n");
    }

    /** Opens a chunk and its single choice, up to (not including) the delta. */
    private static void startChunk(JsonGenerator g, String id, long created, String model) throws IOException {
        g.writeStartObject();
        chunkHeader(g, id, created, model);
        g.writeArrayFieldStart("choices");
        g.writeStartObject();
        g.writeNumberField("index", 0);
    }

    private static void chunkHeader(JsonGenerator g, String id, long created, String model) throws IOException {
        g.writeStringField("id", id);
        g.writeStringField("object", "chat.completion.chunk");
        g.writeNumberField("created", created);
        g.writeStringField("model", model);
        g.writeNullField("system_fingerprint");
    }

    private static void endChoiceChunk(JsonGenerator g, String finish, boolean includeUsage) throws IOException {
        g.writeNullField("logprobs");
        if (finish == null) {
            g.writeNullField("finish_reason");
        } else {
            g.writeStringField("finish_reason", finish);
        }
        g.writeEndObject();
        g.writeEndArray();
        if (includeUsage) {
            g.writeNullField("usage");
        }
        g.writeEndObject();
    }

    private static void writeUsage(JsonGenerator g, Usage usage) throws IOException {
        g.writeObjectFieldStart("usage");
        g.writeNumberField("prompt_tokens", usage.promptTokens());
        g.writeNumberField("completion_tokens", usage.completionTokens());
        g.writeNumberField("total_tokens", usage.totalTokens());
        g.writeEndObject();
    }

    private static String newId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        char[] id = new char[9 + ID_RANDOM_LENGTH];
        "chatcmpl-".getChars(0, 9, id, 0);
        for (int i = 9; i < id.length; i++) {
            id[i] = ALPHANUMERIC[random.nextInt(ALPHANUMERIC.length)];
        }
        return new String(id);
    }

    // ---- errors ------------------------------------------------------------------------------------------------

    /** An OpenAI error body: {@code {"error":{"message":..,"type":..,"param":..,"code":..}}}. */
    public byte[] error(@ExchangeProperty("CamelExceptionCaught") Throwable e) {
        ErrorMapping.Mapped m = ErrorMapping.of(e);
        ByteArrayOutputStream out = new ByteArrayOutputStream(128 + m.message().length());
        try (JsonGenerator g = factory.createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeObjectFieldStart("error");
            g.writeStringField("message", m.message());
            g.writeStringField("type", m.type());
            g.writeStringField("param", m.param());
            g.writeStringField("code", m.code());
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return out.toByteArray();
    }

    /** The HTTP status for the exception (see {@link ErrorMapping}). */
    public int status(@ExchangeProperty("CamelExceptionCaught") Throwable e) {
        return ErrorMapping.status(e);
    }

    // ---- helpers shared with OllamaFormat ----------------------------------------------------------------------

    /** A reader that also rejects trailing garbage after the JSON value. */
    static ObjectReader jsonReader(ObjectMapper mapper) {
        return mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    static ObjectNode readObject(ObjectReader reader, byte[] body) {
        if (body == null || body.length == 0) {
            throw new InvalidChatRequestException(NOT_JSON);
        }
        JsonNode root;
        try {
            root = reader.readTree(body);
        } catch (IOException e) {
            // Jackson's message quotes the body: do not echo it
            throw new InvalidChatRequestException(NOT_JSON);
        }
        if (root == null || root.isMissingNode()) {
            throw new InvalidChatRequestException(NOT_JSON);
        }
        if (!root.isObject()) {
            throw new InvalidChatRequestException(NOT_OBJECT);
        }
        return (ObjectNode) root;
    }

    /** True when the field is there and not JSON null (clients often send null for "not given"). */
    static boolean present(JsonNode n) {
        return n != null && !n.isNull() && !n.isMissingNode();
    }

    static String requireModel(ObjectNode root) {
        JsonNode n = root.get("model");
        if (!present(n)) {
            throw new InvalidChatRequestException("model is required", "model");
        }
        if (!n.isTextual()) {
            throw new InvalidChatRequestException("model must be a string", "model");
        }
        if (n.textValue().isBlank()) {
            throw new InvalidChatRequestException("model must not be empty", "model");
        }
        return n.textValue();
    }

    static JsonNode requireNonEmptyArray(ObjectNode root, String field) {
        JsonNode n = root.get(field);
        if (!present(n)) {
            throw new InvalidChatRequestException(field + " is required", field);
        }
        if (!n.isArray()) {
            throw new InvalidChatRequestException(field + " must be an array", field);
        }
        if (n.isEmpty()) {
            throw new InvalidChatRequestException(field + " must not be empty", field);
        }
        return n;
    }

    static JsonNode requireObjectElement(JsonNode n, String path) {
        if (n == null || !n.isObject()) {
            throw new InvalidChatRequestException(path + " must be an object", path);
        }
        return n;
    }

    /** system, user or assistant; {@code developer} becomes system when allowed (OpenAI). */
    static String role(JsonNode message, String path, boolean allowDeveloper) {
        String p = path + ".role";
        JsonNode r = message.get("role");
        if (!present(r)) {
            throw new InvalidChatRequestException(p + " is required", p);
        }
        if (!r.isTextual()) {
            throw new InvalidChatRequestException(p + " must be a string", p);
        }
        switch (r.textValue()) {
            case ChatMessage.SYSTEM:
                return ChatMessage.SYSTEM;
            case ChatMessage.USER:
                return ChatMessage.USER;
            case ChatMessage.ASSISTANT:
                return ChatMessage.ASSISTANT;
            case "developer":
                if (allowDeveloper) {
                    return ChatMessage.SYSTEM;
                }
                break;
            default:
                break;
        }
        throw new InvalidChatRequestException(p + ": unknown role '" + echo(r.textValue())
                + "' (expected system, user or assistant)", p);
    }

    static void requireUserText(List<ChatMessage> messages) {
        for (ChatMessage m : messages) {
            if (ChatMessage.USER.equals(m.role()) && !m.content().isBlank()) {
                return;
            }
        }
        throw new InvalidChatRequestException(NO_USER_TEXT, "messages");
    }

    /** An optional integer > 0 (JSON null counts as absent). */
    static Integer positiveInt(JsonNode n, String field) {
        if (!present(n)) {
            return null;
        }
        if (!n.isIntegralNumber() || n.bigIntegerValue().signum() <= 0) {
            throw new InvalidChatRequestException(field + " must be an integer greater than 0", field);
        }
        if (!n.canConvertToInt()) {
            throw new InvalidChatRequestException(field + " must be at most " + Integer.MAX_VALUE, field);
        }
        return n.intValue();
    }

    /** An optional number from 0 to 2. */
    static Double temperature(JsonNode n, String field) {
        if (!present(n)) {
            return null;
        }
        double d = n.isNumber() ? n.doubleValue() : Double.NaN;
        if (!(d >= 0 && d <= 2)) {
            throw new InvalidChatRequestException(field + " must be a number between 0 and 2", field);
        }
        return d;
    }

    static boolean optionalBoolean(JsonNode n, String field, boolean absent) {
        if (!present(n)) {
            return absent;
        }
        if (!n.isBoolean()) {
            throw new InvalidChatRequestException(field + " must be a boolean", field);
        }
        return n.booleanValue();
    }

    /** The model that really answered; falls back to the provider, then to what the client asked for. */
    static String answeringModel(FrontDoorRequest req, ChatResponse resp) {
        if (resp.model() != null && !resp.model().isEmpty()) {
            return resp.model();
        }
        if (resp.provider() != null && !resp.provider().isEmpty()) {
            return resp.provider();
        }
        return req != null && req.requestedModel() != null ? req.requestedModel() : "";
    }

    /** A client value for an error message, cut short so a huge value does not blow up the error body. */
    static String echo(String value) {
        return value.length() <= MAX_ECHO ? value : value.substring(0, MAX_ECHO) + "...";
    }
}
