package io.llmfailover.router.provider;

import java.io.IOException;
import java.util.Map;

import com.fasterxml.jackson.core.JsonGenerator;
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
 * Google Gemini {@code POST /v1beta/models/{model}:generateContent} with {@code x-goog-api-key}
 * (docs/wire-formats.md section 2). A 200 without candidates (blocked prompt) is a failed attempt; an invalid key comes
 * as 400 {@code API_KEY_INVALID}.
 */
public final class GeminiAdapter extends ProviderAdapter {

    public GeminiAdapter(ObjectMapper mapper, ProviderSettings settings) {
        super(mapper, settings);
    }

    @Override
    protected void setAuthHeaders(Map<String, String> headers, String apiKey) {
        headers.put("x-goog-api-key", apiKey);
    }

    @Override
    public byte[] request(@ExchangeProperty(PropertyNames.REQUEST) ChatRequest request) {
        String system = joinedSystemPrompt(request);
        return json(g -> {
            g.writeStartObject();
            if (system != null) {
                g.writeObjectFieldStart("systemInstruction");
                textParts(g, system);
                g.writeEndObject();
            }
            g.writeArrayFieldStart("contents");
            for (ChatMessage m : request.messages()) {
                if (!ChatMessage.SYSTEM.equals(m.role())) {
                    g.writeStartObject();
                    g.writeStringField("role", ChatMessage.ASSISTANT.equals(m.role()) ? "model" : "user");
                    textParts(g, m.content());
                    g.writeEndObject();
                }
            }
            g.writeEndArray();
            nestedOptions(g, "generationConfig", "maxOutputTokens", request);
            g.writeEndObject();
        });
    }

    /** {@code "parts":[{"text":..}]}. */
    private static void textParts(JsonGenerator g, String text) throws IOException {
        g.writeArrayFieldStart("parts");
        g.writeStartObject();
        g.writeStringField("text", text);
        g.writeEndObject();
        g.writeEndArray();
    }

    @Override
    protected ChatResponse success(JsonNode root) {
        JsonNode candidates = root.path("candidates");
        if (!candidates.isArray() || candidates.isEmpty()) {
            String block = text(root.path("promptFeedback").path("blockReason"));
            throw ProviderCallException.failed("prompt blocked, no candidates"
                    + (block == null ? "" : " (blockReason " + block + ")"), null);
        }
        JsonNode first = candidates.get(0);
        StringBuilder text = new StringBuilder();
        boolean anyText = false;
        for (JsonNode part : first.path("content").path("parts")) {
            if (part.has("text") && !part.path("thought").asBoolean(false)) {
                text.append(part.path("text").asText());
                anyText = true;
            }
        }
        String finish = text(first.path("finishReason"));
        if (!anyText) {
            throw ProviderCallException.failed("candidate without text (finishReason " + finish + ")", null);
        }
        JsonNode usage = root.path("usageMetadata");
        long prompt = usage.path("promptTokenCount").asLong(0);
        long total = usage.path("totalTokenCount").asLong(0);
        long candidatesTokens = usage.path("candidatesTokenCount").asLong(0);
        long completion = total > prompt ? total - prompt : candidatesTokens; // includes thoughts, as billed
        Usage u = new Usage(prompt, completion, total > 0 ? total : prompt + completion);
        String model = text(root.path("modelVersion"));
        return new ChatResponse(text.toString(), "gemini", model == null ? settings.model() : model,
                normaliseFinish(finish), finish, u, null);
    }

    static String normaliseFinish(String finishReason) {
        if (finishReason == null) {
            return "stop";
        }
        return switch (finishReason) {
            case "MAX_TOKENS" -> "length";
            case "SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY" -> "content_filter";
            case "MALFORMED_FUNCTION_CALL", "UNEXPECTED_TOOL_CALL", "TOO_MANY_TOOL_CALLS" -> "tool_calls";
            default -> "stop";
        };
    }

    @Override
    protected String errorMessage(JsonNode root) {
        return text(root.path("error").path("message"));
    }

    @Override
    protected String describeError(int status, JsonNode root, byte[] body) {
        if (status == 400 && root != null) {
            for (JsonNode d : root.path("error").path("details")) {
                if ("API_KEY_INVALID".equals(d.path("reason").asText())) {
                    return "auth failure, HTTP 400 API_KEY_INVALID: " + shorten(errorMessage(root));
                }
            }
        }
        return super.describeError(status, root, body);
    }
}
