package io.llmfailover.router.stream;

import java.util.concurrent.TimeUnit;

import io.llmfailover.router.chat.ProviderCallException;
import io.llmfailover.router.core.FailureClass;
import io.llmfailover.router.core.HealthStatus;

/**
 * How long one answer may keep us waiting.
 *
 * @param firstTokenDeadline {@link System#nanoTime()} by which the first text must come
 * @param deadlineIsBudget   true when that deadline is what is left of the prompt's {@code llm.request-timeout},
 *                           false when it is {@code llm.stream.first-token-timeout}
 * @param idleNanos          the longest silence after the first text ({@code llm.stream.idle-timeout})
 */
public record StreamLimits(long firstTokenDeadline, boolean deadlineIsBudget, long idleNanos) {

    /**
     * @param sentNanos        when the request was sent
     * @param firstTokenMillis {@code llm.stream.first-token-timeout}
     * @param budgetMillis     what is left of {@code llm.request-timeout}, or {@link Long#MAX_VALUE}
     * @param idleMillis       {@code llm.stream.idle-timeout}
     */
    public static StreamLimits of(long sentNanos, long firstTokenMillis, long budgetMillis, long idleMillis) {
        boolean budget = budgetMillis < firstTokenMillis;
        long wait = TimeUnit.MILLISECONDS.toNanos(budget ? budgetMillis : firstTokenMillis);
        return new StreamLimits(sentNanos + wait, budget, TimeUnit.MILLISECONDS.toNanos(idleMillis));
    }

    /** Why there is no answer: the first text did not come in time. */
    ProviderCallException firstTokenTimedOut(long now, long sentNanos) {
        long ms = TimeUnit.NANOSECONDS.toMillis(now - sentNanos);
        if (deadlineIsBudget) {
            // the prompt's own time ran out, which says nothing about the provider's health
            return ProviderCallException.failed("timed out after " + ms + " ms (llm.request-timeout)", null,
                    FailureClass.CANCELLED);
        }
        return ProviderCallException.failed("no first token within " + Math.round(ms / 1000.0) + " s",
                HealthStatus.OFFLINE);
    }
}
