package io.llmfailover.router.provider;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmfailover.router.chat.ChatMessage;
import io.llmfailover.router.chat.ChatRequest;
import io.llmfailover.router.chat.ResponseFormat;
import io.llmfailover.router.settings.ProviderSettings;
import io.llmfailover.router.settings.StreamSettings;
import io.llmfailover.router.stream.AnswerDecoder;

/**
 * Anthropic Messages API {@code POST /v1/messages} with {@code stream: true}, {@code x-api-key} and
 * {@code anthropic-version: 2023-06-01} (docs/wire-formats.md section 4). System messages go to the top-level {@code system}; {@code max_tokens} is required,
 * so {@code llm.claude.max-tokens} fills in when the request sets none. 529 means overloaded.
 */
public final class ClaudeAdapter extends ProviderAdapter {

    public ClaudeAdapter(ObjectMapper mapper, ProviderSettings settings, StreamSettings stream,
            Executor routeThreads) {
        super(mapper, settings, stream, routeThreads);
    }

    @Override
    protected void setAuthHeaders(Map<String, String> headers, String apiKey) {
        headers.put("x-api-key", apiKey);
        headers.put("anthropic-version", "2023-06-01");
    }

    @Override
    protected byte[] body(ChatRequest request) {
        String system = withJsonInstruction(MessageJson.joinedSystemPrompt(request), request.responseFormat());
        boolean prefill = jsonPrefill(request);
        return json(g -> {
            g.writeStartObject();
            g.writeStringField("model", settings.model());
            g.writeNumberField("max_tokens", request.maxTokens() != null ? request.maxTokens() : settings.defaultMaxTokens());
            if (system != null) {
                g.writeStringField("system", system);
            }
            g.writeArrayFieldStart("messages");
            MessageJson.anthropicMessages(g, request);
            if (prefill) {
                MessageJson.message(g, ChatMessage.ASSISTANT, JSON_PREFILL);
            }
            g.writeEndArray();
            // Anthropic's temperature runs from 0 to 1: a higher one is sent as 1
            SamplingFields.ANTHROPIC.write(g, request);
            ToolFields.anthropic(g, request);
            g.writeBooleanField("stream", true);
            g.writeEndObject();
        });
    }

    @Override
    protected boolean takesImageUrls() {
        return true;
    }

    @Override
    protected AnswerDecoder decoder() {
        return new ClaudeDecoder(mapper);
    }

    @Override
    protected AnswerDecoder decoder(ChatRequest request) {
        return jsonPrefill(request) ? new PrefilledDecoder(decoder(), JSON_PREFILL) : decoder();
    }

    /**
     * Structured output, the way Anthropic documents for its Messages API: the system prompt asks for one JSON object
     * (matching the schema, which it quotes), and the assistant turn is prefilled with {@code {} so the answer
     * starts as JSON. Not when the conversation already ends with an assistant turn (a continuation's prefill).
     */
    static boolean jsonPrefill(ChatRequest request) {
        List<ChatMessage> m = request.messages();
        // a prefilled text cannot turn into a tool call: with tools, the instruction alone asks for JSON
        return request.responseFormat() != null && !request.tools().offered()
                && (m.isEmpty() || !ChatMessage.ASSISTANT.equals(m.get(m.size() - 1).role()));
    }

    static String withJsonInstruction(String system, ResponseFormat format) {
        if (format == null) {
            return system;
        }
        String instruction = format.hasSchema()
                ? "Answer with one JSON object that conforms to this JSON Schema, and nothing else: " + format.schema()
                : "Answer with one JSON object, and nothing else.";
        return system == null ? instruction : system + "\n\n" + instruction;
    }

    /** What the assistant turn starts with in JSON mode. */
    static final String JSON_PREFILL = "{";

    static String normaliseFinish(String stopReason) {
        if (stopReason == null) {
            return "stop";
        }
        return switch (stopReason) {
            case "max_tokens", "model_context_window_exceeded" -> "length";
            case "tool_use" -> "tool_calls";
            case "refusal" -> "content_filter";
            default -> "stop";
        };
    }

    @Override
    protected String errorMessage(JsonNode root) {
        JsonNode error = root.path("error");
        String type = text(error.path("type"));
        String message = text(error.path("message"));
        return type == null ? message : message == null ? type : type + ": " + message;
    }

    @Override
    protected String describeError(int status, JsonNode root, byte[] body) {
        if (status == 529) {
            String message = root == null ? null : errorMessage(root);
            return "overloaded, HTTP 529" + (message == null ? "" : ": " + shorten(message));
        }
        return super.describeError(status, root, body);
    }
}
