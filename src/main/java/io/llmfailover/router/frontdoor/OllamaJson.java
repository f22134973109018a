package io.llmfailover.router.frontdoor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import com.fasterxml.jackson.core.JsonGenerator;
import io.llmfailover.router.chat.Attempt;
import io.llmfailover.router.chat.ChatResponse;
import io.llmfailover.router.chat.ToolCall;
import io.llmfailover.router.chat.Usage;
import io.llmfailover.router.settings.ProviderCatalog;
import io.llmfailover.router.settings.ProviderSettings;
import io.llmfailover.router.util.JsonText;

/** Writes Ollama's answer shapes: the head of a chat or generate line, the {@code done} line, the model list. */
final class OllamaJson {

    private static final long NANOS_PER_MILLI = 1_000_000L;

    private OllamaJson() {
    }

    static void head(JsonGenerator g, String model, String createdAt, boolean generate, String text)
            throws IOException {
        head(g, model, createdAt, generate, text, List.of());
    }

    /**
     * The head of a line, with the answer's tool calls in {@code message.tool_calls} as Ollama writes them:
     * {@code {"function":{"name":..,"arguments":{..}}}} (no id: Ollama's clients match results by the function's
     * name). Arguments that are not a JSON object (a provider's slip) are written as the string they are.
     */
    static void head(JsonGenerator g, String model, String createdAt, boolean generate, String text,
            List<ToolCall> calls) throws IOException {
        g.writeStringField("model", model);
        g.writeStringField("created_at", createdAt);
        if (generate) {
            g.writeStringField("response", text);
        } else {
            g.writeObjectFieldStart("message");
            g.writeStringField("role", "assistant");
            g.writeStringField("content", text);
            if (!calls.isEmpty()) {
                g.writeArrayFieldStart("tool_calls");
                for (ToolCall c : calls) {
                    g.writeStartObject();
                    g.writeObjectFieldStart("function");
                    g.writeStringField("name", c.name());
                    if (JsonText.isObject(c.arguments())) {
                        g.writeFieldName("arguments");
                        g.writeRawValue(c.arguments());
                    } else {
                        g.writeStringField("arguments", c.arguments());
                    }
                    g.writeEndObject();
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        }
    }

    /** {@code done:true}, the done reason and the metrics of a collected answer (durations in nanoseconds). */
    static void done(JsonGenerator g, ChatResponse resp) throws IOException {
        long totalMs = 0;
        for (Attempt a : resp.attempts()) {
            totalMs += a.durationMs();
        }
        List<Attempt> attempts = resp.attempts();
        long answeringMs = attempts.isEmpty() ? 0 : attempts.get(attempts.size() - 1).durationMs();
        done(g, resp.finishReason(), resp.usage(), totalMs * NANOS_PER_MILLI, 0, answeringMs * NANOS_PER_MILLI);
    }

    /**
     * {@code done:true}, the done reason and the metrics: {@code total_duration} from the prompt's arrival,
     * {@code prompt_eval_duration} the wait for the first token, {@code eval_duration} the generation.
     */
    static void done(JsonGenerator g, String finishReason, Usage usage, long totalNanos, long firstTokenNanos,
            long generationNanos) throws IOException {
        g.writeBooleanField("done", true);
        g.writeStringField("done_reason", "length".equals(finishReason) ? "length" : "stop");
        g.writeNumberField("total_duration", totalNanos);
        g.writeNumberField("load_duration", 0);
        g.writeNumberField("prompt_eval_count", usage.promptTokens());
        g.writeNumberField("prompt_eval_duration", firstTokenNanos);
        g.writeNumberField("eval_count", usage.completionTokens());
        g.writeNumberField("eval_duration", generationNanos);
    }

    /** {@code GET /api/tags}: one entry per configured provider model. */
    static void tags(JsonGenerator g, ProviderCatalog providers, String modifiedAt) throws IOException {
        g.writeStartObject();
        g.writeArrayFieldStart("models");
        for (ProviderSettings p : providers.all()) {
            String name = p.model();
            g.writeStartObject();
            g.writeStringField("name", name);
            g.writeStringField("model", name);
            g.writeStringField("modified_at", modifiedAt);
            g.writeNumberField("size", 0);
            g.writeStringField("digest", digest(name));
            Discovery.details(g, p.provider().id());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    /** A model's digest as Ollama lists it: here the SHA-256 of its name (the router has no weights). */
    static String digest(String name) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(name.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
