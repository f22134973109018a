package io.llmfailover.router.chat;

/**
 * Structured output: the answer must be JSON (any object), or JSON that matches a schema. Null on a
 * {@link ChatRequest} means text. Each provider's adapter asks for it in the provider's own way (README's
 * request-field table; docs/wire-formats.md sections 1 to 4).
 *
 * @param schema the JSON Schema as JSON text (an object), or null for any JSON object
 * @param name   the schema's name (OpenAI {@code json_schema.name}), or null
 * @param strict OpenAI {@code json_schema.strict}: the schema must be followed exactly (passed on where the provider
 *               has such a switch)
 */
public record ResponseFormat(String schema, String name, boolean strict) {

    /** Any JSON object (OpenAI {@code json_object}, Ollama {@code format: "json"}). */
    public static final ResponseFormat JSON_OBJECT = new ResponseFormat(null, null, false);

    public boolean hasSchema() {
        return schema != null;
    }
}
