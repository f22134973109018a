package io.llmfailover.router.chat;

/**
 * A function the model may call (OpenAI {@code tools[].function}, Ollama {@code tools[].function}).
 *
 * @param name        the function's name: letters, digits, {@code _} and {@code -}, at most 64 ({@link ChatRules#TOOL_NAME})
 * @param description what it does, for the model; null when none was given
 * @param parameters  its arguments as a JSON Schema (the text of a JSON object); null for a function without arguments
 * @param strict      OpenAI {@code function.strict}: the arguments must follow the schema exactly (sent where the
 *                    provider has such a switch)
 */
public record Tool(String name, String description, String parameters, boolean strict) {

    /** The schema of a function without arguments. */
    public static final String NO_PARAMETERS = "{\"type\":\"object\",\"properties\":{}}";

    /**
     * The parameters schema with a top-level {@code "type":"object"} (Anthropic requires one; OpenAI clients often send
     * {@code {}} for a function without arguments): added when the schema has no {@code type}.
     */
    public String objectSchema() {
        if (parameters == null) {
            return NO_PARAMETERS;
        }
        if (io.llmfailover.router.util.JsonText.hasTopLevelKey(parameters, "type")) {
            return parameters;
        }
        String rest = parameters.substring(parameters.indexOf('{') + 1).strip();
        return "{\"type\":\"object\"" + (rest.startsWith("}") ? "" : ",") + rest;
    }

    /** The parameters schema, or the empty object schema when the function takes none. */
    public String parametersOrEmpty() {
        return parameters == null ? NO_PARAMETERS : parameters;
    }
}
