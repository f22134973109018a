package io.llmfailover.router.provider;

import java.util.List;
import java.util.Locale;

import io.llmfailover.router.core.FailureClass;

/**
 * Reads the kind of an HTTP error answer (README, "When a provider fails"): its status first, then, for a 400 or 422,
 * what the body says. Every provider's way of saying "too long for this model" (OpenAI's and NVIDIA's
 * {@code context_length_exceeded} and {@code maximum context length}, Anthropic's {@code prompt is too long}, Gemini's
 * {@code The input token count ... exceeds}, Ollama's {@code exceeds the context length}) and OpenAI's (and Azure's)
 * content-policy codes.
 */
final class ErrorKinds {

    /** How the providers word a request that does not fit the model's context window (lower case). */
    private static final List<String> TOO_LARGE_SIGNS = List.of("context length", "context_length", "context window",
            "prompt is too long", "input token count", "too many tokens");

    private ErrorKinds() {
    }

    /**
     * @param code   the error body's {@code error.code} as text (OpenAI's form), or null
     * @param reason the attempt's reason, with the provider's message
     */
    static FailureClass classify(int status, String code, String reason) {
        FailureClass kind = FailureClass.ofStatus(status);
        if (kind != FailureClass.INVALID_REQUEST) {
            return kind;
        }
        if ("content_filter".equals(code) || "content_policy_violation".equals(code)) {
            return FailureClass.CONTENT_POLICY;
        }
        if ("context_length_exceeded".equals(code)) {
            return FailureClass.TOO_LARGE;
        }
        String text = reason.toLowerCase(Locale.ROOT);
        for (String sign : TOO_LARGE_SIGNS) {
            if (text.contains(sign)) {
                return FailureClass.TOO_LARGE;
            }
        }
        return kind;
    }
}
