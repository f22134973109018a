package io.llmfailover.router.frontdoor;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmfailover.router.chat.ChatMessage;
import io.llmfailover.router.chat.ChatRules;
import io.llmfailover.router.chat.InvalidChatRequestException;

/**
 * Reading a door's JSON request field by field: each check raises an {@link InvalidChatRequestException} naming the
 * field. The chat rules themselves (roles, temperature range, token caps, user text) are {@link ChatRules}; this
 * class only says how each appears in JSON.
 */
final class JsonFields {

    static final String NOT_JSON = "request body is not valid JSON";
    static final String NOT_OBJECT = "request body must be a JSON object";
    /** Longest client value echoed back in an error message. */
    private static final int MAX_ECHO = 64;

    private JsonFields() {
    }

    /** A reader that also rejects trailing garbage after the JSON value. */
    static ObjectReader reader(ObjectMapper mapper) {
        return mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    static ObjectNode readObject(ObjectReader reader, byte[] body) {
        if (body == null || body.length == 0) {
            throw new InvalidChatRequestException(NOT_JSON);
        }
        JsonNode root;
        try {
            root = reader.readTree(body);
        } catch (IOException e) {
            // Jackson's message quotes the body: do not echo it
            throw new InvalidChatRequestException(NOT_JSON);
        }
        if (root == null || root.isMissingNode()) {
            throw new InvalidChatRequestException(NOT_JSON);
        }
        if (!root.isObject()) {
            throw new InvalidChatRequestException(NOT_OBJECT);
        }
        return (ObjectNode) root;
    }

    /** True when the field is there and not JSON null (clients often send null for "not given"). */
    static boolean present(JsonNode n) {
        return n != null && !n.isNull() && !n.isMissingNode();
    }

    static String requireModel(ObjectNode root) {
        String model = requireString(root.get("model"), "model");
        if (model.isBlank()) {
            throw new InvalidChatRequestException("model must not be empty", "model");
        }
        return model;
    }

    /** A required string field. */
    static String requireString(JsonNode n, String field) {
        if (!present(n)) {
            throw new InvalidChatRequestException(field + " is required", field);
        }
        if (!n.isTextual()) {
            throw new InvalidChatRequestException(field + " must be a string", field);
        }
        return n.textValue();
    }

    static JsonNode requireNonEmptyArray(ObjectNode root, String field) {
        JsonNode n = root.get(field);
        if (!present(n)) {
            throw new InvalidChatRequestException(field + " is required", field);
        }
        if (!n.isArray()) {
            throw new InvalidChatRequestException(field + " must be an array", field);
        }
        if (n.isEmpty()) {
            throw new InvalidChatRequestException(field + " must not be empty", field);
        }
        return n;
    }

    /** How one message object of a door's {@code messages} array becomes a ChatMessage. */
    @FunctionalInterface
    interface MessageReader {
        ChatMessage read(JsonNode message, String path);
    }

    /** The non-empty {@code messages} array, each element an object read by {@code reader}. */
    static List<ChatMessage> messages(ObjectNode root, MessageReader reader) {
        JsonNode array = requireNonEmptyArray(root, "messages");
        List<ChatMessage> out = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            String path = "messages[" + i + "]";
            out.add(reader.read(requireObjectElement(array.get(i), path), path));
        }
        return out;
    }

    static JsonNode requireObjectElement(JsonNode n, String path) {
        if (n == null || !n.isObject()) {
            throw new InvalidChatRequestException(path + " must be an object", path);
        }
        return n;
    }

    /** system, user, assistant or tool; {@code developer} becomes system when allowed (OpenAI). */
    static String role(JsonNode message, String path, boolean allowDeveloper) {
        String p = path + ".role";
        String raw = requireString(message.get("role"), p);
        String role = ChatRules.role(raw);
        if (role != null) {
            return role;
        }
        if (allowDeveloper && "developer".equals(raw)) {
            return ChatMessage.SYSTEM;
        }
        throw ChatRules.unknownRole(p, echo(raw));
    }

    /** An optional integer > 0 (JSON null counts as absent). */
    static Integer positiveInt(JsonNode n, String field) {
        if (!present(n)) {
            return null;
        }
        if (!n.isIntegralNumber()) {
            throw new InvalidChatRequestException(field + " must be an integer greater than 0", field);
        }
        return ChatRules.requirePositive(n.canConvertToLong() ? n.longValue()
                : n.bigIntegerValue().signum() > 0 ? Long.MAX_VALUE : 0, field);
    }

    /** An optional number from 0 to 2. */
    static Double temperature(JsonNode n, String field) {
        if (!present(n)) {
            return null;
        }
        return ChatRules.requireTemperature(n.isNumber() ? n.doubleValue() : Double.NaN, field);
    }

    static boolean optionalBoolean(JsonNode n, String field, boolean absent) {
        if (!present(n)) {
            return absent;
        }
        if (!n.isBoolean()) {
            throw new InvalidChatRequestException(field + " must be a boolean", field);
        }
        return n.booleanValue();
    }

    /** A client value for an error message, cut short so a huge value does not blow up the error body. */
    static String echo(String value) {
        return value.length() <= MAX_ECHO ? value : value.substring(0, MAX_ECHO) + "...";
    }
}
