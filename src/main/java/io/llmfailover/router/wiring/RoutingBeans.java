package io.llmfailover.router.wiring;

import java.time.Clock;

import io.llmfailover.router.dispatch.Dispatcher;
import io.llmfailover.router.events.PrimaryTracker;
import io.llmfailover.router.health.OllamaHealth;
import io.llmfailover.router.metrics.RouterMetrics;
import io.llmfailover.router.quota.GeminiQuotaGate;
import io.llmfailover.router.quota.InMemoryQuotaGate;
import io.llmfailover.router.quota.RedisQuotaGate;
import io.llmfailover.router.redis.SharedState;
import io.llmfailover.router.routing.ChainPlanner;
import io.llmfailover.router.routing.ForcedPrimary;
import io.llmfailover.router.settings.GeneralSettings;
import io.llmfailover.router.settings.ProviderCatalog;
import io.llmfailover.router.settings.QuotaSettings;
import io.llmfailover.router.settings.RoutingSettings;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.Configuration;

/**
 * Where a prompt goes: the Gemini quota gate, an operator's forced primary, the chain planner
 * (routes/select-provider.camel.yaml), the walk along the chain (routes/chat.camel.yaml) and the primary tracker.
 */
@Configuration
public class RoutingBeans implements CamelConfiguration {

    /** Shared through Redis when there is one (exact across instances), else this instance's own count. */
    @BindToRegistry(lazy = true)
    public GeminiQuotaGate geminiQuotaGate(SharedState state, QuotaSettings quota, Clock clock) {
        return state.shared() ? new RedisQuotaGate(state.redis(), state.keyPrefix(), quota.geminiDailyCalls(), clock)
                : new InMemoryQuotaGate(quota.geminiDailyCalls(), clock);
    }

    @BindToRegistry(lazy = true)
    public ForcedPrimary forcedPrimary(Clock clock) {
        return new ForcedPrimary(clock);
    }

    @BindToRegistry(lazy = true)
    public ChainPlanner chainPlanner(RoutingSettings routing, ProviderCatalog providers, GeminiQuotaGate gate,
            ForcedPrimary forced, Clock clock) {
        return new ChainPlanner(routing.quotaExceeded(), providers, gate, forced, clock);
    }

    @BindToRegistry(lazy = true)
    public Dispatcher dispatcher(GeneralSettings general, OllamaHealth health, RouterMetrics metrics,
            ChainPlanner planner) {
        return new Dispatcher(general.requestTimeout().toMillis(), health, metrics, planner);
    }

    @BindToRegistry(lazy = true)
    public PrimaryTracker primaryTracker(Clock clock) {
        return new PrimaryTracker(clock);
    }
}
