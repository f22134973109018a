package io.llmfailover.router.wiring;

import java.time.Clock;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmfailover.router.health.HealthCache;
import io.llmfailover.router.health.HealthClassifier;
import io.llmfailover.router.health.OllamaHealth;
import io.llmfailover.router.health.OllamaProbe;
import io.llmfailover.router.health.ProviderBreakers;
import io.llmfailover.router.health.SharedBreakers;
import io.llmfailover.router.redis.SharedState;
import io.llmfailover.router.settings.HealthSettings;
import io.llmfailover.router.settings.ProviderCatalog;
import io.llmfailover.router.settings.RoutingSettings;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.Configuration;

/** Ollama's health: the probe's verdicts (routes/health-probe.camel.yaml) and the effective state, with hysteresis. */
@Configuration
public class HealthBeans implements CamelConfiguration {

    @BindToRegistry
    public OllamaProbe ollamaProbe(HealthSettings health, ObjectMapper mapper, Clock clock, ProviderCatalog providers,
            RoutingSettings routing) {
        String model = routing.localPrimary() == null ? "" : providers.get(routing.localPrimary()).healthModel();
        HealthClassifier classifier = new HealthClassifier(mapper, model, health.minTokensPerSecond(),
                health.slowLatency().toMillis());
        return new OllamaProbe(classifier, mapper, clock);
    }

    @BindToRegistry
    public ProviderBreakers providerBreakers(HealthSettings health, Clock clock, ProviderCatalog providers) {
        return new ProviderBreakers(health.breakerFailures(), health.breakerCoolDown(), clock, providers.cloud());
    }

    /** The breakers, shared with the instances that share Redis (routes/shared-state.camel.yaml). */
    @BindToRegistry
    public SharedBreakers sharedBreakers(ProviderBreakers breakers, SharedState state, Clock clock) {
        return new SharedBreakers(breakers, state, clock);
    }

    @BindToRegistry
    public OllamaHealth ollamaHealth(HealthSettings health, Clock clock, HealthCache cache) {
        return new OllamaHealth(health.recoveryProbes(), clock, cache);
    }
}
