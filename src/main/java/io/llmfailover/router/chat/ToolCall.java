package io.llmfailover.router.chat;

import java.util.concurrent.ThreadLocalRandom;

/**
 * A call of a function that the model asked for (OpenAI {@code tool_calls[]}, Ollama {@code tool_calls[]}, Gemini
 * {@code functionCall}, Anthropic {@code tool_use}).
 *
 * @param id        the call's id, which the tool's result names ({@code tool_call_id}); the router makes one
 *                  ({@link #newId()}) for a provider that gives none
 * @param name      the function
 * @param arguments its arguments: the text of a JSON object
 */
public record ToolCall(String id, String name, String arguments) {

    private static final char[] ALPHANUMERIC =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    /** A new call id in OpenAI's form: {@code call_} and 24 letters and digits. */
    public static String newId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        char[] id = new char[5 + 24];
        "call_".getChars(0, 5, id, 0);
        for (int i = 5; i < id.length; i++) {
            id[i] = ALPHANUMERIC[random.nextInt(ALPHANUMERIC.length)];
        }
        return new String(id);
    }
}
