package io.llmfailover.router.dispatch;

import java.util.ArrayList;
import java.util.List;

import io.llmfailover.router.chat.AllProvidersFailedException;
import io.llmfailover.router.chat.Attempt;
import io.llmfailover.router.chat.ChatRequest;
import io.llmfailover.router.chat.ChatResponse;
import io.llmfailover.router.chat.ProviderCallException;
import io.llmfailover.router.chat.QuotaDeniedException;
import io.llmfailover.router.chat.RequestTimeoutException;
import io.llmfailover.router.config.RouterSettings;
import io.llmfailover.router.health.HealthChange;
import io.llmfailover.router.health.HealthStatus;
import io.llmfailover.router.health.OllamaHealth;
import io.llmfailover.router.health.TransportFailures;
import io.llmfailover.router.metrics.RouterMetrics;
import io.llmfailover.router.quota.QuotaDecision;
import io.llmfailover.router.routing.Provider;
import io.llmfailover.router.routing.ProviderTarget;
import io.llmfailover.router.routing.RoutingDecision;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;

/**
 * The computing half of {@code direct:chat} (routes/chat.camel.yaml): validates the prompt, walks the routing
 * decision's chain one provider at a time, records every attempt, applies passive health to Ollama, and answers
 * the first success or one error listing every attempt.
 */
public final class Dispatcher {

    private final RouterSettings settings;
    private final OllamaHealth ollamaHealth;
    private final RouterMetrics metrics;

    public Dispatcher(RouterSettings settings, OllamaHealth ollamaHealth, RouterMetrics metrics) {
        this.settings = settings;
        this.ollamaHealth = ollamaHealth;
        this.metrics = metrics;
    }

    /** Accepts a String prompt or a ChatRequest; anything else is an {@code InvalidChatRequestException}. */
    public ChatRequest request(@Body Object body) {
        return ChatRequests.of(body);
    }

    /** Starts the walk: primary first, then the fallback chain; a preferred provider in the chain goes first. */
    public DispatchState start(@ExchangeProperty("llmRequest") ChatRequest request, @Body RoutingDecision decision) {
        List<Provider> order = new ArrayList<>(decision.fallbackChain().size() + 1);
        order.add(Provider.fromId(decision.primary().provider()));
        for (ProviderTarget t : decision.fallbackChain()) {
            order.add(Provider.fromId(t.provider()));
        }
        Provider preferred = preferred(request.model());
        if (preferred != null && order.remove(preferred)) {
            order.add(0, preferred);
        }
        return new DispatchState(decision, order, settings.requestTimeout().toMillis());
    }

    private Provider preferred(String model) {
        if (model == null || model.isBlank()) {
            return null;
        }
        for (Provider p : Provider.values()) {
            if (p.id().equalsIgnoreCase(model) || settings.provider(p).model().equals(model)) {
                return p;
            }
        }
        return null;
    }

    /** The next provider to call; its id names the route {@code direct:call-<id>}. */
    public String next(@ExchangeProperty("llmDispatch") DispatchState state) {
        return state.begin().id();
    }

    /** The walk's loop condition: no provider has answered, one is left to try, and time is left. */
    public boolean hasNext(@ExchangeProperty("llmDispatch") DispatchState state) {
        return state.isHasNext();
    }

    /**
     * Milliseconds left for the call about to be made (see TimeBudgetInterceptor); null when a provider route runs
     * outside a walk.
     */
    public Long budget(@ExchangeProperty("llmDispatch") DispatchState state) {
        return state == null ? null : Math.max(1, state.remainingMs());
    }

    public void succeeded(@ExchangeProperty("llmDispatch") DispatchState state, @Body ChatResponse response) {
        long ms = state.elapsedMs();
        state.record(new Attempt(state.current().id(), Attempt.SUCCESS, null, ms));
        metrics.providerAttempt(state.current().id(), Attempt.SUCCESS, ms);
        state.answered(response);
    }

    /**
     * Records a failed or skipped attempt. A failed Ollama call marks Ollama unhealthy at once (passive health);
     * a denied Gemini quota puts {@code llm.routing.quota-exceeded} in Gemini's place for this walk.
     *
     * @return the change of Ollama's effective health this failure caused, or null
     */
    public HealthChange failed(@ExchangeProperty("llmDispatch") DispatchState state,
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
                state.replaceUpcoming(Provider.GEMINI, settings.quotaExceededOrder());
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

    /** Gemini's quota gate said no: skip Gemini (its replacements take its place). */
    public void quotaDenied(@ExchangeProperty("llmQuota") QuotaDecision decision) {
        throw new QuotaDeniedException(decision.reason(), decision.gateError());
    }

    /** The answer with every attempt, or one error listing each attempt's reason. */
    public ChatResponse finish(@ExchangeProperty("llmDispatch") DispatchState state) {
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
