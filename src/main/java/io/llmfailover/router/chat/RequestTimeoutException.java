package io.llmfailover.router.chat;

import java.util.List;

/** {@code llm.request-timeout} passed before any provider answered. */
public class RequestTimeoutException extends AllProvidersFailedException {

    public RequestTimeoutException(long timeoutMs, List<Attempt> attempts) {
        super("no answer within llm.request-timeout (" + timeoutMs + " ms)", attempts, null);
    }
}
