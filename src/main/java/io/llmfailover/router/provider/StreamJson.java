package io.llmfailover.router.provider;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

    static String text(JsonNode node) {
        return node == null || node.isMissingNode() || node.isNull() ? null : node.asText();
    }
}
