package io.llmfailover.router.core;

import java.util.Locale;

/**
 * What kind of error a failed attempt met, read from each provider's own error format (README, "When a provider
 * fails"). The kind decides the reaction: try the same provider once more after a pause, move on, or stop the walk.
 * Its {@link #id()} labels the failed attempt in the metrics.
 */
public enum FailureClass {
    /** One 500, 502 or 503, or a connection reset before the answer: tried once more after a short jittered pause. */
    TRANSIENT,
    /** A 429: with a wait of at most {@code llm.retry.max-wait}, tried once more after it; otherwise move on. */
    RATE_LIMITED,
    /** Overloaded (529), timeouts, connection refused, a broken stream: move on. */
    PERSISTENT,
    /** The request does not fit this model's context window: move on (a larger model may take it). */
    TOO_LARGE,
    /** The provider's safety system declined the request: final by default ({@code llm.routing.on-content-filter}). */
    CONTENT_POLICY,
    /** Another 400 or 422 about the request: move on; when every provider says so, the client gets a 400. */
    INVALID_REQUEST,
    /** The provider answered without a usable answer (a function call it failed to make): move on. */
    NO_ANSWER,
    /** A 401 or 403: the key is wrong or lacks a permission. Move on, alert once. */
    AUTH,
    /** A 404: the configured model (or endpoint) does not exist. Move on, alert once. */
    MODEL_NOT_FOUND,
    /** The client went away, or the prompt's own {@code llm.request-timeout} ran out: not the provider's doing. */
    CANCELLED;

    /** The metric label: {@code transient}, {@code rate_limited}, ... */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The class an HTTP error status has before the provider's error body refines it. */
    public static FailureClass ofStatus(int status) {
        return switch (status) {
            case 400, 422 -> INVALID_REQUEST;
            case 401, 403 -> AUTH;
            case 404 -> MODEL_NOT_FOUND;
            case 413 -> TOO_LARGE;
            case 429 -> RATE_LIMITED;
            case 500, 502, 503 -> TRANSIENT;
            default -> PERSISTENT;
        };
    }

    /** An operator's problem (a wrong key, a missing model): alerted once, and counted by the provider's breaker. */
    public boolean misconfiguration() {
        return this == AUTH || this == MODEL_NOT_FOUND;
    }

    /** The request is what the provider declines (not the provider's health): no breaker counts it. */
    public boolean aboutTheRequest() {
        return this == TOO_LARGE || this == CONTENT_POLICY || this == INVALID_REQUEST;
    }
}
