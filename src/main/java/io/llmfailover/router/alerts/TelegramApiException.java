package io.llmfailover.router.alerts;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Telegram answered, but not with {@code "ok": true}: the HTTP status, Telegram's description and its
 * {@code parameters.retry_after}. The message never holds the request URL (it contains the bot token).
 */
public class TelegramApiException extends RuntimeException {

    private final int status;
    private final long retryAfterSeconds;

    public TelegramApiException(int status, JsonNode json, String rawBody) {
        super(describe(status, json), null, false, false);
        this.status = status;
        this.retryAfterSeconds = json == null ? 0 : json.path("parameters").path("retry_after").asLong(0);
    }

    private static String describe(int status, JsonNode json) {
        String description = json == null ? "answer is not JSON" : json.path("description").asText(null);
        if (description == null) {
            description = json.path("ok").asBoolean(false) ? null : "answer without ok: true";
        }
        return "HTTP " + status + (description == null ? "" : ": " + description);
    }

    public int getStatus() {
        return status;
    }

    public long getRetryAfterSeconds() {
        return retryAfterSeconds;
    }
}
