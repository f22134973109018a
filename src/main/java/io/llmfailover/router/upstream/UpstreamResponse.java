package io.llmfailover.router.upstream;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;

/**
 * An upstream's answer as it starts: its status, and its body still paused, so nothing is read until a provider
 * adapter decides how. The exchange's body after a {@code upstream:} call.
 */
public final class UpstreamResponse {

    private final Vertx vertx;
    private final HttpClientRequest request;
    private final HttpClientResponse response;
    private final Context context;
    private final long sentNanos;

    UpstreamResponse(Vertx vertx, HttpClientRequest request, HttpClientResponse response, long sentNanos) {
        this.vertx = vertx;
        this.request = request;
        this.response = response;
        this.context = Vertx.currentContext();
        this.sentNanos = sentNanos;
    }

    public int status() {
        return response.statusCode();
    }

    public String header(String name) {
        return response.getHeader(name);
    }

    /** The {@code Retry-After} header in milliseconds when it gives seconds (an HTTP date is not read); else 0. */
    public long retryAfterMs() {
        String header = header("retry-after");
        try {
            double seconds = header == null ? 0 : Double.parseDouble(header.trim());
            return seconds > 0 ? (long) (seconds * 1000) : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    public Vertx vertx() {
        return vertx;
    }

    /** The event loop that reads this answer. */
    public Context context() {
        return context;
    }

    /** The body, paused: set its handlers, then resume it. */
    public HttpClientResponse body() {
        return response;
    }

    /** When the request was sent ({@link System#nanoTime()}). */
    public long sentNanos() {
        return sentNanos;
    }

    /**
     * Cancels the call: the connection is closed, so the provider stops; unless the answer has already arrived whole
     * (then the connection may already carry another call, and is left alone: {@link UnfinishedReset}).
     */
    public void reset() {
        UnfinishedReset.reset(request, null);
    }

    /**
     * Reads the body whole, up to {@code maxBytes} (the rest is dropped and the call cancelled): for error answers,
     * which are short. Completes with what was read, also when the connection fails half way.
     */
    public Future<byte[]> readSmallBody(int maxBytes) {
        Promise<byte[]> done = Promise.promise();
        Buffer body = Buffer.buffer();
        response.handler(chunk -> {
            int room = maxBytes - body.length();
            if (room > 0) {
                body.appendBuffer(chunk.length() <= room ? chunk : chunk.getBuffer(0, room));
            }
            if (body.length() >= maxBytes) {
                reset();
                done.tryComplete(body.getBytes());
            }
        });
        response.endHandler(v -> done.tryComplete(body.getBytes()));
        response.exceptionHandler(e -> done.tryComplete(body.getBytes()));
        response.resume();
        return done.future();
    }
}
