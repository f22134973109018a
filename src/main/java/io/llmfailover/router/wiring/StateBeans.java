package io.llmfailover.router.wiring;

import java.time.Clock;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmfailover.router.alerts.AlertDedup;
import io.llmfailover.router.audit.AuditLog;
import io.llmfailover.router.core.Provider;
import io.llmfailover.router.events.PrimaryTracker;
import io.llmfailover.router.health.HealthCache;
import io.llmfailover.router.quota.GeminiQuotaGate;
import io.llmfailover.router.quota.InMemoryQuotaGate;
import io.llmfailover.router.quota.QuotaGates;
import io.llmfailover.router.quota.RedisQuotaGate;
import io.llmfailover.router.quota.RedisTokenGate;
import io.llmfailover.router.quota.SpendLedger;
import io.llmfailover.router.quota.TokenQuotaGate;
import io.llmfailover.router.redis.SharedState;
import io.llmfailover.router.routing.ForcedPrimary;
import io.llmfailover.router.settings.GeneralSettings;
import io.llmfailover.router.settings.HealthSettings;
import io.llmfailover.router.settings.ProviderCatalog;
import io.llmfailover.router.settings.ProviderSettings;
import io.llmfailover.router.settings.RouterSettings;
import io.llmfailover.router.settings.RoutingSettings;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.Configuration;

/**
 * The state that outlives a prompt: the Gemini counter, the cached health report and the alert marks (in Redis when
 * there is one, so every instance shares them; in memory otherwise), an operator's forced primary, the primary this
 * instance last saw, and the audit log.
 */
@Configuration
public class StateBeans implements CamelConfiguration {

    /** Exact across instances through Redis; without it, this instance's own count. */
    @BindToRegistry
    public GeminiQuotaGate geminiQuotaGate(SharedState state, ProviderCatalog providers, Clock clock) {
        ProviderSettings gemini = providers.byId().get(Provider.GEMINI.id());
        long calls = gemini == null || gemini.dailyCalls() < 0 ? Long.MAX_VALUE / 2 : gemini.dailyCalls();
        return state.shared() ? new RedisQuotaGate(state.redis(), state.keyPrefix(), calls, clock)
                : new InMemoryQuotaGate(calls, clock);
    }

    /**
     * Every provider's quota gates (calls, tokens; Gemini's call gate is {@code geminiQuotaGate}) and the spend
     * ledger; follows a reload.
     */
    @BindToRegistry
    public QuotaGates quotaGates(SharedState state, GeminiQuotaGate geminiQuotaGate, RouterSettings settings,
            Clock clock) {
        QuotaGates.Factory factory = new QuotaGates.Factory() {
            @Override
            public GeminiQuotaGate calls(String provider, long dailyCalls) {
                return state.shared() ? new RedisQuotaGate(state.redis(), provider, state.keyPrefix(), dailyCalls, clock)
                        : new InMemoryQuotaGate(provider, dailyCalls, clock);
            }

            @Override
            public TokenQuotaGate tokens(String provider, long dailyTokens) {
                return state.shared() ? new RedisTokenGate(state.redis(), provider, state.keyPrefix(), dailyTokens, clock)
                        : new TokenQuotaGate.InMemory(provider, dailyTokens, clock);
            }
        };
        return new QuotaGates(factory, geminiQuotaGate, new SpendLedger(clock), settings);
    }

    /** The latest health report in Redis for every instance to read; nowhere in in-memory mode. */
    @BindToRegistry
    public HealthCache healthCache(SharedState state, ObjectMapper mapper, ProviderCatalog providers,
            HealthSettings health, RoutingSettings routing) {
        return state.shared() && routing.localPrimary() != null ? new HealthCache.Redis(state.redis(), mapper,
                state.keyPrefix(), providers.get(routing.localPrimary()).baseUrl(), health.cacheTtl()) : HealthCache.none();
    }

    /** One alert per window across all instances sharing Redis; this instance's own window without it. */
    @BindToRegistry
    public AlertDedup alertDedup(SharedState state) {
        return new AlertDedup(state.redis(), state.keyPrefix());
    }

    @BindToRegistry
    public ForcedPrimary forcedPrimary(Clock clock) {
        return new ForcedPrimary(clock);
    }

    @BindToRegistry
    public PrimaryTracker primaryTracker(Clock clock) {
        return new PrimaryTracker(clock);
    }

    @BindToRegistry
    public AuditLog auditLog(ObjectMapper mapper, Clock clock, GeneralSettings general) {
        return new AuditLog(mapper, clock, general.instanceId());
    }
}
