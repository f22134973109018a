package io.llmfailover.router.chat;

/**
 * One provider tried for one prompt.
 *
 * @param provider   ollama, gemini, nemotron or claude
 * @param outcome    {@code success}, {@code failed}, or {@code skipped} (not called: no API key, quota spent, gate
 *                   failed closed, or no time left)
 * @param reason     what happened, e.g. {@code HTTP 429: You exceeded your current quota}; never a key
 * @param durationMs time spent on this provider
 */
public record Attempt(String provider, String outcome, String reason, long durationMs) {

    public static final String SUCCESS = "success";
    public static final String FAILED = "failed";
    public static final String SKIPPED = "skipped";

    @Override
    public String toString() {
        return provider + " " + outcome + (reason == null ? "" : " (" + reason + ")") + " in " + durationMs + " ms";
    }
}
