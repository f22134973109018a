package io.llmfailover.router.dispatch;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

import io.llmfailover.router.chat.AllProvidersFailedException;
import io.llmfailover.router.chat.Attempt;
import io.llmfailover.router.chat.CapabilityMissingException;
import io.llmfailover.router.chat.ChatRequest;
import io.llmfailover.router.chat.ChatRequests;
import io.llmfailover.router.chat.ChatResponse;
import io.llmfailover.router.chat.CircuitOpenException;
import io.llmfailover.router.chat.InvalidChatRequestException;
import io.llmfailover.router.chat.QuotaDeniedException;
import io.llmfailover.router.chat.RequestTimeoutException;
import io.llmfailover.router.core.FailureClass;
import io.llmfailover.router.core.PropertyNames;
import io.llmfailover.router.core.Provider;
import io.llmfailover.router.health.HealthChange;
import io.llmfailover.router.quota.QuotaDecision;
import io.llmfailover.router.routing.ChainPlanner;
import io.llmfailover.router.routing.RoutingDecision;
import io.llmfailover.router.settings.LiveSettings;
import io.llmfailover.router.settings.RetrySettings;
import io.llmfailover.router.stream.AnswerStream;
import io.llmfailover.router.stream.Cancellation;
import io.llmfailover.router.stream.LiveAnswer;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Headers;

/**
 * The computing half of {@code direct:chat} and {@code direct:walk-chain} (routes/chat.camel.yaml): validates the
 * prompt, walks the finished order of a {@link RoutingDecision} one provider at a time, records every attempt, applies
 * passive health to Ollama, and answers the first success or one error listing every attempt. Every provider streams
 * its answer; a caller that asked for a stream gets it from its first token on ({@link LiveWalk}), any other gets it
 * collected whole ({@link Collector}). It never reorders the chain itself: when the quota gate refuses Gemini at call
 * time, {@link ChainPlanner#afterQuotaDenied} says what follows. See docs/streaming.md.
 */
public final class Dispatcher {

    private final long requestTimeoutMs;
    private final StreamOutcomes outcomes;
    private final ChainPlanner planner;
    private final FailurePolicy policy;

    /** @param contentFilterFinal {@code llm.routing.on-content-filter=final} */
    public Dispatcher(long requestTimeoutMs, StreamOutcomes outcomes, ChainPlanner planner, RetrySettings retry,
            LiveSettings providers, boolean contentFilterFinal) {
        this.requestTimeoutMs = requestTimeoutMs;
        this.outcomes = outcomes;
        this.planner = planner;
        this.policy = new FailurePolicy(retry, providers, contentFilterFinal);
    }

    /** Accepts a String prompt or a ChatRequest; anything else is an {@code InvalidChatRequestException}. */
    public ChatRequest request(@Body Object body) {
        return ChatRequests.of(body);
    }

    /**
     * Starts the walk along the decision's order. {@code llmStream} true: the caller takes the answer as a stream;
     * {@code llmCancellation}: the front door's, which stops the walk when the client goes away.
     */
    public DispatchState start(@ExchangeProperty(PropertyNames.DECISION) RoutingDecision decision,
            @ExchangeProperty(PropertyNames.STREAM) Boolean stream,
            @ExchangeProperty(PropertyNames.CANCELLATION) Cancellation cancellation) {
        return new DispatchState(decision.order(), decision.leftOut(), requestTimeoutMs, Boolean.TRUE.equals(stream),
                cancellation, policy);
    }

    /**
     * The next provider to call (its id names the route {@code direct:call-<id>}), or null when the walk is over: a
     * provider answered, none is left, {@code llm.request-timeout} has passed, or the client went away.
     */
    public String next(@ExchangeProperty(PropertyNames.DISPATCH) DispatchState state) {
        Provider p = state.begin();
        return p == null ? null : p.id();
    }

    /** Milliseconds left for the call about to be made (bounds the wait for its first token). */
    public long budget(@ExchangeProperty(PropertyNames.DISPATCH) DispatchState state) {
        return Math.max(1, state.remainingMs());
    }

    /**
     * A provider's answer has started (its first text came): a stream caller takes it as it is; for any other the
     * answer is collected whole first, a cut or stall failing the attempt.
     */
    public CompletionStage<Object> receive(@ExchangeProperty(PropertyNames.DISPATCH) DispatchState state,
            @Body AnswerStream answer, @ExchangeProperty(PropertyNames.QUOTA) QuotaDecision quota) {
        state.cancellation().onCancel(answer::cancel);
        outcomes.started(state.current(), quota, answer);
        if (state.stream()) {
            // the steps up to the commit only compute: they go on at once, so the first token goes out without a
            // thread hand-over (an in-JVM caller gets the answer on a route thread: routes/chat.camel.yaml)
            return CompletableFuture.completedFuture(answer);
        }
        return outcomes.hop(Collector.collect(answer, state.deadlineNanos(), outcomes)
                .thenApply(r -> r));
    }

    /** Records the answering attempt; the answer is a collected ChatResponse or a stream committed at its first token. */
    public void succeeded(@ExchangeProperty(PropertyNames.DISPATCH) DispatchState state, @Body Object answer) {
        long ms = state.elapsedMs();
        state.record(new Attempt(state.current().id(), Attempt.SUCCESS, null, ms));
        outcomes.attempt(state.current().id(), Attempt.SUCCESS, ms);
        state.answered(answer);
    }

    /**
     * Records a failed or skipped attempt and decides what follows (README, "When a provider fails"): the same
     * provider once more after a pause ({@link #retryPause}), the next one, or the end of the walk (a content-policy
     * refusal). A failed Ollama call marks Ollama unhealthy at once (passive health), a cloud provider's counts
     * against its breaker; a Gemini call the quota gate refused has {@code llm.routing.quota-exceeded} take Gemini's
     * place for this walk.
     *
     * @return the change of Ollama's effective health this failure caused, or null
     */
    public HealthChange failed(@ExchangeProperty(PropertyNames.DISPATCH) DispatchState state,
            @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable caught,
            @ExchangeProperty(PropertyNames.QUOTA) QuotaDecision quota) {
        Throwable failure = unwrap(caught);
        Provider provider = state.current();
        outcomes.noAnswer(provider, quota);
        FailurePolicy.Failure f = policy.read(failure, state.elapsedMs(), state.remainingMs());
        if (state.cancellation().cancelled()) {
            // the client went away: counted, not held against the provider
            f = new FailurePolicy.Failure("cancelled: the client went away", null, FailureClass.CANCELLED, 0, false);
        }
        if (failure instanceof CapabilityMissingException) {
            state.lacked();
        }
        if (failure instanceof QuotaDeniedException
                || failure instanceof CircuitOpenException && planner.hasStandIns(provider)) {
            // a provider with stand-ins is out for this prompt (quota spent, gate failed closed, breaker open): its
            // stand-ins step in (llm.routing.<id>-exhausted, or llm.routing.quota-exceeded)
            state.replaceUntried(planner.afterDenied(provider, state.untried(), state.tried()));
        }
        long pause = f.skipped() ? -1 : policy.retryPause(f, provider, state);
        long ms = state.elapsedMs();
        Attempt attempt = new Attempt(provider.id(), f.skipped() ? Attempt.SKIPPED : Attempt.FAILED,
                pause < 0 ? f.reason() : f.reason() + " (tried again after " + pause + " ms)", ms);
        state.record(attempt);
        outcomes.attempt(provider.id(), attempt.outcome(), ms);
        if (f.kind() == null) {
            // skipped, nothing called: a breaker trial this prompt held is over (unless the breaker itself said no)
            if (!(failure instanceof CircuitOpenException)) {
                outcomes.released(provider);
            }
            return null;
        }
        outcomes.failure(provider.id(), f.kind());
        if (f.kind() == FailureClass.CONTENT_POLICY && policy.contentFilterFinal()) {
            state.blocked(attempt);
        } else if (f.kind().aboutTheRequest()) {
            state.refused(attempt, f.kind());
        } else if (f.kind().misconfiguration()) {
            state.misconfigured(attempt);
        }
        if (pause >= 0) {
            state.retryCurrent(pause);
            if (f.retryAfterMs() == 0 || policy.selfHosted(provider)) {
                // one transient error says little: the retry's outcome is what health and breakers hear (a cloud
                // provider's own wait opens its breaker for that long, so the other prompts skip it meanwhile)
                outcomes.released(provider);
                return null;
            }
        }
        return outcomes.failedCall(provider, f.impact(), f.kind(), f.reason(), f.retryAfterMs());
    }

    /**
     * The pause before the provider that just failed is called again (a transient error, or a 429 with a short
     * wait), once; 0 when the walk moves on. The route waits it out without holding a thread (Camel's delay).
     */
    public long retryPause(@ExchangeProperty(PropertyNames.DISPATCH) DispatchState state) {
        return state.takeRetryPause();
    }

    /** The failed attempt an operator must hear of (a wrong key, a missing model), once per failure; else null. */
    public Attempt misconfigured(@ExchangeProperty(PropertyNames.DISPATCH) DispatchState state) {
        return state.takeMisconfigured();
    }

    /**
     * The answer with every attempt: a ChatResponse, or for a stream caller a {@link LiveWalk} that delivers the
     * committed stream (and continues it elsewhere if it is cut); or one error listing each attempt's reason.
     */
    public Object finish(@ExchangeProperty(PropertyNames.DISPATCH) DispatchState state,
            @ExchangeProperty(PropertyNames.REQUEST) ChatRequest request) {
        Object answer = state.answer();
        if (answer instanceof ChatResponse response) {
            return response.withAttempts(state.attempts());
        }
        if (answer instanceof AnswerStream stream) {
            return new LiveWalk(state, request, stream, outcomes);
        }
        if (state.remainingMs() <= 0) {
            List<Attempt> all = new ArrayList<>(state.attempts());
            for (Provider p : state.untried()) {
                all.add(new Attempt(p.id(), Attempt.SKIPPED, "no time left of llm.request-timeout", 0));
            }
            throw new RequestTimeoutException(state.timeoutMs(), all);
        }
        if (!state.attempts().isEmpty() && state.lackedCount() == state.attempts().size()) {
            // nothing was called: the request asks for what no provider of the chain can do
            StringBuilder why = new StringBuilder("no provider in the chain can answer this request: ");
            for (int i = 0; i < state.attempts().size(); i++) {
                Attempt a = state.attempts().get(i);
                why.append(i == 0 ? "" : "; ").append(a.provider()).append(": ").append(a.reason());
            }
            throw new InvalidChatRequestException(why.toString());
        }
        InvalidChatRequestException declined = FailurePolicy.declined(state);
        if (declined != null) {
            // the request is what is wrong: a 400 with the provider's own words, not a 502 to retry
            throw declined;
        }
        throw new AllProvidersFailedException(state.attempts(), state.leftOut());
    }

    /**
     * A streamed answer for an in-JVM caller ({@code direct:chat-stream}): its pieces as an iterator, and the
     * headers {@code X-LLM-Provider}, {@code X-LLM-Model} and {@code X-LLM-Attempts} of the committed provider.
     */
    public AnswerChunks chunks(@Body LiveAnswer answer, @Headers Map<String, Object> headers) {
        headers.put("X-LLM-Provider", answer.provider());
        headers.put("X-LLM-Model", answer.model());
        headers.put("X-LLM-Attempts", answer.attempts());
        return new AnswerChunks(answer);
    }

    static Throwable unwrap(Throwable t) {
        Throwable e = t;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }
}
