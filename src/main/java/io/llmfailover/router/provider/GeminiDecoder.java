package io.llmfailover.router.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmfailover.router.stream.AnswerDecoder;
import io.llmfailover.router.stream.AnswerEvents;
import io.llmfailover.router.stream.Framing;

/**
 * Gemini's {@code streamGenerateContent?alt=sse} (docs/wire-formats.md section 2): each event a whole
 * {@code GenerateContentResponse} with the next text (or whole {@code functionCall}s) in
 * {@code candidates[0].content.parts}. There is no terminator:
 * the chunk with {@code finishReason} is the last, so the answer is complete at once. A blocked prompt (no candidates,
 * {@code promptFeedback.blockReason}) and an {@code {"error": ...}} event are error events.
 */
final class GeminiDecoder implements AnswerDecoder {

    /** Finish reasons that say the model tried to call a function and failed. */
    private static final java.util.Set<String> TOOL_FAILURES = java.util.Set.of("MALFORMED_FUNCTION_CALL",
            "UNEXPECTED_TOOL_CALL", "TOO_MANY_TOOL_CALLS");

    private final ObjectMapper mapper;
    private int toolCalls;

    GeminiDecoder(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public Framing framing() {
        return Framing.sse();
    }

    @Override
    public void decode(String event, byte[] data, int length, AnswerEvents out) {
        JsonNode chunk = StreamJson.object(mapper, data, length, out);
        if (chunk == null) {
            return;
        }
        if (chunk.hasNonNull("error")) {
            out.error(StreamJson.text(chunk.path("error").path("message")));
            return;
        }
        JsonNode candidate = chunk.path("candidates").path(0);
        if (candidate.isMissingNode()) {
            String block = StreamJson.text(chunk.path("promptFeedback").path("blockReason"));
            if (block != null) {
                out.blocked("prompt blocked by Gemini's safety settings (blockReason " + block + ")");
            } else if (!chunk.has("usageMetadata")) {
                out.malformed("a chunk without candidates");
            }
            return;
        }
        out.model(StreamJson.text(chunk.get("modelVersion")));
        for (JsonNode part : candidate.path("content").path("parts")) {
            if (part.has("text") && !part.path("thought").asBoolean(false)) {
                out.text(part.path("text").asText());
            } else if (part.has("functionCall")) {
                // whole calls; Gemini gives an id only sometimes: the router makes one otherwise
                JsonNode call = part.path("functionCall");
                if (!StreamJson.wholeCall(out, toolCalls++, call.get("id"), call.get("name"), call.get("args"))) {
                    return;
                }
            }
        }
        JsonNode usage = chunk.get("usageMetadata");
        if (usage != null) {
            long prompt = usage.path("promptTokenCount").asLong(0);
            long total = usage.path("totalTokenCount").asLong(0);
            // thoughts are billed as output: the completion is everything but the prompt
            long completion = total > prompt ? total - prompt : usage.path("candidatesTokenCount").asLong(0);
            out.usage(prompt, completion, total > 0 ? total : prompt + completion);
        }
        String finish = StreamJson.text(candidate.get("finishReason"));
        if (finish != null && TOOL_FAILURES.contains(finish)) {
            // the model tried to call a function and failed: there is nothing to run, and no answer
            out.refused("Gemini stopped with " + finish + ": no usable tool call");
            return;
        }
        if (finish != null) {
            out.finish(GeminiAdapter.normaliseFinish(finish), finish);
            out.terminal();
        }
    }
}
