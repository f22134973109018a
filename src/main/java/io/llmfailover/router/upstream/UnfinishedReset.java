package io.llmfailover.router.upstream;

import java.lang.reflect.Field;

import io.netty.channel.EventLoop;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cancels a call only while its answer is still arriving.
 * <p>
 * Vert.x is in the way here (4.5): an HTTP/1.1 connection goes back to the pool the moment the answer's last byte
 * arrives, even while the router's paused reader has not yet read what Vert.x holds for it; yet
 * {@link HttpClientRequest#reset()} called after that moment still closes the connection, which by then may carry
 * another prompt's call. That call fails with "connection closed" before its answer, is retried as transient, and the
 * provider is called (and billed) twice. So the reset looks first, on the connection's own event loop (where the
 * answer's end is recorded, and where the reset then runs at once, before anybody can take the connection), whether the
 * answer has ended: then there is nothing left to stop, and the connection is left alone. Vert.x keeps that fact
 * private ({@code Http1xClientConnection.Stream.responseEnded}), hence the reflection; without it (another Vert.x), the
 * plain reset is used, as before, and a warning says so once.
 */
final class UnfinishedReset {

    private static final Logger LOG = LoggerFactory.getLogger(UnfinishedReset.class);
    private static final Field STREAM;
    private static final Field RESPONSE_ENDED;

    static {
        Field stream = null;
        Field ended = null;
        try {
            stream = Class.forName("io.vertx.core.http.impl.HttpClientRequestBase").getDeclaredField("stream");
            ended = Class.forName("io.vertx.core.http.impl.Http1xClientConnection$Stream")
                    .getDeclaredField("responseEnded");
            stream.setAccessible(true);
            ended.setAccessible(true);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("This Vert.x does not say whether an upstream answer has ended ({}): a call cancelled after its "
                    + "answer arrived may close a connection another call has taken", e.toString());
            stream = null;
            ended = null;
        }
        STREAM = stream;
        RESPONSE_ENDED = ended;
    }

    private UnfinishedReset() {
    }

    /** True when this Vert.x lets the router see whether an answer has ended (so a late reset is harmless). */
    static boolean available() {
        return RESPONSE_ENDED != null;
    }

    /** Resets the call (closing its connection, so the provider stops) unless its answer has already arrived whole. */
    static void reset(HttpClientRequest request, Throwable cause) {
        HttpConnection connection = request.connection();
        if (RESPONSE_ENDED == null || !(connection instanceof ConnectionBase base)) {
            request.reset(0, cause);
            return;
        }
        EventLoop loop = base.channel().eventLoop();
        if (loop.inEventLoop()) {
            resetIfArriving(request, cause);
        } else {
            loop.execute(() -> resetIfArriving(request, cause));
        }
    }

    private static void resetIfArriving(HttpClientRequest request, Throwable cause) {
        boolean ended;
        try {
            ended = RESPONSE_ENDED.getBoolean(STREAM.get(request));
        } catch (IllegalAccessException | IllegalArgumentException e) {
            ended = false; // not an HTTP/1.1 stream: reset as before
        }
        if (!ended) {
            request.reset(0, cause);
        }
    }
}
