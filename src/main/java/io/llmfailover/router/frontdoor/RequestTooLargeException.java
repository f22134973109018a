package io.llmfailover.router.frontdoor;

/** The request body is larger than {@code llm.http.max-body}. */
public class RequestTooLargeException extends RuntimeException {
    public RequestTooLargeException(long limitBytes) {
        super("request body is larger than llm.http.max-body (" + limitBytes + " bytes)", null, false, false);
    }
}
