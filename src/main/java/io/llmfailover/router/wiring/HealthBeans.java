package io.llmfailover.router.wiring;

import java.time.Clock;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmfailover.router.core.Provider;
import io.llmfailover.router.health.HealthCache;
import io.llmfailover.router.health.HealthClassifier;
import io.llmfailover.router.health.OllamaHealth;
import io.llmfailover.router.health.OllamaProbe;
import io.llmfailover.router.redis.SharedState;
import io.llmfailover.router.settings.HealthSettings;
import io.llmfailover.router.settings.ProviderCatalog;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.Configuration;
import org.apache.hc.core5.http.ConnectionReuseStrategy;

/** Ollama's health: the probe (routes/health-probe.camel.yaml), the verdict with hysteresis, the shared report. */
@Configuration
public class HealthBeans implements CamelConfiguration {

    @BindToRegistry(lazy = true)
    public OllamaProbe ollamaProbe(HealthSettings health, ObjectMapper mapper, Clock clock) {
        HealthClassifier classifier = new HealthClassifier(mapper, health.healthModel(), health.minTokensPerSecond(),
                health.slowLatency().toMillis());
        return new OllamaProbe(classifier, mapper, clock);
    }

    /** The latest report in Redis for every instance to read, or nowhere in in-memory mode. */
    @BindToRegistry(lazy = true)
    public HealthCache healthCache(SharedState state, ObjectMapper mapper, ProviderCatalog providers,
            HealthSettings health) {
        return state.shared() ? new HealthCache.Redis(state.redis(), mapper, state.keyPrefix(),
                providers.get(Provider.OLLAMA).baseUrl(), health.cacheTtl()) : HealthCache.none();
    }

    @BindToRegistry(lazy = true)
    public OllamaHealth ollamaHealth(HealthSettings health, Clock clock, HealthCache cache) {
        return new OllamaHealth(health.recoveryProbes(), clock, cache);
    }

    /** Each probe opens a fresh connection: a kept-alive one could hide a restarted server. */
    @BindToRegistry(lazy = true)
    public ConnectionReuseStrategy freshConnectionPerProbe() {
        return (request, response, context) -> false;
    }
}
