package io.llmfailover.router.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmfailover.router.stream.AnswerDecoder;
import io.llmfailover.router.stream.AnswerEvents;
import io.llmfailover.router.stream.Framing;

/**
 * Ollama's NDJSON stream (docs/wire-formats.md section 1): every line a whole object with {@code message.content}
 * ({@code /api/chat}), whole tool calls in {@code message.tool_calls}, and {@code done}; the last has {@code done: true}, the done reason and the counts. A line
 * {@code {"error": ...}} is an error event.
 */
final class OllamaDecoder implements AnswerDecoder {

    private final ObjectMapper mapper;
    private int toolCalls;

    OllamaDecoder(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public Framing framing() {
        return Framing.ndjson();
    }

    @Override
    public void decode(String event, byte[] data, int length, AnswerEvents out) {
        JsonNode line = StreamJson.object(mapper, data, length, out);
        if (line == null) {
            return;
        }
        if (line.hasNonNull("error")) {
            out.error(line.path("error").asText());
            return;
        }
        JsonNode done = line.get("done");
        JsonNode content = line.path("message").get("content");
        if (done == null || !done.isBoolean() || (content != null && !content.isTextual())) {
            out.malformed("a line without done or with a content that is not text");
            return;
        }
        out.model(StreamJson.text(line.get("model")));
        if (content != null) {
            out.text(content.textValue());
        }
        // tool calls come whole, arguments as an object; Ollama gives no call ids (newer versions may: kept then)
        for (JsonNode call : line.path("message").path("tool_calls")) {
            JsonNode f = call.path("function");
            if (!StreamJson.wholeCall(out, toolCalls++, call.get("id"), f.get("name"), f.get("arguments"))) {
                return;
            }
        }
        if (done.booleanValue()) {
            String reason = StreamJson.text(line.get("done_reason"));
            out.finish("length".equals(reason) ? "length" : "stop", reason);
            long prompt = line.path("prompt_eval_count").asLong(0);
            long completion = line.path("eval_count").asLong(0);
            out.usage(prompt, completion, prompt + completion);
            out.terminal();
        }
    }
}
