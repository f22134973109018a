package io.llmfailover.router.wiring;

import java.time.Clock;

import io.llmfailover.router.health.EndpointHealth;
import io.llmfailover.router.health.ProviderBreakers;
import io.llmfailover.router.quota.QuotaGates;
import io.llmfailover.router.routing.ChainPlanner;
import io.llmfailover.router.routing.EndpointOrder;
import io.llmfailover.router.routing.ForcedPrimary;
import io.llmfailover.router.settings.LiveSettings;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.Configuration;

/** The one place that decides a prompt's provider order (routes/select-provider.camel.yaml). */
@Configuration
public class RoutingBeans implements CamelConfiguration {

    /** The decision step that skips unwell self-hosted endpoints and moves slow ones back. */
    @BindToRegistry
    public EndpointOrder endpointOrder(LiveSettings live, EndpointHealth endpoints) {
        return new EndpointOrder(live, endpoints);
    }

    @BindToRegistry
    public ChainPlanner chainPlanner(LiveSettings live, QuotaGates gate, ForcedPrimary forced, Clock clock,
            ProviderBreakers breakers) {
        return new ChainPlanner(live, gate, forced, clock, breakers);
    }
}
