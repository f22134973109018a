package io.llmfailover.router.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmfailover.router.stream.AnswerDecoder;
import io.llmfailover.router.stream.AnswerEvents;
import io.llmfailover.router.stream.Framing;

/**
 * Anthropic's named server-sent events (docs/wire-formats.md section 4): {@code message_start} (model, input
 * tokens), {@code content_block_delta} with {@code text_delta}s, {@code message_delta} (stop reason, output tokens),
 * {@code message_stop}. {@code ping} and events this version does not know are skipped; {@code event: error} is an
 * error event.
 */
final class ClaudeDecoder implements AnswerDecoder {

    private final ObjectMapper mapper;
    private long inputTokens;

    ClaudeDecoder(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public Framing framing() {
        return Framing.sse();
    }

    @Override
    public void decode(String event, byte[] data, int length, AnswerEvents out) {
        if ("ping".equals(event)) {
            return;
        }
        JsonNode e = StreamJson.object(mapper, data, length, out);
        if (e == null) {
            return;
        }
        String type = event != null ? event : StreamJson.text(e.get("type"));
        switch (type == null ? "" : type) {
            case "message_start" -> {
                JsonNode message = e.path("message");
                out.model(StreamJson.text(message.get("model")));
                JsonNode usage = message.path("usage");
                inputTokens = usage.path("input_tokens").asLong(0) + usage.path("cache_creation_input_tokens").asLong(0)
                        + usage.path("cache_read_input_tokens").asLong(0);
            }
            case "content_block_start" -> {
                JsonNode block = e.path("content_block");
                if ("text".equals(StreamJson.text(block.get("type")))) {
                    out.text(StreamJson.text(block.get("text")));
                }
            }
            case "content_block_delta" -> {
                JsonNode delta = e.path("delta");
                if ("text_delta".equals(StreamJson.text(delta.get("type")))) {
                    JsonNode text = delta.get("text");
                    if (text == null || !text.isTextual()) {
                        out.malformed("a text_delta without text");
                        return;
                    }
                    out.text(text.textValue());
                }
            }
            case "message_delta" -> {
                String stop = StreamJson.text(e.path("delta").get("stop_reason"));
                long output = e.path("usage").path("output_tokens").asLong(0);
                out.usage(inputTokens, output, inputTokens + output);
                if (stop != null) {
                    out.finish(ClaudeAdapter.normaliseFinish(stop), stop);
                }
            }
            case "message_stop" -> out.terminal();
            case "error" -> {
                JsonNode error = e.path("error");
                String kind = StreamJson.text(error.get("type"));
                String message = StreamJson.text(error.get("message"));
                out.error(kind == null ? message : message == null ? kind : kind + ": " + message);
            }
            default -> {
                // content_block_stop, and events added after this version: nothing to do
            }
        }
    }
}
