package io.llmfailover.router.wiring;

import java.time.Clock;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmfailover.router.health.EndpointHealth;
import io.llmfailover.router.health.HealthCache;
import io.llmfailover.router.health.HealthClassifier;
import io.llmfailover.router.health.OllamaHealth;
import io.llmfailover.router.health.OllamaProbe;
import io.llmfailover.router.health.ProviderBreakers;
import io.llmfailover.router.health.SharedBreakers;
import io.llmfailover.router.redis.SharedState;
import io.llmfailover.router.settings.HealthSettings;
import io.llmfailover.router.settings.ProviderCatalog;
import io.llmfailover.router.settings.RouterSettings;
import io.llmfailover.router.settings.RoutingSettings;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Configuration;

/**
 * The self-hosted endpoints' health: the probe's verdicts (routes/health-probe.camel.yaml) and the effective state,
 * with hysteresis; the local primary's ({@code ollamaHealth}, the matrix's row) and the others' ({@code endpointHealth}).
 */
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
    public OllamaHealth ollamaHealth(HealthSettings health, Clock clock, HealthCache cache, RoutingSettings routing) {
        String name = routing.localPrimary() == null ? "ollama" : routing.localPrimary().id();
        return new OllamaHealth(name, health.recoveryProbes(), clock, cache);
    }

    /**
     * The health of the other self-hosted endpoints, each with its report cached in Redis under its URL; their probes
     * are routes made per endpoint ({@link EndpointProbes}).
     */
    @BindToRegistry
    public EndpointHealth endpointHealth(RouterSettings settings, SharedState state, ObjectMapper mapper, Clock clock) {
        HealthSettings health = settings.health();
        return new EndpointHealth(settings, health.recoveryProbes(), clock, p -> state.shared()
                ? new HealthCache.Redis(state.redis(), mapper, state.keyPrefix(), p.baseUrl(), health.cacheTtl())
                : HealthCache.none());
    }

    /** The classifier of one endpoint's probe verdicts (its health model). */
    static HealthClassifier classifier(HealthSettings health, ObjectMapper mapper, String healthModel) {
        return new HealthClassifier(mapper, healthModel, health.minTokensPerSecond(), health.slowLatency().toMillis());
    }

    /** The other endpoints' probe routes, made once the context has started and again on a reload. */
    @Override
    public void configure(CamelContext context) throws Exception {
        EndpointProbes probes = new EndpointProbes(context, context.getRegistry().findSingleByType(ObjectMapper.class),
                context.getRegistry().findSingleByType(Clock.class),
                context.getRegistry().findSingleByType(EndpointHealth.class));
        context.getRegistry().bind("endpointProbes", probes);
        context.addStartupListener(probes);
    }
}
