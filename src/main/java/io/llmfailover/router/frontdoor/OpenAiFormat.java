package io.llmfailover.router.frontdoor;

import static io.llmfailover.router.frontdoor.JsonFields.echo;
import static io.llmfailover.router.frontdoor.JsonFields.optionalBoolean;
import static io.llmfailover.router.frontdoor.JsonFields.positiveInt;
import static io.llmfailover.router.frontdoor.JsonFields.present;
import static io.llmfailover.router.frontdoor.JsonFields.readObject;
import static io.llmfailover.router.frontdoor.JsonFields.requireModel;
import static io.llmfailover.router.frontdoor.JsonFields.requireString;
import static io.llmfailover.router.frontdoor.JsonFields.role;
import static io.llmfailover.router.frontdoor.JsonFields.temperature;

import java.time.Clock;
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
import io.llmfailover.router.chat.InvalidChatRequestException;
import io.llmfailover.router.chat.ToolCall;
import io.llmfailover.router.core.PropertyNames;
import io.llmfailover.router.settings.ProviderCatalog;
import io.llmfailover.router.stream.LiveAnswer;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;

/**
 * The OpenAI front door ({@code POST /v1/chat/completions}): parses the client's request into a
 * {@link FrontDoorRequest} and renders the router's {@link ChatResponse} as a {@code chat.completion} object, or as
 * a {@code text/event-stream} of {@code chat.completion.chunk}s ending in {@code data: [DONE]} when the client asked
 * for a stream ({@link OpenAiJson} writes both). Thread-safe; one instance serves every request.
 */
public class OpenAiFormat extends FrontDoorFormat {

    /** The fields {@link #parse} reads; {@link RequestFields} rules on every other. */
    private static final Set<String> READ = Set.of("model", "messages", "max_tokens", "max_completion_tokens",
            "temperature", "stream", "stream_options", "top_p", "stop", "seed", "presence_penalty", "frequency_penalty",
            "response_format", "tools", "tool_choice", "parallel_tool_calls");

    private final Clock clock;

    public OpenAiFormat(ObjectMapper mapper, Clock clock, ProviderCatalog providers) {
        super(mapper, providers);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    // ---- request -----------------------------------------------------------------------------------------------

    /**
     * Parses an OpenAI chat-completions request.
     *
     * @throws InvalidChatRequestException naming the offending field when the request is malformed
     */
    public FrontDoorRequest parse(@Body byte[] body, @ExchangeProperty(PropertyNames.TASK) String taskHeader) {
        ObjectNode root = readObject(reader, body);
        String model = requireModel(root);
        RequestFields.openAi(root, READ);
        List<ChatMessage> messages = JsonFields.messages(root, (m, path) -> {
            String role = role(m, path, true);
            RequestFields.openAiMessage(m, path);
            ToolJson.onlyFor(m, "tool_calls", ChatMessage.ASSISTANT, role, path);
            ToolJson.onlyFor(m, "tool_call_id", ChatMessage.TOOL, role, path);
            List<ToolCall> calls = ChatMessage.ASSISTANT.equals(role) ? ToolJson.openAiCalls(m, path) : List.of();
            JsonNode content = m.get("content");
            if (!calls.isEmpty() && !present(content)) {
                return ChatMessage.assistant("", calls); // content may be null in a turn that calls tools
            }
            String text = content(content, path + ".content");
            if (ChatMessage.TOOL.equals(role)) {
                if (!ImageJson.openAiParts(content, path + ".content").isEmpty()) {
                    throw new InvalidChatRequestException(path + ".content: a tool result takes text only",
                            path + ".content");
                }
                return ChatMessage.tool(requireString(m.get("tool_call_id"), path + ".tool_call_id"), null, text);
            }
            return new ChatMessage(role, text, ImageJson.openAiParts(content, path + ".content"), calls, null, null);
        });
        messages = ChatRules.linkToolResults(messages, "tool_call_id");
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
        ChatRules.requireUserText(messages);
        // max_completion_tokens is the newer name of max_tokens: it wins when both are given
        Integer cap = maxCompletionTokens != null ? maxCompletionTokens : maxTokens;
        ChatRequest chat = new ChatRequest(messages, null, cap, temperature, model, SamplingJson.openAi(root),
                FormatJson.openAi(root.get("response_format")), ToolJson.openAi(root), task(taskHeader, root.get("metadata")));
        return new FrontDoorRequest(chat, stream, includeUsage, model, FrontDoorRequest.Kind.OPENAI_CHAT);
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
            throw new InvalidChatRequestException(path + " must be a string or an array of text and image_url parts",
                    path);
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
            if ("image_url".equals(type.textValue())) {
                continue; // read by ImageJson
            }
            if (!"text".equals(type.textValue())) {
                throw new InvalidChatRequestException(partPath + ": unsupported content part type '"
                        + echo(type.textValue()) + "' (text and image_url are supported)", partPath);
            }
            JsonNode partText = part.get("text");
            if (partText == null || !partText.isTextual()) {
                throw new InvalidChatRequestException(partPath + ".text must be a string", partPath + ".text");
            }
            if (!text.isEmpty()) {
                text.append('\n');
            }
            text.append(partText.textValue());
        }
        return text.toString();
    }

    // ---- response ----------------------------------------------------------------------------------------------

    /** A collected answer as a {@code chat.completion} object. */
    @Override
    protected byte[] whole(FrontDoorRequest req, ChatResponse resp) {
        String text = resp.text() == null ? "" : resp.text();
        OpenAiJson.Head head = new OpenAiJson.Head(OpenAiJson.newId(), clock.instant().getEpochSecond(),
                answeringModel(req, resp));
        String finish = resp.finishReason() == null ? "stop" : resp.finishReason();
        return write(512 + text.length() + (text.length() >> 2),
                g -> OpenAiJson.completion(g, head, text, finish, resp.usage(), resp.toolCalls()));
    }

    /** A streamed answer as server-sent {@code chat.completion.chunk}s. */
    @Override
    protected StreamWriter streamWriter(FrontDoorRequest req, LiveAnswer live) {
        return new OpenAiStreamWriter(live, factory, req.includeUsage(), clock.instant().getEpochSecond());
    }

    /** {@code text/event-stream} for a streamed answer, else {@code application/json}. */
    @Override
    public String contentType(@ExchangeProperty(PropertyNames.FRONT_DOOR_REQUEST) FrontDoorRequest req) {
        return req != null && req.stream() ? "text/event-stream" : "application/json";
    }

    // ---- errors ------------------------------------------------------------------------------------------------

    /** An OpenAI error body: {@code {"error":{"message":..,"type":..,"param":..,"code":..}}}. */
    @Override
    public byte[] error(@ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable e) {
        ErrorMapping.Mapped m = ErrorMapping.of(e);
        return write(128 + m.message().length(), g -> {
            g.writeStartObject();
            g.writeObjectFieldStart("error");
            g.writeStringField("message", m.message());
            g.writeStringField("type", m.type());
            g.writeStringField("param", m.param());
            g.writeStringField("code", m.code());
            g.writeEndObject();
            g.writeEndObject();
        });
    }
}
