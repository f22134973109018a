package io.llmfailover.router.provider;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmfailover.router.chat.ChatMessage;
import io.llmfailover.router.chat.ChatRequest;
import io.llmfailover.router.chat.ChatResponse;
import io.llmfailover.router.chat.ProviderCallException;
import io.llmfailover.router.chat.Usage;
import io.llmfailover.router.core.PropertyNames;
import io.llmfailover.router.settings.ProviderSettings;
import org.apache.camel.ExchangeProperty;

/**
 * Anthropic Messages API {@code POST /v1/messages} with {@code x-api-key} and {@code anthropic-version: 2023-06-01}
 * (docs/wire-formats.md section 4). System messages go to the top-level {@code system}; {@code max_tokens} is required,
 * so {@code llm.claude.max-tokens} fills in when the request sets none. 529 means overloaded.
 */
public final class ClaudeAdapter extends ProviderAdapter {

    public ClaudeAdapter(ObjectMapper mapper, ProviderSettings settings) {
        super(mapper, settings);
    }

    @Override
    protected void setAuthHeaders(Map<String, String> headers, String apiKey) {
        headers.put("x-api-key", apiKey);
        headers.put("anthropic-version", "2023-06-01");
    }

    @Override
    public byte[] request(@ExchangeProperty(PropertyNames.REQUEST) ChatRequest request) {
        String system = joinedSystemPrompt(request);
        return json(g -> {
            g.writeStartObject();
            g.writeStringField("model", settings.model());
            g.writeNumberField("max_tokens", request.maxTokens() != null ? request.maxTokens() : settings.defaultMaxTokens());
            if (system != null) {
                g.writeStringField("system", system);
            }
            g.writeArrayFieldStart("messages");
            for (ChatMessage m : request.messages()) {
                if (!ChatMessage.SYSTEM.equals(m.role())) {
                    message(g, m.role(), m.content());
                }
            }
            g.writeEndArray();
            if (request.temperature() != null) {
                // Anthropic accepts 0..1
                g.writeNumberField("temperature", Math.min(1.0, request.temperature()));
            }
            g.writeEndObject();
        });
    }

    @Override
    protected ChatResponse success(JsonNode root) {
        if ("error".equals(root.path("type").asText())) {
            throw ProviderCallException.failed("error: " + errorMessage(root), null);
        }
        StringBuilder text = new StringBuilder();
        boolean anyText = false;
        for (JsonNode block : root.path("content")) {
            if ("text".equals(block.path("type").asText())) {
                text.append(block.path("text").asText());
                anyText = true;
            }
        }
        String stop = text(root.path("stop_reason"));
        if (!anyText) {
            throw ProviderCallException.failed("answer without a text block (stop_reason " + stop + ")", null);
        }
        JsonNode usage = root.path("usage");
        long input = usage.path("input_tokens").asLong(0) + usage.path("cache_creation_input_tokens").asLong(0)
                + usage.path("cache_read_input_tokens").asLong(0);
        long output = usage.path("output_tokens").asLong(0);
        String model = text(root.path("model"));
        return new ChatResponse(text.toString(), "claude", model == null ? settings.model() : model,
                normaliseFinish(stop), stop, Usage.of(input, output), null);
    }

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
