package io.llmfailover.router.stream;

import java.util.Locale;

/**
 * Why an answer's stream ended before its final event, after it had started.
 *
 * @param kind   what happened
 * @param detail the provider's error message, or what could not be read; null for a cut or a stall
 * @param tokens how many pieces of text had come before it
 */
public record StreamFailure(Kind kind, String detail, long tokens) {

    public enum Kind {
        /** The connection was reset or closed, or the stream ended, before the final event. */
        CUT,
        /** No event within {@code llm.stream.idle-timeout}. */
        STALLED,
        /** The provider sent an error event. */
        ERROR,
        /** An event could not be read. */
        MALFORMED,
        /** The client went away, and the stream was cancelled. */
        CANCELLED,
        /** The prompt's {@code llm.request-timeout} passed before a collected answer was complete. */
        TIMED_OUT;

        /** The outcome's name in metrics: {@code cut}, {@code stalled}, ... */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The attempt's reason: {@code stream cut after 12 tokens}, {@code stream stalled for 30 s after 3 tokens}, ... */
    public String reason(long idleTimeoutSeconds) {
        String after = " after " + tokens + (tokens == 1 ? " token" : " tokens");
        return switch (kind) {
            case CUT -> "stream cut" + after + (detail == null ? "" : " (" + detail + ")");
            case STALLED -> "stream stalled for " + idleTimeoutSeconds + " s" + after;
            case ERROR -> "stream error event" + after + (detail == null ? "" : ": " + detail);
            case MALFORMED -> "malformed stream event" + after + (detail == null ? "" : " (" + detail + ")");
            case CANCELLED -> "client went away" + after;
            case TIMED_OUT -> "timed out" + after + " (llm.request-timeout)";
        };
    }
}
