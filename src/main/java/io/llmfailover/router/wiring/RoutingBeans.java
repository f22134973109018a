package io.llmfailover.router.wiring;

import java.time.Clock;

import io.llmfailover.router.health.ProviderBreakers;
import io.llmfailover.router.quota.GeminiQuotaGate;
import io.llmfailover.router.routing.ChainPlanner;
import io.llmfailover.router.routing.ForcedPrimary;
import io.llmfailover.router.settings.ProviderCatalog;
import io.llmfailover.router.settings.RoutingSettings;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.Configuration;

/** The one place that decides a prompt's provider order (routes/select-provider.camel.yaml). */
@Configuration
public class RoutingBeans implements CamelConfiguration {

    @BindToRegistry
    public ChainPlanner chainPlanner(RoutingSettings routing, ProviderCatalog providers, GeminiQuotaGate gate,
            ForcedPrimary forced, Clock clock, ProviderBreakers breakers) {
        return new ChainPlanner(routing.quotaExceeded(), providers, gate, forced, clock, breakers);
    }
}
