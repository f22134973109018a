package io.llmfailover.router.stream;

/**
 * A front door's reply that is written as it streams: the body a door route ends with when its client asked for a
 * stream. The HTTP server sends the status and headers the route set, then starts it.
 */
public interface StreamedReply {

    void start(ReplySink sink);

    /** The client went away before the reply was complete. */
    void clientGone();
}
