package io.llmfailover.router.stream;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.streams.ReadStream;

/**
 * The body of an upstream answer whose status was 200, still paused, and what is needed to read it.
 *
 * @param vertx     for timers
 * @param context   the context (event loop) whose thread delivers the body
 * @param body      the body, paused
 * @param reset     cancels the call: closes the connection, so the provider stops generating
 * @param sentNanos when the request was sent ({@link System#nanoTime()})
 */
public record UpstreamBody(Vertx vertx, Context context, ReadStream<Buffer> body, Runnable reset, long sentNanos) {

    /** Runs the action on the body's event loop: at once when already there, else as its next task. */
    public void onLoop(Runnable action) {
        if (((ContextInternal) context).nettyEventLoop().inEventLoop()) {
            action.run();
        } else {
            context.runOnContext(v -> action.run());
        }
    }
}
