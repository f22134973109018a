package io.llmfailover.router.stream;

import java.util.ArrayDeque;

/**
 * Between an {@link AnswerStream} and its listener: the text and tool calls not taken yet (what came before the listener was
 * attached, or while it had paused), then the end, told once. Calls never overlap, even when a listener's call leads
 * back here (a text that completes the first-token stage runs the whole route on, which attaches the listener).
 */
final class Handoff {

    private final ArrayDeque<Object> pending = new ArrayDeque<>();
    private AnswerListener listener;
    private boolean delivering;
    private boolean paused;
    private boolean told;

    boolean hasListener() {
        return listener != null;
    }

    void listener(AnswerListener l) {
        listener = l;
    }

    /** A piece of text or a {@code ToolCallDelta}. */
    void add(Object piece) {
        pending.add(piece);
    }

    /** The listener cannot take more for now: reading stops (a pause is not a stall). */
    void pause(UpstreamBody upstream) {
        paused = true;
        upstream.body().pause();
    }

    /** The listener can take more: reading goes on, and the silence so far does not count as a stall. */
    void resume(UpstreamBody upstream, StreamTimer timer, Runnable deliver) {
        if (paused) {
            paused = false;
            timer.touch();
            upstream.body().resume();
            deliver.run();
        }
    }

    boolean paused() {
        return paused;
    }

    /**
     * Hands over what is pending; once the stream is over and all text is taken, tells the end.
     *
     * @param over    the stream ended
     * @param failure why it ended early, or null when it completed
     */
    void deliver(AnswerStream stream, boolean over, StreamFailure failure) {
        if (listener == null || delivering) {
            return;
        }
        delivering = true;
        try {
            while (!pending.isEmpty() && !paused) {
                Object piece = pending.poll();
                if (piece instanceof String text) {
                    listener.text(text);
                } else {
                    listener.toolCall((io.llmfailover.router.chat.ToolCallDelta) piece);
                }
            }
            if (over && pending.isEmpty() && !told) {
                told = true;
                if (failure == null) {
                    listener.completed(stream);
                } else {
                    listener.interrupted(stream, failure);
                }
            }
        } finally {
            delivering = false;
        }
    }
}
