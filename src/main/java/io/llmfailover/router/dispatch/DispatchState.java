package io.llmfailover.router.dispatch;

import java.util.ArrayList;
import java.util.List;

import io.llmfailover.router.chat.Attempt;
import io.llmfailover.router.chat.ChatResponse;
import io.llmfailover.router.routing.Provider;
import io.llmfailover.router.routing.RoutingDecision;

/**
 * One prompt's walk along the chain: which providers are left, what each attempt did, and the deadline. Travels in
 * the exchange property {@code llmDispatch}; the {@code chat} route loops while {@link #isHasNext()}.
 */
public final class DispatchState {

    private final RoutingDecision decision;
    private final List<Provider> order;
    private final List<Attempt> attempts = new ArrayList<>(4);
    private final long deadlineNanos;
    private final long timeoutMs;
    private int position;
    private Provider current;
    private long currentStartNanos;
    private ChatResponse answer;

    DispatchState(RoutingDecision decision, List<Provider> order, long timeoutMs) {
        this.decision = decision;
        this.order = new ArrayList<>(order);
        this.timeoutMs = timeoutMs;
        this.deadlineNanos = System.nanoTime() + timeoutMs * 1_000_000L;
    }

    /** True while no provider has answered, one is left to try, and time is left. */
    public boolean isHasNext() {
        return answer == null && position < order.size() && remainingMs() > 0;
    }

    Provider begin() {
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
    public long remainingMs() {
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

    /** Providers left untried. */
    List<Provider> untried() {
        return List.copyOf(order.subList(position, order.size()));
    }

    /** Puts the replacements where {@code replaced} stood among the providers not yet tried (each kept once). */
    void replaceUpcoming(Provider replaced, List<Provider> replacements) {
        List<Provider> upcoming = new ArrayList<>(order.subList(position, order.size()));
        List<Provider> done = order.subList(0, position);
        List<Provider> rebuilt = new ArrayList<>();
        for (Provider p : replacements) {
            if (!done.contains(p) && !rebuilt.contains(p)) {
                rebuilt.add(p);
            }
        }
        for (Provider p : upcoming) {
            if (p != replaced && !rebuilt.contains(p)) {
                rebuilt.add(p);
            }
        }
        order.subList(position, order.size()).clear();
        order.addAll(rebuilt);
    }

    public RoutingDecision decision() {
        return decision;
    }
}
