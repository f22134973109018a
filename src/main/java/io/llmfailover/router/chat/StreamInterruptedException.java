package io.llmfailover.router.chat;

/**
 * A streamed answer broke after its first token and could not be continued elsewhere: what was delivered is not the
 * whole answer. The message names the break first (e.g. {@code ollama stream cut after 12 tokens; not continued:
 * ...}); see docs/streaming.md.
 */
public class StreamInterruptedException extends RuntimeException {

    public StreamInterruptedException(String message) {
        super(message, null, false, false);
    }
}
