package io.llmfailover.router.frontdoor;

import static io.llmfailover.router.frontdoor.JsonFields.present;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmfailover.router.chat.InvalidChatRequestException;
import io.llmfailover.router.chat.ResponseFormat;

/** Structured output as each door asks for it: OpenAI's {@code response_format}, Ollama's {@code format}. */
final class FormatJson {

    /** OpenAI's rule for a schema's name. */
    private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[a-zA-Z0-9_-]{1,64}");

    private FormatJson() {
    }

    /** {@code text} (or none): null; {@code json_object}; {@code json_schema} with a name and an object schema. */
    static ResponseFormat openAi(JsonNode f) {
        if (!present(f)) {
            return null;
        }
        if (!f.isObject()) {
            throw new InvalidChatRequestException("response_format must be an object", "response_format");
        }
        String type = f.path("type").asText("");
        switch (type) {
            case "text":
                return null;
            case "json_object":
                return ResponseFormat.JSON_OBJECT;
            case "json_schema":
                break;
            default:
                throw new InvalidChatRequestException("response_format.type must be text, json_object or json_schema",
                        "response_format.type");
        }
        JsonNode js = f.get("json_schema");
        if (!present(js) || !js.isObject()) {
            throw new InvalidChatRequestException("response_format.json_schema must be an object",
                    "response_format.json_schema");
        }
        String name = JsonFields.requireString(js.get("name"), "response_format.json_schema.name");
        if (!NAME.matcher(name).matches()) {
            throw new InvalidChatRequestException("response_format.json_schema.name must be 1 to 64 letters, digits, "
                    + "underscores or dashes", "response_format.json_schema.name");
        }
        boolean strict = JsonFields.optionalBoolean(js.get("strict"), "response_format.json_schema.strict", false);
        JsonNode schema = js.get("schema");
        if (!present(schema)) {
            return new ResponseFormat(null, name, strict);
        }
        if (!schema.isObject()) {
            throw new InvalidChatRequestException("response_format.json_schema.schema must be a JSON object",
                    "response_format.json_schema.schema");
        }
        return new ResponseFormat(schema.toString(), name, strict);
    }

    /** Ollama's {@code format}: {@code "json"}, a JSON Schema object, or none ({@code ""} too). */
    static ResponseFormat ollama(JsonNode f) {
        if (!present(f) || f.isTextual() && f.textValue().isEmpty()) {
            return null;
        }
        if (f.isTextual() && "json".equals(f.textValue())) {
            return ResponseFormat.JSON_OBJECT;
        }
        if (f.isObject()) {
            return new ResponseFormat(f.toString(), null, false);
        }
        throw new InvalidChatRequestException("format must be \"json\" or a JSON Schema object", "format");
    }
}
