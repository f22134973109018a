package io.llmfailover.router.provider;

import java.util.Map;
import java.util.concurrent.Executor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmfailover.router.chat.ChatRequest;
import io.llmfailover.router.chat.ResponseFormat;
import io.llmfailover.router.settings.ProviderSettings;
import io.llmfailover.router.settings.StreamSettings;
import io.llmfailover.router.stream.AnswerDecoder;

/**
 * Google Gemini {@code POST /v1beta/models/{model}:streamGenerateContent?alt=sse} with {@code x-goog-api-key}
 * (docs/wire-formats.md section 2). A blocked prompt (no candidates) is a content-policy refusal; an invalid key comes as 400
 * {@code API_KEY_INVALID}.
 */
public final class GeminiAdapter extends ProviderAdapter {

    public GeminiAdapter(ObjectMapper mapper, ProviderSettings settings, StreamSettings stream,
            Executor routeThreads) {
        super(mapper, settings, stream, routeThreads);
    }

    @Override
    protected void setAuthHeaders(Map<String, String> headers, String apiKey) {
        headers.put("x-goog-api-key", apiKey);
    }

    @Override
    protected byte[] body(ChatRequest request) {
        // Gemini 3 checks the thought signatures of the function calls in the history
        boolean gemini3 = settings.model().startsWith("gemini-3");
        String system = MessageJson.joinedSystemPrompt(request);
        return json(g -> {
            g.writeStartObject();
            if (system != null) {
                g.writeObjectFieldStart("systemInstruction");
                MessageJson.geminiParts(g, system, null, false);
                g.writeEndObject();
            }
            MessageJson.geminiContents(g, request, gemini3);
            ToolFields.gemini(g, request.tools());
            ResponseFormat format = request.responseFormat();
            SamplingFields.GEMINI.write(g, request, format == null ? null : c -> {
                // JSON mode; with a schema, the JSON Schema as it is (responseJsonSchema, not the OpenAPI subset)
                c.writeStringField("responseMimeType", "application/json");
                if (format.hasSchema()) {
                    c.writeFieldName("responseJsonSchema");
                    c.writeRawValue(format.schema());
                }
            });
            g.writeEndObject();
        });
    }


    @Override
    protected AnswerDecoder decoder() {
        return new GeminiDecoder(mapper);
    }

    static String normaliseFinish(String finishReason) {
        if (finishReason == null) {
            return "stop";
        }
        return switch (finishReason) {
            case "MAX_TOKENS" -> "length";
            case "SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY" -> "content_filter";
            default -> "stop";
        };
    }

    /** Gemini says how long to wait in its error: {@code details[].retryDelay} ({@code "15s"}) of a RetryInfo. */
    @Override
    protected long retryAfterMs(long header, JsonNode root) {
        if (root != null) {
            for (JsonNode d : root.path("error").path("details")) {
                String delay = d.path("retryDelay").asText("");
                if (delay.endsWith("s")) {
                    try {
                        return (long) (Double.parseDouble(delay.substring(0, delay.length() - 1)) * 1000);
                    } catch (NumberFormatException e) {
                        return 0;
                    }
                }
            }
        }
        return super.retryAfterMs(header, root);
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
