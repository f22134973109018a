package io.llmfailover.router.frontdoor;

import static io.llmfailover.router.frontdoor.OpenAiFormat.answeringModel;
import static io.llmfailover.router.frontdoor.OpenAiFormat.optionalBoolean;
import static io.llmfailover.router.frontdoor.OpenAiFormat.present;
import static io.llmfailover.router.frontdoor.OpenAiFormat.readObject;
import static io.llmfailover.router.frontdoor.OpenAiFormat.requireModel;
import static io.llmfailover.router.frontdoor.OpenAiFormat.requireNonEmptyArray;
import static io.llmfailover.router.frontdoor.OpenAiFormat.requireObjectElement;
import static io.llmfailover.router.frontdoor.OpenAiFormat.requireUserText;
import static io.llmfailover.router.frontdoor.OpenAiFormat.role;
import static io.llmfailover.router.frontdoor.OpenAiFormat.temperature;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmfailover.router.chat.Attempt;
import io.llmfailover.router.chat.ChatMessage;
import io.llmfailover.router.chat.ChatRequest;
import io.llmfailover.router.chat.ChatResponse;
import io.llmfailover.router.chat.InvalidChatRequestException;
import io.llmfailover.router.config.RouterSettings;
import io.llmfailover.router.routing.Provider;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;

/**
 * The Ollama front door ({@code POST /api/chat}, {@code POST /api/generate}, {@code GET /api/tags},
 * {@code GET /api/version}): parses native Ollama requests into a {@link FrontDoorRequest} and renders the router's
 * {@link ChatResponse} the way Ollama answers, as one JSON object or, by default, as NDJSON ending in a
 * {@code "done":true} line with the metrics. Thread-safe; one instance serves every request.
 */
public class OllamaFormat extends FrontDoorFormat {

    /** The Ollama API level this front door emulates. */
    public static final String EMULATED_VERSION = "0.9.0";

    private static final long NANOS_PER_MILLI = 1_000_000L;

    private final ObjectReader reader;
    private final JsonFactory factory;
    private final Clock clock;
    private final byte[] tags;
    private final byte[] version;

    public OllamaFormat(ObjectMapper mapper, Clock clock, RouterSettings settings) {
        this.reader = OpenAiFormat.jsonReader(mapper);
        this.factory = mapper.getFactory();
        this.clock = Objects.requireNonNull(clock, "clock");
        this.tags = buildTags(settings, clock.instant().truncatedTo(ChronoUnit.SECONDS).toString());
        this.version = write(g -> {
            g.writeStartObject();
            g.writeStringField("version", EMULATED_VERSION);
            g.writeEndObject();
        });
    }

    // ---- requests ----------------------------------------------------------------------------------------------

    /**
     * Parses an Ollama {@code /api/chat} request.
     *
     * @throws InvalidChatRequestException naming the offending field when the request is malformed
     */
    public FrontDoorRequest parseChat(@Body byte[] body) {
        ObjectNode root = readObject(reader, body);
        String model = requireModel(root);
        JsonNode array = requireNonEmptyArray(root, "messages");
        List<ChatMessage> messages = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            String path = "messages[" + i + "]";
            JsonNode m = requireObjectElement(array.get(i), path);
            String role = role(m, path, false);
            rejectImages(m.get("images"), path + ".images", path + ": images are not supported");
            JsonNode content = m.get("content");
            String contentPath = path + ".content";
            if (!present(content)) {
                throw new InvalidChatRequestException(contentPath + " is required", contentPath);
            }
            if (!content.isTextual()) {
                throw new InvalidChatRequestException(contentPath + " must be a string", contentPath);
            }
            messages.add(new ChatMessage(role, content.textValue()));
        }
        Options options = options(root);
        boolean stream = optionalBoolean(root.get("stream"), "stream", true);
        requireUserText(messages);
        ChatRequest chat = new ChatRequest(messages, null, options.maxTokens, options.temperature, model);
        return new FrontDoorRequest(chat, stream, false, model, FrontDoorRequest.Kind.OLLAMA_CHAT);
    }

    /**
     * Parses an Ollama {@code /api/generate} request: the prompt becomes one user message, {@code system} the
     * system prompt.
     *
     * @throws InvalidChatRequestException naming the offending field when the request is malformed
     */
    public FrontDoorRequest parseGenerate(@Body byte[] body) {
        ObjectNode root = readObject(reader, body);
        String model = requireModel(root);
        rejectImages(root.get("images"), "images", "images are not supported");
        JsonNode prompt = root.get("prompt");
        if (!present(prompt)) {
            throw new InvalidChatRequestException("prompt is required", "prompt");
        }
        if (!prompt.isTextual()) {
            throw new InvalidChatRequestException("prompt must be a string", "prompt");
        }
        if (prompt.textValue().isBlank()) {
            throw new InvalidChatRequestException("prompt must not be empty", "prompt");
        }
        String system = null;
        JsonNode systemNode = root.get("system");
        if (present(systemNode)) {
            if (!systemNode.isTextual()) {
                throw new InvalidChatRequestException("system must be a string", "system");
            }
            system = systemNode.textValue().isBlank() ? null : systemNode.textValue();
        }
        Options options = options(root);
        boolean stream = optionalBoolean(root.get("stream"), "stream", true);
        ChatRequest chat = new ChatRequest(List.of(ChatMessage.user(prompt.textValue())), system, options.maxTokens,
                options.temperature, model);
        return new FrontDoorRequest(chat, stream, false, model, FrontDoorRequest.Kind.OLLAMA_GENERATE);
    }

    private record Options(Double temperature, Integer maxTokens) {
    }

    private static Options options(ObjectNode root) {
        JsonNode o = root.get("options");
        if (!present(o)) {
            return new Options(null, null);
        }
        if (!o.isObject()) {
            throw new InvalidChatRequestException("options must be an object", "options");
        }
        return new Options(temperature(o.get("temperature"), "options.temperature"), numPredict(o.get("num_predict")));
    }

    /** {@code options.num_predict}: an integer > 0, or -1 (Ollama's "no limit", which gives null). */
    private static Integer numPredict(JsonNode n) {
        if (!present(n)) {
            return null;
        }
        if (n.isIntegralNumber() && n.canConvertToInt()) {
            int v = n.intValue();
            if (v == -1) {
                return null;
            }
            if (v > 0) {
                return v;
            }
        } else if (n.isIntegralNumber() && n.bigIntegerValue().signum() > 0) {
            throw new InvalidChatRequestException("options.num_predict must be at most " + Integer.MAX_VALUE,
                    "options.num_predict");
        }
        throw new InvalidChatRequestException(
                "options.num_predict must be an integer greater than 0 (or -1 for no limit)", "options.num_predict");
    }

    /** Absent, null or an empty list is fine; any image is refused. */
    private static void rejectImages(JsonNode images, String param, String message) {
        if (!present(images) || (images.isArray() && images.isEmpty())) {
            return;
        }
        throw new InvalidChatRequestException(message, param);
    }

    // ---- responses ---------------------------------------------------------------------------------------------

    /**
     * The answer in Ollama's shape for the request's door ({@code message} for chat, {@code response} for
     * generate): one JSON object, or NDJSON (the text, then a {@code "done":true} line with the metrics) when
     * streaming.
     */
    public byte[] render(@ExchangeProperty("llmFrontDoorRequest") FrontDoorRequest req, @Body ChatResponse resp) {
        FrontDoorRequest.Kind kind = req == null ? FrontDoorRequest.Kind.OLLAMA_CHAT : req.kind();
        if (kind == FrontDoorRequest.Kind.OPENAI_CHAT) {
            throw new IllegalArgumentException("OllamaFormat cannot render an OpenAI request");
        }
        boolean generate = kind == FrontDoorRequest.Kind.OLLAMA_GENERATE;
        String text = resp.text() == null ? "" : resp.text();
        String model = answeringModel(req, resp);
        String createdAt = clock.instant().toString();
        ByteArrayOutputStream out = new ByteArrayOutputStream(512 + text.length() + (text.length() >> 2));
        try (JsonGenerator g = factory.createGenerator(out, JsonEncoding.UTF8)) {
            if (req != null && req.stream()) {
                g.setRootValueSeparator(null);
                g.writeStartObject();
                head(g, model, createdAt, generate, text);
                g.writeBooleanField("done", false);
                g.writeEndObject();
                g.writeRaw('\n');
                g.writeStartObject();
                head(g, model, createdAt, generate, "");
                done(g, resp);
                g.writeEndObject();
                g.writeRaw('\n');
            } else {
                g.writeStartObject();
                head(g, model, createdAt, generate, text);
                done(g, resp);
                g.writeEndObject();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** {@code application/x-ndjson} for a streamed answer, else {@code application/json; charset=utf-8}. */
    @Override
    public String contentType(@ExchangeProperty("llmFrontDoorRequest") FrontDoorRequest req) {
        return req != null && req.stream() ? "application/x-ndjson" : "application/json; charset=utf-8";
    }

    private static void head(JsonGenerator g, String model, String createdAt, boolean generate, String text)
            throws IOException {
        g.writeStringField("model", model);
        g.writeStringField("created_at", createdAt);
        if (generate) {
            g.writeStringField("response", text);
        } else {
            g.writeObjectFieldStart("message");
            g.writeStringField("role", "assistant");
            g.writeStringField("content", text);
            g.writeEndObject();
        }
    }

    /** {@code done:true}, the done reason and the metrics (durations in nanoseconds). */
    private static void done(JsonGenerator g, ChatResponse resp) throws IOException {
        long totalMs = 0;
        for (Attempt a : resp.attempts()) {
            totalMs += a.durationMs();
        }
        List<Attempt> attempts = resp.attempts();
        long answeringMs = attempts.isEmpty() ? 0 : attempts.get(attempts.size() - 1).durationMs();
        g.writeBooleanField("done", true);
        g.writeStringField("done_reason", "length".equals(resp.finishReason()) ? "length" : "stop");
        g.writeNumberField("total_duration", totalMs * NANOS_PER_MILLI);
        g.writeNumberField("load_duration", 0);
        g.writeNumberField("prompt_eval_count", resp.usage().promptTokens());
        g.writeNumberField("prompt_eval_duration", 0);
        g.writeNumberField("eval_count", resp.usage().completionTokens());
        g.writeNumberField("eval_duration", answeringMs * NANOS_PER_MILLI);
    }

    // ---- model list and version --------------------------------------------------------------------------------

    /** {@code GET /api/tags}: one entry per configured provider model (computed once). */
    public byte[] tags() {
        return tags.clone();
    }

    /** {@code GET /api/version}: {@code {"version":"0.9.0"}}. */
    public byte[] version() {
        return version.clone();
    }

    private byte[] buildTags(RouterSettings settings, String modifiedAt) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
        return write(g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("models");
            for (Provider p : Provider.values()) {
                String name = settings.provider(p).model();
                String digest = HexFormat.of().formatHex(sha256.digest(name.getBytes(StandardCharsets.UTF_8)));
                g.writeStartObject();
                g.writeStringField("name", name);
                g.writeStringField("model", name);
                g.writeStringField("modified_at", modifiedAt);
                g.writeNumberField("size", 0);
                g.writeStringField("digest", digest);
                g.writeObjectFieldStart("details");
                g.writeStringField("parent_model", "");
                g.writeStringField("format", "");
                g.writeStringField("family", p.id());
                g.writeArrayFieldStart("families");
                g.writeString(p.id());
                g.writeEndArray();
                g.writeStringField("parameter_size", "");
                g.writeStringField("quantization_level", "");
                g.writeEndObject();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    // ---- errors ------------------------------------------------------------------------------------------------

    /** An Ollama error body: {@code {"error":"<message>"}} ({@code internal error} for anything unexpected). */
    public byte[] error(@ExchangeProperty("CamelExceptionCaught") Throwable e) {
        String message = ErrorMapping.of(e).message();
        return write(g -> {
            g.writeStartObject();
            g.writeStringField("error", message);
            g.writeEndObject();
        });
    }

    /** The HTTP status for the exception (see {@link ErrorMapping}). */
    public int status(@ExchangeProperty("CamelExceptionCaught") Throwable e) {
        return ErrorMapping.status(e);
    }

    @FunctionalInterface
    private interface JsonWriter {
        void write(JsonGenerator g) throws IOException;
    }

    private byte[] write(JsonWriter writer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        try (JsonGenerator g = factory.createGenerator(out, JsonEncoding.UTF8)) {
            writer.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
