package io.llmfailover.router.dispatch;

import java.util.ArrayList;
import java.util.List;

import io.llmfailover.router.chat.Attempt;
import io.llmfailover.router.core.Provider;
import io.llmfailover.router.stream.Cancellation;

/**
 * One prompt's walk along a finished order: which providers are left, what each attempt did, the deadline, and how
 * the answer is taken (whole, or as a stream committed at its first token). A walk that continues a cut stream takes
 * only providers that continue a prefill. Travels in the exchange property {@code llmDispatch}.
 */
public final class DispatchState {

    private final List<Provider> order;
    private final String leftOut;
    private final List<Attempt> attempts = new ArrayList<>(4);
    private int lacked;
    private int refused;
    private Attempt firstRefusal;
    private final long timeoutMs;
    private final boolean stream;
    private final Cancellation cancellation;
    private final long startNanos = System.nanoTime();
    private long deadlineNanos;
    private boolean continuation;
    private int position;
    private Provider current;
    private long currentStartNanos;
    private Object answer;

    DispatchState(List<Provider> order, String leftOut, long timeoutMs, boolean stream, Cancellation cancellation) {
        this.order = new ArrayList<>(order);
        this.leftOut = leftOut;
        this.timeoutMs = timeoutMs;
        this.stream = stream;
        this.cancellation = cancellation == null ? new Cancellation() : cancellation;
        this.deadlineNanos = startNanos + timeoutMs * 1_000_000L;
    }

    /** The providers the routing decision left out before the walk, with why (the quota gate's), or null. */
    String leftOut() {
        return leftOut;
    }

    /**
     * The next provider to call, or null: one answered, none is left, no time is left, or the client went away. A
     * continuation passes over providers that do not continue a prefill.
     */
    Provider begin() {
        while (answer == null && position < order.size() && remainingMs() > 0 && !cancellation.cancelled()) {
            Provider p = order.get(position++);
            if (!continuation || p.continuesPrefill()) {
                current = p;
                currentStartNanos = System.nanoTime();
                return p;
            }
        }
        current = null;
        return null;
    }

    /** The rest of the walk continues a cut stream: prefill providers only, with a fresh {@code llm.request-timeout}. */
    void continuation() {
        continuation = true;
        answer = null;
        deadlineNanos = System.nanoTime() + timeoutMs * 1_000_000L;
    }

    boolean isContinuation() {
        return continuation;
    }

    /** True when the caller takes the answer as a stream. */
    boolean stream() {
        return stream;
    }

    public Cancellation cancellation() {
        return cancellation;
    }

    /** When the prompt arrived ({@link System#nanoTime()}). */
    long startNanos() {
        return startNanos;
    }

    long deadlineNanos() {
        return deadlineNanos;
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

    /** The answer: a ChatResponse (taken whole) or an AnswerStream (committed at its first token). */
    void answered(Object response) {
        this.answer = response;
    }

    Object answer() {
        return answer;
    }

    /** Replaces the last attempt's record (a committed stream that was cut later). */
    void amendLast(Attempt attempt) {
        attempts.set(attempts.size() - 1, attempt);
    }

    List<Attempt> attempts() {
        return attempts;
    }

    /** A provider skipped because its model lacks a capability the request needs. */
    /** A provider called the request invalid: the first such attempt is kept for the client's 400. */
    void refused(Attempt a) {
        refused++;
        if (firstRefusal == null) {
            firstRefusal = a;
        }
    }

    /**
     * The first provider that called the request invalid, when every provider that was asked did, and at least two
     * were (one provider's 400 may be about its own account or model, not the request); else null.
     */
    Attempt refusedByAll() {
        long asked = attempts.stream().filter(a -> Attempt.FAILED.equals(a.outcome())).count();
        return refused >= 2 && refused == asked ? firstRefusal : null;
    }

    void lacked() {
        lacked++;
    }

    int lackedCount() {
        return lacked;
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
