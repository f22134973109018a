package io.llmfailover.router.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmfailover.router.chat.ToolCall;
import io.llmfailover.router.chat.ToolCallDelta;
import io.llmfailover.router.stream.AnswerDecoder;
import io.llmfailover.router.stream.AnswerEvents;
import io.llmfailover.router.stream.Framing;

/**
 * Anthropic's named server-sent events (docs/wire-formats.md section 4): {@code message_start} (model, input
 * tokens), {@code content_block_delta} with {@code text_delta}s, {@code tool_use} blocks with
 * {@code input_json_delta} fragments (streamed as tool-call pieces), {@code message_delta} (stop reason, output tokens),
 * {@code message_stop}. {@code ping} and events this version does not know are skipped; {@code event: error} is an
 * error event.
 */
final class ClaudeDecoder implements AnswerDecoder {

    private final ObjectMapper mapper;
    private long inputTokens;
    /** The content block that is a tool call, and that call's index among the answer's calls (-1: none). */
    private int toolBlock = -1;
    private int toolIndex = -1;
    private boolean toolArguments;

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
                String kind = StreamJson.text(block.get("type"));
                if ("text".equals(kind)) {
                    out.text(StreamJson.text(block.get("text")));
                } else if ("tool_use".equals(kind)) {
                    // the input comes as input_json_delta fragments; the block's own input is {} until then
                    toolBlock = e.path("index").asInt(-1);
                    toolIndex++;
                    toolArguments = false;
                    String id = StreamJson.text(block.get("id"));
                    out.toolCall(new ToolCallDelta(toolIndex, id == null ? ToolCall.newId() : id,
                            StreamJson.text(block.get("name")), ""));
                }
            }
            case "content_block_delta" -> {
                JsonNode delta = e.path("delta");
                if ("input_json_delta".equals(StreamJson.text(delta.get("type")))
                        && e.path("index").asInt(-2) == toolBlock) {
                    String part = StreamJson.text(delta.get("partial_json"));
                    if (part != null && !part.isEmpty()) {
                        toolArguments = true;
                        out.toolCall(new ToolCallDelta(toolIndex, null, null, part));
                    }
                } else if ("text_delta".equals(StreamJson.text(delta.get("type")))) {
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
            case "content_block_stop" -> {
                if (toolBlock >= 0 && e.path("index").asInt(-2) == toolBlock) {
                    if (!toolArguments) {
                        out.toolCall(new ToolCallDelta(toolIndex, null, null, "{}")); // a call without arguments
                    }
                    toolBlock = -1;
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
                // events added after this version: nothing to do
            }
        }
    }
}
