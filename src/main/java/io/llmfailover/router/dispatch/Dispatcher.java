package io.llmfailover.router.dispatch;

import java.util.ArrayList;
import java.util.List;

import io.llmfailover.router.chat.AllProvidersFailedException;
import io.llmfailover.router.chat.Attempt;
import io.llmfailover.router.chat.ChatRequest;
import io.llmfailover.router.chat.ChatRequests;
import io.llmfailover.router.chat.ChatResponse;
import io.llmfailover.router.chat.ProviderCallException;
import io.llmfailover.router.chat.QuotaDeniedException;
import io.llmfailover.router.chat.RequestTimeoutException;
import io.llmfailover.router.core.HealthStatus;
import io.llmfailover.router.core.PropertyNames;
import io.llmfailover.router.core.Provider;
import io.llmfailover.router.health.HealthChange;
import io.llmfailover.router.health.OllamaHealth;
import io.llmfailover.router.health.TransportFailures;
import io.llmfailover.router.metrics.RouterMetrics;
import io.llmfailover.router.routing.ChainPlanner;
import io.llmfailover.router.routing.RoutingDecision;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;

/**
 * The computing half of {@code direct:chat} (routes/chat.camel.yaml): validates the prompt, walks the finished order
 * of a {@link RoutingDecision} one provider at a time, records every attempt, applies passive health to Ollama, and
 * answers the first success or one error listing every attempt. It never reorders the chain itself: when the quota
 * gate refuses Gemini at call time, {@link ChainPlanner#afterQuotaDenied} says what follows.
 */
public final class Dispatcher {

    private final long requestTimeoutMs;
    private final OllamaHealth ollamaHealth;
    private final RouterMetrics metrics;
    private final ChainPlanner planner;

    public Dispatcher(long requestTimeoutMs, OllamaHealth ollamaHealth, RouterMetrics metrics, ChainPlanner planner) {
        this.requestTimeoutMs = requestTimeoutMs;
        this.ollamaHealth = ollamaHealth;
        this.metrics = metrics;
        this.planner = planner;
    }

    /** Accepts a String prompt or a ChatRequest; anything else is an {@code InvalidChatRequestException}. */
    public ChatRequest request(@Body Object body) {
        return ChatRequests.of(body);
    }

    /** Starts the walk along the decision's order. */
    public DispatchState start(@ExchangeProperty(PropertyNames.DECISION) RoutingDecision decision) {
        return new DispatchState(decision.order(), requestTimeoutMs);
    }

    /**
     * The next provider to call (its id names the route {@code direct:call-<id>}), or null when the walk is over: a
     * provider answered, none is left, or {@code llm.request-timeout} has passed.
     */
    public String next(@ExchangeProperty(PropertyNames.DISPATCH) DispatchState state) {
        Provider p = state.begin();
        return p == null ? null : p.id();
    }

    /** Milliseconds left for the call about to be made (the provider route sends it as X-Llm-Time-Budget-Ms). */
    public long budget(@ExchangeProperty(PropertyNames.DISPATCH) DispatchState state) {
        return Math.max(1, state.remainingMs());
    }

    public void succeeded(@ExchangeProperty(PropertyNames.DISPATCH) DispatchState state, @Body ChatResponse response) {
        long ms = state.elapsedMs();
        state.record(new Attempt(state.current().id(), Attempt.SUCCESS, null, ms));
        metrics.providerAttempt(state.current().id(), Attempt.SUCCESS, ms);
        state.answered(response);
    }

    /**
     * Records a failed or skipped attempt. A failed Ollama call marks Ollama unhealthy at once (passive health); a
     * Gemini call the quota gate refused has {@code llm.routing.quota-exceeded} take Gemini's place for this walk.
     *
     * @return the change of Ollama's effective health this failure caused, or null
     */
    public HealthChange failed(@ExchangeProperty(PropertyNames.DISPATCH) DispatchState state,
            @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable failure) {
        Provider provider = state.current();
        String reason;
        String outcome = Attempt.FAILED;
        HealthStatus impact;
        if (failure instanceof ProviderCallException pce) {
            reason = pce.getMessage();
            impact = pce.getHealthImpact();
            if (pce.isSkipped()) {
                outcome = Attempt.SKIPPED;
            }
            if (failure instanceof QuotaDeniedException) {
                state.replaceUntried(planner.afterQuotaDenied(state.untried(), state.tried()));
            }
        } else {
            TransportFailures.Failure f = TransportFailures.describe(failure);
            reason = f.reason();
            impact = f.healthImpact();
            if (TransportFailures.TIMED_OUT.equals(reason)) {
                reason = "timed out after " + state.elapsedMs() + " ms";
                if (state.remainingMs() <= 0) {
                    // the prompt's own llm.request-timeout ran out, which says nothing about the provider's health
                    reason = reason + " (llm.request-timeout)";
                    impact = null;
                }
            }
        }
        long ms = state.elapsedMs();
        state.record(new Attempt(provider.id(), outcome, reason, ms));
        metrics.providerAttempt(provider.id(), outcome, ms);
        if (provider == Provider.OLLAMA && impact != null) {
            HealthChange change = ollamaHealth.markFailed(impact, reason);
            return change.statusChanged() ? change : null;
        }
        return null;
    }

    /** The answer with every attempt, or one error listing each attempt's reason. */
    public ChatResponse finish(@ExchangeProperty(PropertyNames.DISPATCH) DispatchState state) {
        if (state.answer() != null) {
            return state.answer().withAttempts(state.attempts());
        }
        if (state.remainingMs() <= 0) {
            List<Attempt> all = new ArrayList<>(state.attempts());
            for (Provider p : state.untried()) {
                all.add(new Attempt(p.id(), Attempt.SKIPPED, "no time left of llm.request-timeout", 0));
            }
            throw new RequestTimeoutException(state.timeoutMs(), all);
        }
        throw new AllProvidersFailedException(state.attempts());
    }
}
