package io.llmfailover.router.dispatch;

import java.util.ArrayList;
import java.util.List;

import io.llmfailover.router.chat.Attempt;
import io.llmfailover.router.core.FailureClass;
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
    private FailureClass refusalKind;
    private Attempt blocked;
    private Attempt misconfigured;
    private List<Provider> retried = List.of(); // tried again in this prompt (once is all); mostly none
    private long retryPauseMs;
    private final FailurePolicy policy;
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

    DispatchState(List<Provider> order, String leftOut, long timeoutMs, boolean stream, Cancellation cancellation,
            FailurePolicy policy) {
        this.policy = policy;
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
     * continuation passes over providers that do not continue a prefill; a provider called
     * {@code llm.<provider>.max-attempts} times in this prompt is skipped.
     */
    Provider begin() {
        while (answer == null && position < order.size() && remainingMs() > 0 && !cancellation.cancelled()) {
            Provider p = order.get(position++);
            if (continuation && !p.continuesPrefill()) {
                continue;
            }
            int max = policy.maxAttempts(p);
            if (calls(p) >= max) {
                attempts.add(new Attempt(p.id(), Attempt.SKIPPED, "called " + max + " time" + (max == 1 ? "" : "s")
                        + " in this prompt (llm." + p.id() + ".max-attempts)", 0));
            } else {
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

    /**
     * A provider declined the request (invalid, too large, or on content-policy grounds with
     * {@code llm.routing.on-content-filter=next}): the first such attempt is kept for the client's 400.
     */
    void refused(Attempt a, FailureClass kind) {
        refused++;
        if (firstRefusal == null) {
            firstRefusal = a;
            refusalKind = kind;
        } else if (refusalKind != kind) {
            refusalKind = FailureClass.INVALID_REQUEST; // the providers disagree on why: the request is declined
        }
    }

    /** What kind of refusal {@link #refusedByAll()} is. */
    FailureClass refusalKind() {
        return refusalKind;
    }

    /** A provider's content-policy refusal ends the walk: no other provider is asked. */
    void blocked(Attempt a) {
        blocked = a;
        order.subList(position, order.size()).clear();
    }

    /** The content-policy refusal that ended the walk, or null. */
    Attempt blocked() { return blocked; }

    /** A provider failed in a way its operator must fix (a key, a model): kept for the alert, taken once. */
    void misconfigured(Attempt a) { misconfigured = a; }

    Attempt takeMisconfigured() {
        Attempt a = misconfigured;
        misconfigured = null;
        return a;
    }

    /** Calls made to this provider in this prompt (not skips). */
    int calls(Provider p) {
        int n = 0;
        for (Attempt a : attempts) {
            if (a.provider().equals(p.id()) && !Attempt.SKIPPED.equals(a.outcome())) {
                n++;
            }
        }
        return n;
    }

    /** True when this provider was already tried again in this prompt (once is all). */
    boolean retried(Provider p) {
        return retried.contains(p);
    }

    /** The provider that just failed is called again next, after this pause. */
    void retryCurrent(long pauseMs) {
        retried = retried.isEmpty() ? new ArrayList<>(2) : retried;
        retried.add(current);
        order.add(position, current);
        retryPauseMs = pauseMs;
    }

    /** The pause before the next call (a retry's), once; 0 when none. */
    long takeRetryPause() {
        long p = retryPauseMs;
        retryPauseMs = 0;
        return p;
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
