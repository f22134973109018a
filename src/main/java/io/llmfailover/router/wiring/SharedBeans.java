package io.llmfailover.router.wiring;

import java.time.Clock;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmfailover.router.metrics.RouterMeterRegistry;
import io.llmfailover.router.metrics.RouterMetrics;
import io.llmfailover.router.provider.UpstreamHttpClient;
import io.llmfailover.router.redis.RedisStore;
import io.llmfailover.router.redis.SharedState;
import io.llmfailover.router.settings.QuotaSettings;
import io.llmfailover.router.settings.RedisSettings;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Configuration;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.service.ServiceSupport;
import org.apache.hc.core5.http.ConnectionReuseStrategy;

/**
 * What the other parts build on: JSON, the clock, the shared state (Redis or none), metrics, and how upstream
 * calls are made (the providers' and the health probe's).
 */
@Configuration
public class SharedBeans implements CamelConfiguration {

    @BindToRegistry
    public ObjectMapper jsonMapper() {
        return new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL);
    }

    /** Every timestamp and the quota day are in {@code llm.quota.zone}. */
    @BindToRegistry
    public Clock routerClock(QuotaSettings quota) {
        return Clock.system(quota.zone());
    }

    /** Redis when {@code llm.redis.url} is set (closed when Camel stops), otherwise in-memory state. */
    @BindToRegistry
    public SharedState sharedState(RedisSettings redis, CamelContext context) throws Exception {
        if (!redis.configured()) {
            return new SharedState(null, redis.keyPrefix());
        }
        RedisStore store = new RedisStore(redis.url(), redis.timeout(), redis.poolSize());
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                store.close();
            }
        }, true, true);
        return new SharedState(store, redis.keyPrefix());
    }

    /**
     * The router's meters, in the MeterRegistry camel-micrometer-prometheus serves at /observe/metrics. This
     * application binds a {@link RouterMeterRegistry} before Camel starts; an embedding host's own registry gets
     * the same hygiene filter, and a host without one gets a RouterMeterRegistry.
     */
    @BindToRegistry
    public RouterMetrics routerMetrics(Registry registry) {
        MeterRegistry found = registry.findSingleByType(MeterRegistry.class);
        if (found == null) {
            found = new RouterMeterRegistry();
            registry.bind(MicrometerConstants.METRICS_REGISTRY_NAME, MeterRegistry.class, found);
        } else if (!(found instanceof RouterMeterRegistry)) {
            found.config().meterFilter(RouterMeterRegistry.HYGIENE);
        }
        return new RouterMetrics(found);
    }

    /** How calls to upstream APIs are made ({@code httpClientConfigurer=#upstreamHttpClient} on each endpoint). */
    @BindToRegistry
    public UpstreamHttpClient upstreamHttpClient() {
        return new UpstreamHttpClient();
    }

    /** Each health probe opens a fresh connection: a kept-alive one could hide a restarted server. */
    @BindToRegistry
    public ConnectionReuseStrategy freshConnectionPerProbe() {
        return (request, response, context) -> false;
    }
}
