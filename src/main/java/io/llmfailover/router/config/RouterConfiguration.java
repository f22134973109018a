package io.llmfailover.router.config;

import java.io.InputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmfailover.router.alerts.AlertComposer;
import io.llmfailover.router.alerts.AlertDedup;
import io.llmfailover.router.alerts.TelegramHttpClient;
import io.llmfailover.router.alerts.TelegramDelivery;
import io.llmfailover.router.audit.AuditLog;
import io.llmfailover.router.dispatch.Dispatcher;
import io.llmfailover.router.events.PrimaryTracker;
import io.llmfailover.router.management.RouterHealthChecks;
import io.llmfailover.router.management.RouterManagement;
import io.llmfailover.router.routing.ForcedPrimary;
import io.llmfailover.router.metrics.RouterMeterRegistry;
import io.llmfailover.router.metrics.RouterMetrics;
import io.llmfailover.router.frontdoor.FrontDoorGuard;
import io.llmfailover.router.frontdoor.OllamaFormat;
import io.llmfailover.router.frontdoor.OpenAiFormat;
import io.llmfailover.router.health.HealthCache;
import io.llmfailover.router.health.HealthClassifier;
import io.llmfailover.router.health.OllamaHealth;
import io.llmfailover.router.health.OllamaProbe;
import io.llmfailover.router.quota.GeminiQuotaGate;
import io.llmfailover.router.quota.InMemoryQuotaGate;
import io.llmfailover.router.provider.ClaudeAdapter;
import io.llmfailover.router.provider.GeminiAdapter;
import io.llmfailover.router.provider.NemotronAdapter;
import io.llmfailover.router.provider.OllamaAdapter;
import io.llmfailover.router.provider.TimeBudgetInterceptor;
import io.llmfailover.router.quota.RedisQuotaGate;
import io.llmfailover.router.redis.RedisStore;
import io.llmfailover.router.routing.Provider;
import io.llmfailover.router.routing.RoutingDecider;
import org.apache.camel.CamelConfiguration;
import org.apache.hc.core5.http.ConnectionReuseStrategy;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.component.telegram.TelegramComponent;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds the router's beans. Used by this application, and by any Camel application that embeds the routes: add
 * this class to {@code camel.main.configuration-classes} (or call {@code new RouterConfiguration().configure(ctx)}).
 * The {@code llm.*} defaults of the packaged application.properties are used for every key the host does not set.
 *
 * <p>Beans: {@code routerSettings}, {@code jsonMapper}, {@code routerClock}, {@code ollamaProbe}, {@code healthCache},
 * {@code ollamaHealth}, {@code geminiQuotaGate}, {@code routingDecider}, {@code freshConnectionPerProbe},
 * {@code dispatcher}, {@code routerHttpClient}, the adapters {@code ollamaAdapter}, {@code geminiAdapter},
 * {@code nemotronAdapter}, {@code claudeAdapter}, the front-door beans {@code frontDoorGuard}, {@code openAiFormat},
 * {@code ollamaFormat}, the event/alert beans {@code primaryTracker}, {@code auditLog}, {@code alertDedup},
 * {@code alertComposer}, {@code telegramDelivery}, {@code routerMetrics}, {@code forcedPrimary},
 * {@code routerManagement} (the JMX MBean), and {@code redisStore} when Redis is configured.
 */
public class RouterConfiguration implements CamelConfiguration {

    static final String PACKAGED_DEFAULTS = "META-INF/llm-failover-router/application.properties";
    private static final Logger LOG = LoggerFactory.getLogger("io.llmfailover.router.Startup");

    @Override
    public void configure(CamelContext context) throws Exception {
        PropertiesComponent pc = context.getPropertiesComponent();
        addPackagedDefaults(pc);
        RouterSettings settings = RouterSettings.load(pc::resolveProperty);
        settings.derivedProperties().forEach(pc::addOverrideProperty);

        ObjectMapper mapper = new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL);
        Clock clock = Clock.system(settings.quotaZone());

        RedisStore redis = null;
        GeminiQuotaGate gate;
        HealthCache cache;
        if (settings.redisUrl() != null) {
            redis = new RedisStore(settings.redisUrl(), settings.redisTimeout(), settings.redisPoolSize());
            gate = new RedisQuotaGate(redis, settings.redisKeyPrefix(), settings.geminiDailyQuota(), clock);
            cache = new HealthCache.Redis(redis, mapper, settings.redisKeyPrefix(), settings.ollamaUrl(),
                    settings.healthCacheTtl());
            closeOnStop(context, redis);
        } else {
            gate = new InMemoryQuotaGate(settings.geminiDailyQuota(), clock);
            cache = HealthCache.none();
        }

        HealthClassifier classifier = new HealthClassifier(mapper, settings.ollamaHealthModel(),
                settings.minTokensPerSecond(), settings.slowLatency().toMillis());

        Registry registry = context.getRegistry();
        registry.bind("routerSettings", settings);
        registry.bind("jsonMapper", ObjectMapper.class, mapper);
        registry.bind("routerClock", Clock.class, clock);
        registry.bind("ollamaProbe", new OllamaProbe(classifier, mapper, clock));
        ConnectionReuseStrategy neverReuse = (request, response, ctx) -> false;
        registry.bind("freshConnectionPerProbe", ConnectionReuseStrategy.class, neverReuse);
        registry.bind("healthCache", HealthCache.class, cache);
        registry.bind("ollamaHealth", new OllamaHealth(settings.recoveryProbes(), clock, cache));
        registry.bind("geminiQuotaGate", GeminiQuotaGate.class, gate);
        ForcedPrimary forced = new ForcedPrimary(clock);
        registry.bind("forcedPrimary", forced);
        registry.bind("routingDecider", new RoutingDecider(settings, gate, clock, forced));
        if (redis != null) {
            registry.bind("redisStore", redis);
        }
        RouterMetrics metrics = new RouterMetrics(meterRegistry(registry));
        registry.bind("routerMetrics", metrics);
        bindDispatch(registry, settings, mapper, clock, metrics);
        bindEventsAndAlerts(context, settings, mapper, clock, metrics, redis);
        registerGauges(registry, metrics, gate);
        bindManagement(context, settings, redis, gate, forced);
        logStartup(settings, redis, gate, cache);
    }

    /**
     * The MeterRegistry camel-micrometer-prometheus serves at /observe/metrics. This application binds a
     * {@link RouterMeterRegistry} before Camel starts; an embedding host's own registry gets the same hygiene filter
     * (it applies to the meters registered from now on).
     */
    private static MeterRegistry meterRegistry(Registry registry) {
        MeterRegistry found = registry.findSingleByType(MeterRegistry.class);
        if (found == null) {
            found = new RouterMeterRegistry();
            registry.bind(MicrometerConstants.METRICS_REGISTRY_NAME, MeterRegistry.class, found);
        } else if (!(found instanceof RouterMeterRegistry)) {
            found.config().meterFilter(RouterMeterRegistry.HYGIENE);
        }
        return found;
    }

    private static void bindEventsAndAlerts(CamelContext context, RouterSettings settings, ObjectMapper mapper,
            Clock clock, RouterMetrics metrics, RedisStore redis) {
        Registry registry = context.getRegistry();
        registry.bind("primaryTracker", new PrimaryTracker(clock));
        registry.bind("auditLog", new AuditLog(mapper, clock, settings.instanceId()));
        AlertDedup dedup = new AlertDedup(redis, settings.redisKeyPrefix());
        registry.bind("alertDedup", dedup);
        registry.bind("alertComposer", new AlertComposer(settings, dedup, metrics, clock));
        registry.bind("telegramDelivery", new TelegramDelivery(settings, mapper, metrics));
        TelegramComponent telegram = context.getComponent("telegram", TelegramComponent.class);
        telegram.setBaseUri(settings.telegramBaseUrl());
        telegram.setClient(new TelegramHttpClient(settings.telegramTimeout(), mapper));
        if (settings.telegramToken() != null) {
            telegram.setAuthorizationToken(settings.telegramToken());
        }
    }

    private static void bindManagement(CamelContext context, RouterSettings settings, RedisStore redis,
            GeminiQuotaGate gate, ForcedPrimary forced) throws Exception {
        Registry registry = context.getRegistry();
        OllamaHealth health = registry.lookupByNameAndType("ollamaHealth", OllamaHealth.class);
        RouterManagement management = new RouterManagement(context, health, gate,
                registry.lookupByNameAndType("primaryTracker", PrimaryTracker.class), forced,
                registry.lookupByNameAndType("auditLog", AuditLog.class));
        registry.bind("routerManagement", management);
        context.addService(management, true, true);
        List<HealthCheck> checks = List.of(new RouterHealthChecks.Providers(settings, health),
                new RouterHealthChecks.Ollama(health), new RouterHealthChecks.Redis(redis));
        context.addStartupListener(new StartupListener() {
            @Override
            public void onCamelContextStarting(CamelContext ctx, boolean alreadyStarted) {
                register(ctx);
            }

            @Override
            public void onCamelContextStarted(CamelContext ctx, boolean alreadyStarted) {
                register(ctx);
            }

            private void register(CamelContext ctx) {
                HealthCheckRegistry hcr = HealthCheckRegistry.get(ctx);
                if (hcr == null) {
                    return;
                }
                for (HealthCheck check : checks) {
                    if (hcr.getCheck(check.getId()).isEmpty()) {
                        if (check instanceof org.apache.camel.CamelContextAware aware) {
                            aware.setCamelContext(ctx);
                        }
                        hcr.register(check);
                    }
                }
            }
        });
    }

    private static void registerGauges(Registry registry, RouterMetrics metrics, GeminiQuotaGate gate) {
        OllamaHealth health = registry.lookupByNameAndType("ollamaHealth", OllamaHealth.class);
        PrimaryTracker tracker = registry.lookupByNameAndType("primaryTracker", PrimaryTracker.class);
        metrics.gauge("llm.ollama.health.state", "Ollama health: 0 healthy, 1 slow, 2 degraded, 3 offline",
                () -> health.current().status().code());
        metrics.gauge("llm.current.primary.is.ollama", "1 when prompts go to Ollama first, else 0",
                () -> "ollama".equals(tracker.primary()) ? 1 : 0);
        metrics.geminiDailyCallCount(() -> gate.peek().count());
        metrics.gauge("llm.gemini.daily.quota", "Gemini calls allowed per day", gate::quota);
    }

    private static void bindDispatch(Registry registry, RouterSettings settings, ObjectMapper mapper, Clock clock,
            RouterMetrics metrics) {
        OllamaHealth health = registry.lookupByNameAndType("ollamaHealth", OllamaHealth.class);
        registry.bind("dispatcher", new Dispatcher(settings, health, metrics));
        registry.bind("routerHttpClient", HttpClientConfigurer.class, new TimeBudgetInterceptor());
        registry.bind("ollamaAdapter", new OllamaAdapter(mapper, settings.provider(Provider.OLLAMA)));
        registry.bind("geminiAdapter", new GeminiAdapter(mapper, settings.provider(Provider.GEMINI)));
        registry.bind("nemotronAdapter", new NemotronAdapter(mapper, settings.provider(Provider.NEMOTRON)));
        registry.bind("claudeAdapter", new ClaudeAdapter(mapper, settings.provider(Provider.CLAUDE),
                settings.claudeMaxTokens()));
        registry.bind("frontDoorGuard", new FrontDoorGuard(settings.httpApiKey()));
        registry.bind("openAiFormat", new OpenAiFormat(mapper, clock));
        registry.bind("ollamaFormat", new OllamaFormat(mapper, clock, settings));
    }

    /** Adds the packaged llm.* defaults with the lowest precedence (initial properties), for embedding hosts. */
    static void addPackagedDefaults(PropertiesComponent pc) throws Exception {
        ClassLoader cl = RouterConfiguration.class.getClassLoader();
        try (InputStream in = cl.getResourceAsStream(PACKAGED_DEFAULTS)) {
            if (in == null) {
                return;
            }
            Properties defaults = new Properties();
            defaults.load(in);
            for (String key : defaults.stringPropertyNames()) {
                if (key.startsWith("llm.")) {
                    pc.addInitialProperty(key, defaults.getProperty(key));
                }
            }
        }
    }

    private static void closeOnStop(CamelContext context, AutoCloseable resource) throws Exception {
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() throws Exception {
                resource.close();
            }
        }, true, true);
    }

    private static void logStartup(RouterSettings s, RedisStore redis, GeminiQuotaGate gate, HealthCache cache) {
        LOG.info("Ollama {} (model {}, health model {}), probed every {} (timeout {}), recovery after {} healthy probes",
                s.ollamaUrl(), s.ollamaModel(), s.ollamaHealthModel(), Durations.format(s.pollInterval()),
                Durations.format(s.probeTimeout()), s.recoveryProbes());
        if (redis == null) {
            LOG.warn("MISSING llm.redis.url (LLM_REDIS_URL): state is in memory, for a single instance only; the Gemini"
                    + " quota ({} calls/day) and the health cache are not shared with other instances", gate.quota());
        } else {
            LOG.info("Redis {}: Gemini quota {} calls/day shared on key {}; health cached in {}", redis.url(), gate.quota(),
                    gate.todayKey(), cache.location());
            if (!redis.ping()) {
                LOG.warn("Redis {} is not reachable now: the Gemini quota gate fails closed (no Gemini calls) until it"
                        + " answers", redis.url());
            }
        }
        List<String> missing = new ArrayList<>();
        for (Provider p : List.of(Provider.GEMINI, Provider.NEMOTRON, Provider.CLAUDE)) {
            RouterSettings.ProviderSettings ps = s.provider(p);
            if (!ps.hasApiKey()) {
                missing.add("LLM_" + p.name() + "_API_KEY");
            }
            LOG.info("Provider {}", ps);
        }
        if (!missing.isEmpty()) {
            LOG.warn("MISSING API keys {}: calls to those providers fail at once and move on to the next provider",
                    String.join(", ", missing));
        }
        if (s.telegramToken() == null || s.telegramChatId() == null) {
            LOG.warn("MISSING {}: alerts are logged at WARN and counted as skipped instead of going to Telegram",
                    s.telegramToken() == null && s.telegramChatId() == null ? "LLM_TELEGRAM_TOKEN and LLM_TELEGRAM_CHAT_ID"
                            : s.telegramToken() == null ? "LLM_TELEGRAM_TOKEN" : "LLM_TELEGRAM_CHAT_ID");
        } else {
            LOG.info("Telegram alerts to chat {} via {}", s.telegramChatId(), s.telegramBaseUrl());
        }
        LOG.info("Provider order: HEALTHY {} | SLOW {} | DEGRADED {} | OFFLINE {} | gemini over quota -> {}",
                s.providerOrder(io.llmfailover.router.health.HealthStatus.HEALTHY),
                s.providerOrder(io.llmfailover.router.health.HealthStatus.SLOW),
                s.providerOrder(io.llmfailover.router.health.HealthStatus.DEGRADED),
                s.providerOrder(io.llmfailover.router.health.HealthStatus.OFFLINE), s.quotaExceededOrder());
    }
}
