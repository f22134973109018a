package io.llmfailover.router.frontdoor;

import static io.llmfailover.router.frontdoor.JsonFields.optionalBoolean;
import static io.llmfailover.router.frontdoor.JsonFields.present;
import static io.llmfailover.router.frontdoor.JsonFields.readObject;
import static io.llmfailover.router.frontdoor.JsonFields.requireModel;
import static io.llmfailover.router.frontdoor.JsonFields.requireString;
import static io.llmfailover.router.frontdoor.JsonFields.role;
import static io.llmfailover.router.frontdoor.JsonFields.temperature;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmfailover.router.chat.ChatMessage;
import io.llmfailover.router.chat.ChatRequest;
import io.llmfailover.router.chat.ChatResponse;
import io.llmfailover.router.chat.ChatRules;
import io.llmfailover.router.chat.Image;
import io.llmfailover.router.chat.InvalidChatRequestException;
import io.llmfailover.router.chat.Sampling;
import io.llmfailover.router.chat.ToolCall;
import io.llmfailover.router.core.PropertyNames;
import io.llmfailover.router.settings.ProviderCatalog;
import io.llmfailover.router.settings.RouterSettings;
import io.llmfailover.router.stream.LiveAnswer;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
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

    /** The fields {@link #parseChat} and {@link #parseGenerate} read; {@link RequestFields} rules on every other. */
    private static final Set<String> CHAT_READ = Set.of("model", "messages", "options", "stream", "keep_alive",
            "format", "tools");
    private static final Set<String> GENERATE_READ = Set.of("model", "prompt", "images", "system", "options", "stream",
            "keep_alive", "format");

    private final Clock clock;
    private volatile byte[] tags;
    private final byte[] version;

    public OllamaFormat(ObjectMapper mapper, Clock clock, ProviderCatalog providers) {
        super(mapper, providers);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.tags = tags(providers);
        this.version = write(64, g -> {
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
    public FrontDoorRequest parseChat(@Body byte[] body, @ExchangeProperty(PropertyNames.TASK) String taskHeader) {
        ObjectNode root = readObject(reader, body);
        String model = requireModel(root);
        RequestFields.ollamaChat(root, CHAT_READ);
        int[] index = {0};
        List<ChatMessage> messages = JsonFields.messages(root, (m, path) -> {
            String role = role(m, path, false);
            RequestFields.ollamaMessage(m, path);
            ToolJson.onlyFor(m, "tool_calls", ChatMessage.ASSISTANT, role, path);
            ToolJson.onlyFor(m, "tool_name", ChatMessage.TOOL, role, path);
            List<ToolCall> calls = ChatMessage.ASSISTANT.equals(role) ? ToolJson.ollamaCalls(m, path, index[0])
                    : List.of();
            index[0]++;
            JsonNode content = m.get("content");
            String text = calls.isEmpty() || present(content) ? requireString(content, path + ".content") : "";
            if (ChatMessage.TOOL.equals(role)) {
                ToolJson.onlyFor(m, "images", ChatMessage.USER, role, path);
                JsonNode name = m.get("tool_name");
                return ChatMessage.tool(null, present(name) ? requireString(name, path + ".tool_name") : null, text);
            }
            return new ChatMessage(role, text, ImageJson.ollama(m.get("images"), path + ".images"), calls, null, null);
        });
        messages = ToolJson.linkOllamaResults(messages);
        Options options = options(root);
        boolean stream = optionalBoolean(root.get("stream"), "stream", true);
        ChatRules.requireUserText(messages);
        ChatRequest chat = new ChatRequest(messages, null, options.maxTokens, options.temperature, model,
                options.sampling, FormatJson.ollama(root.get("format")), ToolJson.ollama(root), task(taskHeader, null));
        return new FrontDoorRequest(chat, stream, false, model, FrontDoorRequest.Kind.OLLAMA_CHAT);
    }

    /**
     * Parses an Ollama {@code /api/generate} request: the prompt becomes one user message, {@code system} the
     * system prompt.
     *
     * @throws InvalidChatRequestException naming the offending field when the request is malformed
     */
    public FrontDoorRequest parseGenerate(@Body byte[] body, @ExchangeProperty(PropertyNames.TASK) String taskHeader) {
        ObjectNode root = readObject(reader, body);
        String model = requireModel(root);
        RequestFields.ollamaGenerate(root, GENERATE_READ);
        List<Image> images = ImageJson.ollama(root.get("images"), "images");
        String prompt = requireString(root.get("prompt"), "prompt");
        if (prompt.isBlank()) {
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
        ChatRequest chat = new ChatRequest(List.of(new ChatMessage(ChatMessage.USER, prompt, images)), system, options.maxTokens,
                options.temperature, model, options.sampling, FormatJson.ollama(root.get("format")), null,
                task(taskHeader, null));
        return new FrontDoorRequest(chat, stream, false, model, FrontDoorRequest.Kind.OLLAMA_GENERATE);
    }

    private record Options(Double temperature, Integer maxTokens, Sampling sampling) {
    }

    private static Options options(ObjectNode root) {
        JsonNode o = root.get("options");
        if (!present(o)) {
            return new Options(null, null, SamplingJson.ollama(null, root.get("keep_alive")));
        }
        if (!o.isObject()) {
            throw new InvalidChatRequestException("options must be an object", "options");
        }
        return new Options(temperature(o.get("temperature"), "options.temperature"), numPredict(o.get("num_predict")),
                SamplingJson.ollama(o, root.get("keep_alive")));
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

    // ---- responses ---------------------------------------------------------------------------------------------

    /**
     * A collected answer in Ollama's shape for the request's door ({@code message} for chat, {@code response} for
     * generate), with the {@code done} metrics.
     */
    @Override
    protected byte[] whole(FrontDoorRequest req, ChatResponse resp) {
        boolean generate = kind(req) == FrontDoorRequest.Kind.OLLAMA_GENERATE;
        String text = resp.text() == null ? "" : resp.text();
        String model = answeringModel(req, resp);
        String createdAt = clock.instant().toString();
        return write(512 + text.length() + (text.length() >> 2), g -> {
            g.writeStartObject();
            OllamaJson.head(g, model, createdAt, generate, text, resp.toolCalls());
            OllamaJson.done(g, resp);
            g.writeEndObject();
        });
    }

    /** A streamed answer as NDJSON lines, the last with {@code done: true}. */
    @Override
    protected StreamWriter streamWriter(FrontDoorRequest req, LiveAnswer live) {
        return new OllamaStreamWriter(live, factory, kind(req) == FrontDoorRequest.Kind.OLLAMA_GENERATE, clock);
    }

    private static FrontDoorRequest.Kind kind(FrontDoorRequest req) {
        FrontDoorRequest.Kind kind = req == null ? FrontDoorRequest.Kind.OLLAMA_CHAT : req.kind();
        if (kind == FrontDoorRequest.Kind.OPENAI_CHAT) {
            throw new IllegalArgumentException("OllamaFormat cannot render an OpenAI request");
        }
        return kind;
    }

    /** {@code application/x-ndjson} for a streamed answer, else {@code application/json; charset=utf-8}. */
    @Override
    public String contentType(@ExchangeProperty(PropertyNames.FRONT_DOOR_REQUEST) FrontDoorRequest req) {
        return req != null && req.stream() ? "application/x-ndjson" : "application/json; charset=utf-8";
    }

    // ---- model list and version --------------------------------------------------------------------------------

    private byte[] tags(ProviderCatalog providers) {
        return write(1024, g -> OllamaJson.tags(g, providers, clock.instant().truncatedTo(ChronoUnit.SECONDS).toString()));
    }

    /** A reload: the tags list the new catalogue's models. */
    @Override
    public void reconfigure(RouterSettings next) {
        super.reconfigure(next);
        this.tags = tags(next.providers());
    }

    /** {@code GET /api/tags}: one entry per configured provider model (computed once per catalogue). */
    public byte[] tags() {
        return tags.clone();
    }

    /** {@code GET /api/version}: {@code {"version":"0.9.0"}}. */
    public byte[] version() {
        return version.clone();
    }

    // ---- errors ------------------------------------------------------------------------------------------------

    /** An Ollama error body: {@code {"error":"<message>"}} ({@code internal error} for anything unexpected). */
    @Override
    public byte[] error(@ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable e) {
        String message = ErrorMapping.of(e).message();
        return write(64 + message.length(), g -> {
            g.writeStartObject();
            g.writeStringField("error", message);
            g.writeEndObject();
        });
    }
}
