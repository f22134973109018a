package io.llmfailover.router.dispatch;

import java.util.ArrayList;
import java.util.List;

import io.llmfailover.router.chat.Attempt;
import io.llmfailover.router.chat.ChatResponse;
import io.llmfailover.router.core.Provider;

/**
 * One prompt's walk along a finished order: which providers are left, what each attempt did, and the deadline.
 * Travels in the exchange property {@code llmDispatch}.
 */
public final class DispatchState {

    private final List<Provider> order;
    private final List<Attempt> attempts = new ArrayList<>(4);
    private final long deadlineNanos;
    private final long timeoutMs;
    private int position;
    private Provider current;
    private long currentStartNanos;
    private ChatResponse answer;

    DispatchState(List<Provider> order, long timeoutMs) {
        this.order = new ArrayList<>(order);
        this.timeoutMs = timeoutMs;
        this.deadlineNanos = System.nanoTime() + timeoutMs * 1_000_000L;
    }

    /** The next provider to call, or null: one answered, none is left, or no time is left. */
    Provider begin() {
        if (answer != null || position >= order.size() || remainingMs() <= 0) {
            current = null;
            return null;
        }
        current = order.get(position++);
        currentStartNanos = System.nanoTime();
        return current;
    }

    Provider current() {
        return current;
    }

    long elapsedMs() {
        return (System.nanoTime() - currentStartNanos) / 1_000_000;
    }

    /** Milliseconds left of llm.request-timeout. */
    long remainingMs() {
        return (deadlineNanos - System.nanoTime()) / 1_000_000;
    }

    long timeoutMs() {
        return timeoutMs;
    }

    void record(Attempt attempt) {
        attempts.add(attempt);
    }

    void answered(ChatResponse response) {
        this.answer = response;
    }

    ChatResponse answer() {
        return answer;
    }

    List<Attempt> attempts() {
        return attempts;
    }

    /** Providers already called (or skipped), in order. */
    List<Provider> tried() {
        return List.copyOf(order.subList(0, position));
    }

    /** Providers left untried. */
    List<Provider> untried() {
        return List.copyOf(order.subList(position, order.size()));
    }

    /** Replaces the providers left untried (the order itself is made by ChainPlanner). */
    void replaceUntried(List<Provider> upcoming) {
        order.subList(position, order.size()).clear();
        order.addAll(upcoming);
    }
}
