package io.llmfailover.router.wiring;

import java.util.ArrayList;
import java.util.List;

import io.llmfailover.router.core.HealthStatus;
import io.llmfailover.router.core.Provider;
import io.llmfailover.router.health.HealthCache;
import io.llmfailover.router.quota.GeminiQuotaGate;
import io.llmfailover.router.redis.SharedState;
import io.llmfailover.router.settings.Durations;
import io.llmfailover.router.settings.HealthSettings;
import io.llmfailover.router.settings.ProviderSettings;
import io.llmfailover.router.settings.RouterSettings;
import io.llmfailover.router.settings.RoutingSettings;
import io.llmfailover.router.settings.TelegramSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The lines the router logs at startup: what it talks to, and clearly what is missing (WARN, prefixed MISSING). */
final class StartupReport {

    private static final Logger LOG = LoggerFactory.getLogger("io.llmfailover.router.Startup");

    private StartupReport() {
    }

    static void log(RouterSettings s, SharedState state, GeminiQuotaGate gate, HealthCache cache) {
        HealthSettings h = s.health();
        for (ProviderSettings local : s.providers().all()) {
            if (local.selfHosted()) {
                LOG.info("Self-hosted {} {} {} (model {}, health model {}), probed every {} (timeout {}), recovery after {}"
                        + " healthy probes", local.provider().type(), local.provider(), local.baseUrl(), local.model(),
                        local.healthModel(), Durations.format(h.pollInterval()), Durations.format(h.probeTimeout()),
                        h.recoveryProbes());
            }
        }
        if (!state.shared()) {
            LOG.warn("MISSING llm.redis.url (LLM_REDIS_URL): state is in memory, for a single instance only; the Gemini"
                    + " quota ({} calls/day) and the health cache are not shared with other instances (Redis Sentinel:"
                    + " llm.redis.sentinel.*; Redis Cluster: llm.redis.cluster.nodes)", gate.quota());
        } else {
            LOG.info("Redis {}: Gemini quota {} calls/day shared on key {}; health cached in {}", state.redis().target(),
                    gate.quota(), gate.todayKey(), cache.location());
            if (!state.redis().ping()) {
                LOG.warn("Redis {} is not reachable now: the Gemini quota gate fails closed (no Gemini calls) until it"
                        + " answers", state.redis().target());
            }
        }
        List<String> missing = new ArrayList<>();
        for (ProviderSettings p : s.providers().all()) {
            if (!p.needsApiKey()) {
                continue;
            }
            if (!p.hasApiKey()) {
                missing.add(p.apiKeyVariable());
            }
            LOG.info("Provider {}", p);
        }
        if (!missing.isEmpty()) {
            LOG.warn("MISSING API keys {}: calls to those providers fail at once and move on to the next provider",
                    String.join(", ", missing));
        }
        TelegramSettings t = s.telegram();
        if (!t.configured()) {
            LOG.warn("MISSING {}: alerts are logged at WARN and counted as skipped instead of going to Telegram",
                    t.token() == null && t.chatId() == null ? "LLM_TELEGRAM_TOKEN and LLM_TELEGRAM_CHAT_ID"
                            : t.token() == null ? "LLM_TELEGRAM_TOKEN" : "LLM_TELEGRAM_CHAT_ID");
        } else {
            LOG.info("Telegram alerts to chat {} via {}", t.chatId(), t.baseUrl());
        }
        RoutingSettings r = s.routing();
        LOG.info("Provider order: HEALTHY {} | SLOW {} | DEGRADED {} | OFFLINE {} | gemini over quota -> {}",
                r.order(HealthStatus.HEALTHY), r.order(HealthStatus.SLOW), r.order(HealthStatus.DEGRADED),
                r.order(HealthStatus.OFFLINE), r.quotaExceeded());
    }
}
