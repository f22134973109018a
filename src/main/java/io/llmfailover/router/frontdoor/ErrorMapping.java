package io.llmfailover.router.frontdoor;

import io.llmfailover.router.chat.AllProvidersFailedException;
import io.llmfailover.router.chat.EmbeddingsUnavailableException;
import io.llmfailover.router.chat.InvalidChatRequestException;
import io.llmfailover.router.chat.RequestTimeoutException;

/**
 * Maps an exception caught by a front-door route to the HTTP status and the error fields both front doors answer
 * with. Only the router's own typed exceptions show their message to the client; anything else is a 500 with the
 * fixed message {@code internal error} (never the exception text or a stack trace).
 */
public final class ErrorMapping {

    /** The message a client sees for an unexpected failure. */
    public static final String INTERNAL_ERROR = "internal error";

    /** How deep {@link #of} looks into the cause chain for a known exception (Camel may wrap the original). */
    private static final int MAX_CAUSE_DEPTH = 8;

    private static final Mapped INTERNAL = new Mapped(500, "api_error", null, null, INTERNAL_ERROR);

    private ErrorMapping() {
    }

    /**
     * One exception as the client sees it.
     *
     * @param status  the HTTP status
     * @param type    OpenAI {@code error.type}: {@code invalid_request_error} or {@code api_error}
     * @param code    OpenAI {@code error.code}, or null
     * @param param   the offending request field, or null
     * @param message what the client is told
     */
    public record Mapped(int status, String type, String code, String param, String message) {
    }

    /** Classifies {@code e} (or the first known exception in its cause chain); null or unknown gives a 500. */
    public static Mapped of(Throwable e) {
        Throwable t = e;
        for (int depth = 0; t != null && depth < MAX_CAUSE_DEPTH; depth++) {
            Mapped m = known(t);
            if (m != null) {
                return m;
            }
            if (t.getCause() == t) {
                break;
            }
            t = t.getCause();
        }
        return INTERNAL;
    }

    /** Shortcut for {@code of(e).status()}. */
    public static int status(Throwable e) {
        return of(e).status();
    }

    private static Mapped known(Throwable t) {
        if (t instanceof InvalidChatRequestException ice) {
            return new Mapped(400, "invalid_request_error", ice.getCode(), ice.getParam(),
                    messageOr(ice, "invalid request"));
        }
        if (t instanceof UnauthorizedException) {
            return new Mapped(401, "invalid_request_error", "invalid_api_key", null,
                    messageOr(t, "missing or invalid API key"));
        }
        if (t instanceof NotFoundException nf) {
            return new Mapped(404, "invalid_request_error", nf.getCode(), nf.getParam(), messageOr(t, "not found"));
        }
        if (t instanceof RequestTooLargeException) {
            return new Mapped(413, "invalid_request_error", null, null, messageOr(t, "request body is too large"));
        }
        // RequestTimeoutException extends AllProvidersFailedException: test it first
        if (t instanceof RequestTimeoutException) {
            return new Mapped(504, "api_error", "timeout", null, messageOr(t, "no answer in time"));
        }
        if (t instanceof AllProvidersFailedException) {
            return new Mapped(502, "api_error", "all_providers_failed", null,
                    messageOr(t, "all providers failed"));
        }
        if (t instanceof EmbeddingsUnavailableException) {
            return new Mapped(503, "api_error", "embeddings_unavailable", null,
                    messageOr(t, "no endpoint of the embedding model answered"));
        }
        return null;
    }

    private static String messageOr(Throwable t, String fallback) {
        String m = t.getMessage();
        return m == null || m.isBlank() ? fallback : m;
    }
}
