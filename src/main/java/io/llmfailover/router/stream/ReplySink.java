package io.llmfailover.router.stream;

/** Where a front door writes a streamed reply: the client's HTTP response, after its status and headers. */
public interface ReplySink {

    void write(byte[] bytes);

    /** False when the client has not taken what was written yet: wait for {@link #onDrain}. */
    boolean writable();

    /** Runs once the client has taken what was written. */
    void onDrain(Runnable action);

    /** The reply is complete. */
    void end();
}
