package io.llmfailover.router.dispatch;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import io.llmfailover.router.chat.AnswerSettlement;
import io.llmfailover.router.chat.ChatRequest;
import io.llmfailover.router.core.FailureClass;
import io.llmfailover.router.core.HealthStatus;
import io.llmfailover.router.core.Provider;
import io.llmfailover.router.health.EndpointHealth;
import io.llmfailover.router.health.HealthChange;
import io.llmfailover.router.health.OllamaHealth;
import io.llmfailover.router.health.ProviderBreakers;
import io.llmfailover.router.metrics.RouterMetrics;
import io.llmfailover.router.quota.QuotaDecision;
import io.llmfailover.router.quota.QuotaGates;
import io.llmfailover.router.quota.TokenReservation;
import io.llmfailover.router.settings.HealthSettings;
import io.llmfailover.router.settings.Reconfigurable;
import io.llmfailover.router.settings.RouterSettings;
import io.llmfailover.router.settings.StreamSettings;
import io.llmfailover.router.stream.AnswerFacts;
import io.llmfailover.router.stream.AnswerStream;
import io.llmfailover.router.stream.StreamFailure;

/**
 * What the walk and its streams report to, and run on: attempt and stream metrics, each self-hosted endpoint's passive health (failed
 * calls, and answers that stream too slowly), the route threads that the steps after a failed call or a collected
 * answer run on (an event loop never waits for Redis), and {@code direct:walk-chain} for continuing a cut stream.
 * One per router.
 */
public final class StreamOutcomes implements Reconfigurable {

    /** The self-hosted provider whose health the probe and the streams tell ("" for none). */
    private volatile String localPrimary;
    private final RouterMetrics metrics;
    private final OllamaHealth health;
    /** The other self-hosted endpoints' health (each has passive health of its own). */
    private final EndpointHealth endpoints;
    private final StreamSettings stream;
    private final HealthSettings healthSettings;
    private final Executor stepThreads;
    private final Executor routeThreads;
    private final Consumer<HealthChange> onHealthChange;
    private final ProviderBreakers breakers;
    private volatile ChainWalk chainWalk;
    private volatile BiConsumer<String, HealthChange> onEndpointChange = (id, change) -> { };
    private volatile QuotaGates quotas;

    /**
     * @param stepThreads    where the route goes on after a failed call or a collected answer (a route thread when
     *                       Redis is configured, else at once)
     * @param routeThreads   threads that are never an event loop: an in-JVM caller's route goes on there
     * @param onHealthChange told of a change of Ollama's health that a live stream caused, off any route
     * @param breakers       the cloud providers' passive health
     */
    public StreamOutcomes(RouterMetrics metrics, OllamaHealth health, StreamSettings stream,
            HealthSettings healthSettings, Executor stepThreads, Executor routeThreads,
            Consumer<HealthChange> onHealthChange, ProviderBreakers breakers, Provider localPrimary,
            EndpointHealth endpoints) {
        this.localPrimary = localPrimary == null ? "" : localPrimary.id();
        this.endpoints = endpoints;
        this.metrics = metrics;
        this.health = health;
        this.stream = stream;
        this.healthSettings = healthSettings;
        this.stepThreads = stepThreads;
        this.routeThreads = routeThreads;
        this.onHealthChange = onHealthChange;
        this.breakers = breakers;
    }

    /**
     * Told, off any route, of a change of another self-hosted endpoint's health that a call or a stream caused (its
     * alert and the primary check: {@code direct:endpoint-health-changed}); set by wiring/PromptBeans.
     */
    public void onEndpointChange(BiConsumer<String, HealthChange> listener) {
        this.onEndpointChange = listener;
    }

    /** Set once the routes exist (wiring/PromptBeans). */
    public void chainWalk(ChainWalk walk) {
        this.chainWalk = walk;
    }

    /** Set once the quota gates exist (wiring/PromptBeans): answers settle their token reservations there. */
    public void quotas(QuotaGates gates) {
        this.quotas = gates;
    }

    public StreamSettings settings() {
        return stream;
    }

    long idleSeconds() {
        return stream.idleTimeout().toSeconds();
    }

    /** The same outcome, told where steps that may block run (a route thread when Redis is configured). */
    public <T> CompletionStage<T> hop(CompletionStage<T> stage) {
        return stage.whenCompleteAsync((r, e) -> { }, stepThreads);
    }

    void attempt(String provider, String outcome, long ms) {
        metrics.providerAttempt(provider, outcome, ms);
    }

    /** A failed attempt's kind, for the metrics. */
    void failure(String provider, FailureClass kind) {
        metrics.providerFailure(provider, kind.id());
    }

    /** A reload may name another local primary (the one whose health the streams tell). */
    @Override
    public void reconfigure(RouterSettings next) {
        localPrimary = next.routing().localPrimary() == null ? "" : next.routing().localPrimary().id();
    }

    /**
     * A failed call: passive health for Ollama; a cloud provider's breaker counts what says it is unwell (its
     * health impact) or unusable (a wrong key, a missing model). The change of Ollama's health, or null.
     */
    HealthChange failedCall(Provider provider, HealthStatus impact, FailureClass kind, String reason,
            long retryAfterMs) {
        OllamaHealth own = healthOf(provider.id());
        if (own != null && impact != null) {
            HealthChange change = own.markFailed(impact, reason);
            if (own != health) {
                report(own, change);
                return null;
            }
            return change.statusChanged() ? change : null;
        }
        if (impact != null || kind.misconfiguration()) {
            breakers.failed(provider, reason, retryAfterMs);
        } else {
            breakers.neutral(provider);
        }
        return null;
    }

    /** A call that says nothing about the provider yet (it is tried again, or was skipped): a breaker trial is over. */
    void released(Provider provider) {
        breakers.neutral(provider);
    }

    /**
     * A call's answer started (its first token came): a breaker's trial is over (other prompts may try the provider
     * too); the breaker closes only when the answer completes ({@link #ended}).
     */
    void started(Provider provider, QuotaDecision quota, AnswerStream answer) {
        breakers.neutral(provider);
        TokenReservation r = quota == null ? null : quota.reservation();
        if (r != null && !r.settled() && r.provider().equals(provider.id())) {
            // the reservation goes with the answer, settled when it ends (a stale one, of an earlier call, is settled)
            r.answered();
            answer.facts().settlement(r);
        }
    }

    /** A call to the provider failed before any answer: the tokens its gate reserved for it all go back. */
    void noAnswer(Provider provider, QuotaDecision quota) {
        TokenReservation r = quota == null ? null : quota.reservation();
        if (r != null && !r.hasAnswer() && r.provider().equals(provider.id())) {
            r.release();
        }
    }

    /** A streamed answer ended (collected or live): metrics, and Ollama's speed for passive health. */
    void ended(AnswerStream answer, StreamFailure failure) {
        AnswerFacts f = answer.facts();
        QuotaGates q = quotas;
        if (q != null) {
            q.ledger().record(f.provider(), f.usage());
        }
        AnswerSettlement owed = f.settlement();
        if (owed != null && !owed.settled()) {
            // completed, failed, cut or cancelled: the reservation settles with the real usage (may wait for Redis)
            routeThreads.execute(() -> owed.settle(f.usage(), f.tokens()));
        }
        String outcome = failure == null ? "completed"
                : failure.kind() == StreamFailure.Kind.CANCELLED ? "client_gone" : failure.kind().id();
        double speed = failure == null ? f.tokensPerSecond() : 0;
        if (failure == null) {
            // a cloud provider's answer completed: its breaker closes (a self-hosted one has no breaker)
            breakers.succeeded(f.provider());
        }
        metrics.stream(f.provider(), outcome, f.tokens() > 0 ? f.firstTokenNanos() : 0, speed);
        OllamaHealth own = speed > 0 ? healthOf(f.provider()) : null;
        if (own != null) {
            report(own, own.streamed(speed, healthSettings.minTokensPerSecond(), healthSettings.slowAfterStreams()));
        }
    }

    /** A committed stream failed after its first token: passive health for Ollama, told off the route. */
    void liveFailed(String provider, StreamFailure failure, String reason) {
        HealthStatus impact = Collector.healthImpact(failure);
        OllamaHealth own = impact == null ? null : healthOf(provider);
        if (own != null) {
            report(own, own.markFailed(impact, reason));
        } else if (impact != null) {
            breakers.failed(provider, reason, 0);
        }
    }

    /** The health of a self-hosted endpoint (the local primary's or another's), or null for a cloud provider. */
    private OllamaHealth healthOf(String provider) {
        return localPrimary.equals(provider) ? health : endpoints == null ? null : endpoints.of(provider);
    }

    private void report(OllamaHealth own, HealthChange change) {
        if (!change.statusChanged()) {
            return;
        }
        if (own == health) {
            routeThreads.execute(() -> onHealthChange.accept(change));
        } else {
            routeThreads.execute(() -> onEndpointChange.accept(own.name(), change));
        }
    }

    /** Walks on with {@code direct:walk-chain} from a route thread; completes when that walk is over. */
    CompletionStage<Void> walk(ChatRequest request, DispatchState state) {
        ChainWalk walk = chainWalk;
        if (walk == null) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        routeThreads.execute(() -> walk.walk(request, state).whenComplete((v, e) -> done.complete(null)));
        return done;
    }
}
