package io.llmfailover.router.dispatch;

import java.io.Closeable;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;

import io.llmfailover.router.chat.StreamInterruptedException;
import io.llmfailover.router.stream.AnswerSubscriber;
import io.llmfailover.router.stream.AnswerSummary;
import io.llmfailover.router.stream.LiveAnswer;

/**
 * A streamed answer for an in-JVM caller ({@code direct:chat-stream}): an iterator of text pieces that a
 * {@code split} with {@code streaming: true} walks as the provider writes them. {@link #next()} waits for the next
 * piece; a break that could not be continued makes it throw {@link StreamInterruptedException}. At most
 * {@link #BUFFERED} pieces wait for the caller (the upstream is paused meanwhile). {@link #close()} cancels the
 * upstream call. The summary of a complete answer is {@link #summary()}.
 */
public final class AnswerChunks implements Iterator<String>, Closeable, AnswerSubscriber {

    static final int BUFFERED = 64;

    private final LiveAnswer answer;
    private final ArrayDeque<String> pieces = new ArrayDeque<>();
    private boolean paused;
    private boolean over;
    private boolean closed;
    private String failure;
    private AnswerSummary summary;
    private final io.llmfailover.router.chat.ToolCallBuffer toolCalls = new io.llmfailover.router.chat.ToolCallBuffer();

    AnswerChunks(LiveAnswer answer) {
        this.answer = answer;
        answer.subscribe(this);
    }

    @Override
    public synchronized boolean hasNext() {
        while (pieces.isEmpty() && !over && !closed) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new StreamInterruptedException("interrupted while waiting for the answer");
            }
        }
        if (pieces.isEmpty() && failure != null) {
            throw new StreamInterruptedException(failure);
        }
        return !pieces.isEmpty();
    }

    @Override
    public synchronized String next() {
        if (!hasNext()) {
            throw new NoSuchElementException("the answer is complete");
        }
        String piece = pieces.poll();
        if (paused && pieces.size() <= BUFFERED / 2) {
            paused = false;
            answer.resume();
        }
        return piece;
    }

    /** The complete answer's model, finish reason and usage; null until it is complete. */
    public synchronized AnswerSummary summary() {
        return summary;
    }

    /**
     * The tool calls the model asks for, whole (when {@link #summary()}'s finish reason is {@code tool_calls}); the
     * iterator gives the answer's text only. Complete once the iterator is exhausted.
     */
    public synchronized java.util.List<io.llmfailover.router.chat.ToolCall> toolCalls() {
        return toolCalls.calls();
    }

    /** Stops: the upstream call is cancelled. */
    @Override
    public void close() {
        synchronized (this) {
            if (over || closed) {
                closed = true;
                return;
            }
            closed = true;
            notifyAll();
        }
        answer.cancel();
    }

    @Override
    public synchronized void text(String delta, String model) {
        pieces.add(delta);
        if (!paused && pieces.size() >= BUFFERED) {
            paused = true;
            answer.pause();
        }
        notifyAll();
    }

    @Override
    public synchronized void toolCall(io.llmfailover.router.chat.ToolCallDelta delta, String model) {
        toolCalls.add(delta);
    }

    @Override
    public synchronized void completed(AnswerSummary s) {
        summary = s;
        over = true;
        notifyAll();
    }

    @Override
    public synchronized void failed(String message) {
        failure = message;
        over = true;
        notifyAll();
    }
}
