package io.llmfailover.router.stream;

import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

import io.vertx.core.Vertx;

/**
 * One stream's clock: when it last heard from the upstream, and a single Vert.x timer for the next deadline. A
 * token does not reschedule anything (it only notes the time); the timer, when it fires, checks the real gap and
 * sets itself again if the deadline moved, so a long stream costs a timer per idle period, not per token.
 */
final class StreamTimer {

    private final Vertx vertx;
    private final LongConsumer onDeadline;
    private long timerId = -1;
    private volatile long last = System.nanoTime();

    StreamTimer(Vertx vertx, LongConsumer onDeadline) {
        this.vertx = vertx;
        this.onDeadline = onDeadline;
    }

    /** Something arrived (or the wait restarts): now. */
    void touch() {
        last = System.nanoTime();
    }

    long last() {
        return last;
    }

    /** Checks again at this {@link System#nanoTime()} (replacing the pending check). */
    void at(long deadlineNanos) {
        cancel();
        long delayMs = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()) + 1);
        timerId = vertx.setTimer(delayMs, id -> {
            timerId = -1;
            onDeadline.accept(System.nanoTime());
        });
    }

    void cancel() {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
            timerId = -1;
        }
    }
}
