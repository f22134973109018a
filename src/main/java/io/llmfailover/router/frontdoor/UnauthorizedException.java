package io.llmfailover.router.frontdoor;

/** The front door requires {@code Authorization: Bearer <llm.http.api-key>} and the request did not carry it. */
public class UnauthorizedException extends RuntimeException {
    public UnauthorizedException(String message) {
        super(message, null, false, false);
    }
}
