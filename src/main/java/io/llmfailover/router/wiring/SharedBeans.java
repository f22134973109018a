package io.llmfailover.router.wiring;

import java.time.Clock;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmfailover.router.metrics.RouterMeterRegistry;
import io.llmfailover.router.metrics.RouterMetrics;
import io.llmfailover.router.provider.UpstreamHttpClient;
import io.llmfailover.router.redis.RedisStore;
import io.llmfailover.router.redis.RedisTarget;
import io.llmfailover.router.redis.SharedState;
import io.llmfailover.router.settings.QuotaSettings;
import io.llmfailover.router.settings.RedisSettings;
import io.llmfailover.router.upstream.UpstreamComponent;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
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

    /** The registry name of the route threads ({@link #routeThreads}). */
    public static final String ROUTE_THREADS = "llmRouteThreads";

    /**
     * The registry name of the executor that prompt steps which may block run on: the route threads when Redis is
     * configured (a Redis call must not run on an event loop), else at once on the calling thread (no step on the
     * prompt path blocks then, so no thread hand-over is paid for). See docs/streaming.md.
     */
    public static final String STEP_THREADS = "llmStepThreads";

    /** How long startup waits for the sentinels or the cluster nodes to answer first (they usually take milliseconds). */
    private static final java.time.Duration STARTUP_CONNECT = java.time.Duration.ofSeconds(5);

    /**
     * The router's Vert.x: the front doors' HTTP server (platform-http finds it in the registry) and every upstream
     * call ({@code upstream:}) run on its event loops. On Linux it uses the native epoll transport when it can
     * (netty-transport-native-epoll is packaged for x86_64 and aarch64): fewer system calls per request than Java
     * NIO. A host's own Vert.x is used when it binds one; ours is closed when Camel stops.
     */
    @BindToRegistry
    public Vertx vertx(CamelContext context) throws Exception {
        Vertx found = context.getRegistry().findSingleByType(Vertx.class);
        if (found != null) {
            return found;
        }
        Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                vertx.close();
            }
        }, true, true);
        return vertx;
    }

    /**
     * Threads that are never an event loop: prompt steps that may call Redis run here (see {@link #STEP_THREADS}),
     * and so does an in-JVM caller after {@code direct:chat} (docs/streaming.md). Held for the computing steps only
     * (microseconds, or a Redis call), never while a provider thinks or streams, so a few serve thousands of prompts
     * in flight; the pool grows when steps block (Redis slow) and shrinks after.
     */
    @BindToRegistry(ROUTE_THREADS)
    public ExecutorService routeThreads(CamelContext context) {
        return context.getExecutorServiceManager().newCachedThreadPool(this, "llm-route");
    }

    /** The step threads ({@link #STEP_THREADS}), and {@code upstream:}, the component the provider routes call with. */
    @Override
    public void configure(CamelContext context) {
        ExecutorService threads = context.getRegistry().lookupByNameAndType(ROUTE_THREADS, ExecutorService.class);
        RedisSettings redis = context.getRegistry().findSingleByType(RedisSettings.class);
        Executor steps = redis != null && redis.configured() ? threads : Runnable::run;
        context.getRegistry().bind(STEP_THREADS, Executor.class, steps);
        context.addComponent("upstream", new UpstreamComponent(steps));
    }

    @BindToRegistry
    public ObjectMapper jsonMapper() {
        return new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL);
    }

    /** Every timestamp and the quota day are in {@code llm.quota.zone}. */
    @BindToRegistry
    public Clock routerClock(QuotaSettings quota) {
        return Clock.system(quota.zone());
    }

    /**
     * Redis when {@code llm.redis.url}, {@code llm.redis.sentinel.*} or {@code llm.redis.cluster.nodes} is set (closed
     * when Camel stops), otherwise in-memory state.
     */
    @BindToRegistry
    public SharedState sharedState(RedisSettings redis, CamelContext context) throws Exception {
        if (!redis.configured()) {
            return new SharedState(null, redis.keyPrefix());
        }
        RedisStore store = new RedisStore(target(redis), redis.timeout(), redis.poolSize());
        // Sentinel and Cluster: the first answer of the sentinels or the nodes, before any prompt (seconds at most)
        store.awaitConnected(STARTUP_CONNECT);
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                store.close();
            }
        }, true, true);
        return new SharedState(store, redis.keyPrefix());
    }

    /** The settings of the one mode configured, as the Redis store takes them. */
    static RedisTarget target(RedisSettings s) {
        return switch (s.mode()) {
            case URL -> RedisTarget.url(s.url(), s.username(), s.password());
            case SENTINEL -> RedisTarget.sentinel(s.sentinelMaster(), s.sentinelNodes(), s.sentinelPassword(),
                    s.username(), s.password(), s.database(), s.ssl());
            case CLUSTER -> RedisTarget.cluster(s.clusterNodes(), s.username(), s.password(), s.ssl());
            case IN_MEMORY -> throw new IllegalArgumentException("no Redis configured");
        };
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
