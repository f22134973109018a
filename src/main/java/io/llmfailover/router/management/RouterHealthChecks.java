package io.llmfailover.router.management;

import java.util.Map;

import io.llmfailover.router.core.HealthStatus;
import io.llmfailover.router.health.HealthReport;
import io.llmfailover.router.health.OllamaHealth;
import io.llmfailover.router.redis.RedisStore;
import io.llmfailover.router.settings.ProviderCatalog;
import io.llmfailover.router.settings.ProviderSettings;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * The router's own health checks, served by Camel's management server at /observe/health (all checks),
 * /observe/health/ready and /observe/health/live:
 * <ul>
 * <li>{@code llm-providers} (readiness): at least one provider is usable: Ollama is not OFFLINE, or an API key is
 * configured for Gemini, Nemotron or Claude;</li>
 * <li>{@code llm-ollama}: Ollama's health report (DOWN while OFFLINE; not part of readiness: the fallbacks serve);</li>
 * <li>{@code llm-redis}: whether Redis answers PING (DOWN when it does not; not part of readiness: the router keeps
 * serving with the Gemini gate failed closed).</li>
 * </ul>
 */
public final class RouterHealthChecks {

    private RouterHealthChecks() {
    }

    /** Readiness: can this router answer a prompt at all? */
    public static final class Providers extends AbstractHealthCheck {
        private final ProviderCatalog providers;
        private final OllamaHealth health;

        public Providers(ProviderCatalog providers, OllamaHealth health) {
            super("llm", "llm-providers");
            this.providers = providers;
            this.health = health;
        }

        @Override
        public boolean isLiveness() {
            return false;
        }

        @Override
        protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
            boolean ollama = health.current().status() != HealthStatus.OFFLINE;
            StringBuilder keyed = new StringBuilder();
            for (ProviderSettings p : providers.all()) {
                if (p.needsApiKey() && p.hasApiKey()) {
                    keyed.append(keyed.length() == 0 ? "" : ",").append(p.provider().id());
                }
            }
            builder.detail("ollama_usable", ollama);
            builder.detail("providers_with_api_key", keyed.toString());
            if (ollama || keyed.length() > 0) {
                builder.up();
            } else {
                builder.message("no usable provider: Ollama is OFFLINE and no API key is configured").down();
            }
        }
    }

    /** A check shown at /observe/health only: neither readiness nor liveness depends on it. */
    abstract static class InformationalCheck extends AbstractHealthCheck {
        InformationalCheck(String id) {
            super("llm", id);
        }

        @Override
        public boolean isReadiness() {
            return false;
        }

        @Override
        public boolean isLiveness() {
            return false;
        }
    }

    /** Ollama's state, with the report's details. */
    public static final class Ollama extends InformationalCheck {
        private final OllamaHealth health;

        public Ollama(OllamaHealth health) {
            super("llm-ollama");
            this.health = health;
        }

        @Override
        protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
            HealthReport r = health.current();
            builder.detail("status", r.status().name());
            builder.detail("reason", r.reason());
            builder.detail("latency_ms", r.latencyMs());
            builder.detail("tokens_per_second", r.tokensPerSecond());
            builder.detail("checked_at", r.checkedAt());
            if (r.status() == HealthStatus.OFFLINE) {
                builder.message("Ollama is OFFLINE: " + r.reason()).down();
            } else {
                builder.up();
            }
        }
    }

    /** Redis reachability (always UP in in-memory mode). */
    public static final class Redis extends InformationalCheck {
        private final RedisStore redis;

        public Redis(RedisStore redis) {
            super("llm-redis");
            this.redis = redis;
        }

        @Override
        protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
            if (redis == null) {
                builder.detail("mode", "in-memory").up();
                return;
            }
            builder.detail("mode", "redis");
            builder.detail("topology", redis.mode());
            builder.detail("url", redis.target());
            boolean answers = redis.ping();
            if (redis.currentMaster() != null) {
                builder.detail("master", redis.currentMaster());
            }
            if (answers) {
                builder.up();
            } else {
                builder.message("Redis " + redis.target() + " does not answer: the Gemini quota gate fails closed").down();
            }
        }
    }
}
