package io.llmfailover.router.wiring;

import java.util.List;

import io.llmfailover.router.audit.AuditLog;
import io.llmfailover.router.core.Provider;
import io.llmfailover.router.events.PrimaryTracker;
import io.llmfailover.router.health.HealthCache;
import io.llmfailover.router.health.OllamaHealth;
import io.llmfailover.router.health.ProviderBreakers;
import io.llmfailover.router.management.ConfigurationManagement;
import io.llmfailover.router.management.RouterHealthChecks;
import io.llmfailover.router.management.RouterManagement;
import io.llmfailover.router.metrics.RouterMetrics;
import io.llmfailover.router.quota.GeminiQuotaGate;
import io.llmfailover.router.quota.QuotaGates;
import io.llmfailover.router.quota.SpendLedger;
import io.llmfailover.router.redis.SharedState;
import io.llmfailover.router.routing.ChainPlanner;
import io.llmfailover.router.routing.ForcedPrimary;
import io.llmfailover.router.settings.LiveSettings;
import io.llmfailover.router.settings.ProviderSettings;
import io.llmfailover.router.settings.RouterSettings;
import org.apache.camel.BeanInject;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Configuration;
import org.apache.camel.StartupListener;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckRegistry;

/**
 * What operators see and steer: the JMX MBean ({@code routerManagement}, a service started with Camel), the health
 * checks at /observe/health, the router's gauges, and the startup report.
 */
@Configuration
public class ManagementBeans implements CamelConfiguration {

    @BeanInject
    private RouterSettings settings;
    @BeanInject
    private SharedState state;
    @BeanInject
    private OllamaHealth health;
    @BeanInject
    private HealthCache healthCache;
    @BeanInject
    private GeminiQuotaGate gate;
    @BeanInject
    private PrimaryTracker tracker;
    @BeanInject
    private ForcedPrimary forced;
    @BeanInject
    private AuditLog audit;
    @BeanInject
    private RouterMetrics metrics;
    @BeanInject
    private ProviderBreakers breakers;

    @Override
    public void configure(CamelContext context) throws Exception {
        RouterManagement management = new RouterManagement(context, health, gate, tracker, forced, audit, breakers,
                context.getRegistry().findSingleByType(LiveSettings.class));
        context.getRegistry().bind("routerManagement", management);
        QuotaGates quotas = context.getRegistry().findSingleByType(QuotaGates.class);
        management.quotas = () -> quotas.view().entrySet().stream().map(e -> e.getKey() + ": " + e.getValue().text())
                .toArray(String[]::new);
        context.addService(management, true, true);
        registerHealthChecks(context, List.of(new RouterHealthChecks.Providers(settings.providers(), health),
                new RouterHealthChecks.Ollama(health), new RouterHealthChecks.Redis(state.redis())));
        metrics.gauge("llm.ollama.health.state", "Ollama health: 0 healthy, 1 slow, 2 degraded, 3 offline",
                () -> health.current().status().code());
        metrics.endpointHealthState(health.name(), () -> health.current().status().code());
        metrics.gauge("llm.current.primary.is.ollama", "1 when prompts go to Ollama first, else 0",
                () -> "ollama".equals(tracker.primary()) ? 1 : 0);
        metrics.geminiDailyCallCount(() -> gate.peek().count());
        metrics.gauge("llm.gemini.daily.quota", "Gemini calls allowed per day", gate::quota);
        for (ProviderSettings p : settings.providers().all()) {
            String id = p.provider().id();
            SpendLedger.Entry e = quotas.ledger().prices(id, p.priceInput(), p.priceOutput());
            metrics.providerSpend(id, e, SpendLedger.Entry::spendToday, SpendLedger.Entry::tokensIn,
                    SpendLedger.Entry::tokensOut);
            QuotaGates.Gates g = quotas.of(id);
            if (g != null && g.calls() != null) {
                metrics.providerQuotaCount("calls", id, () -> g.calls().peek().count());
            }
            if (g != null && g.tokens() != null) {
                metrics.providerQuotaCount("tokens", id, () -> g.tokens().peek().count());
            }
        }
        for (Provider p : breakers.guarded()) {
            metrics.breakerState(p.id(), () -> breakers.state(p).ordinal());
        }
        LiveSettings live = context.getRegistry().findSingleByType(LiveSettings.class);
        ChainPlanner planner = context.getRegistry().findSingleByType(ChainPlanner.class);
        SettingsReload reload = new SettingsReload(context, live, metrics);
        context.getRegistry().bind("settingsReload", reload);
        context.addService(new ConfigurationManagement(context.getName(), live, planner, reload), true, true);
        metrics.tasks(planner::taskCounts, planner::unknownTasks, live.routing().tasks().keySet());
        StartupReport.log(settings, state, gate, healthCache);
    }

    /** Camel's health-check registry exists only once the context starts: register then (and again if restarted). */
    private static void registerHealthChecks(CamelContext context, List<HealthCheck> checks) throws Exception {
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
                HealthCheckRegistry registry = HealthCheckRegistry.get(ctx);
                if (registry == null) {
                    return;
                }
                for (HealthCheck check : checks) {
                    if (registry.getCheck(check.getId()).isEmpty()) {
                        CamelContextAware.trySetCamelContext(check, ctx);
                        registry.register(check);
                    }
                }
            }
        });
    }
}
