package io.llmfailover.router.provider;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmfailover.router.chat.ToolCall;
import io.llmfailover.router.chat.ToolCallDelta;
import io.llmfailover.router.stream.AnswerEvents;

/** Reading one streamed event's JSON, for the decoders: the object, or null after reporting it as malformed. */
final class StreamJson {

    private StreamJson() {
    }

    static JsonNode object(ObjectMapper mapper, byte[] data, int length, AnswerEvents out) {
        try {
            JsonNode node = mapper.readTree(data, 0, length);
            if (node != null && node.isObject()) {
                return node;
            }
            out.malformed("an event that is not a JSON object");
        } catch (IOException e) {
            out.malformed("an event that is not JSON");
        }
        return null;
    }

    /**
     * A whole tool call (Ollama's {@code tool_calls[].function}, Gemini's {@code functionCall}): reported as one piece,
     * with the provider's id or a new one, and the arguments object as text; false (after reporting it as malformed)
     * when the call has no name.
     */
    static boolean wholeCall(AnswerEvents out, int index, JsonNode id, JsonNode name, JsonNode args) {
        String n = text(name);
        if (n == null) {
            out.malformed("a tool call without a function name");
            return false;
        }
        String given = text(id);
        out.toolCall(new ToolCallDelta(index, given == null ? ToolCall.newId() : given, n,
                args == null || args.isNull() ? "{}" : args.isTextual() ? args.textValue() : args.toString()));
        return true;
    }

    static String text(JsonNode node) {
        return node == null || node.isMissingNode() || node.isNull() ? null : node.asText();
    }
}
