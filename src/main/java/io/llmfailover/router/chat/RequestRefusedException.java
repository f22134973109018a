package io.llmfailover.router.chat;

import io.llmfailover.router.core.FailureClass;

/**
 * A provider declined the request itself: invalid (HTTP 400 or 422, not an authentication failure), too large for its
 * model, or refused by its safety system. It says nothing about the provider's health. Another provider may still
 * take it, so the walk goes on (a content-policy refusal ends it unless {@code llm.routing.on-content-filter=next});
 * when every provider that was asked declines it, the client gets a 400 with the first one's reason instead of a 502.
 */
public class RequestRefusedException extends ProviderCallException {

    public RequestRefusedException(String reason) {
        this(reason, FailureClass.INVALID_REQUEST);
    }

    /** @param failureClass INVALID_REQUEST, TOO_LARGE or CONTENT_POLICY */
    public RequestRefusedException(String reason, FailureClass failureClass) {
        super(reason, false, null, 0, failureClass);
    }
}
