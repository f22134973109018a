package io.llmfailover.router.stream;

import java.util.concurrent.atomic.AtomicReference;

/**
 * A prompt's client went away: whatever is in flight for it stops (the upstream call is cancelled, no further
 * provider is tried). The front doors create one per request; the walk tells it what to stop. Thread-safe.
 */
public final class Cancellation {

    private static final Runnable CANCELLED = () -> { };

    private final AtomicReference<Runnable> onCancel = new AtomicReference<>(null);

    /** Runs the action when the client goes away (at once if it already has); replaces the previous action. */
    public void onCancel(Runnable action) {
        Runnable previous = onCancel.get();
        while (previous != CANCELLED) {
            if (onCancel.compareAndSet(previous, action)) {
                return;
            }
            previous = onCancel.get();
        }
        action.run();
    }

    public void cancel() {
        Runnable action = onCancel.getAndSet(CANCELLED);
        if (action != null && action != CANCELLED) {
            action.run();
        }
    }

    public boolean cancelled() {
        return onCancel.get() == CANCELLED;
    }
}
