package io.llmfailover.router.chat;

/**
 * A provider answered that the request itself is invalid (HTTP 400 or 422, not an authentication failure): another
 * provider may still take it, so the walk goes on; when every provider that was asked says so, the client gets a 400
 * with the first one's reason instead of a 502.
 */
public class RequestRefusedException extends ProviderCallException {

    public RequestRefusedException(String reason) {
        super(reason, false, null);
    }
}
