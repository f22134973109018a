package io.llmfailover.router.management;

import java.time.Duration;
import javax.management.ObjectName;

import io.llmfailover.router.audit.AuditLog;
import io.llmfailover.router.core.PropertyNames;
import io.llmfailover.router.core.Provider;
import io.llmfailover.router.events.PrimaryTracker;
import io.llmfailover.router.health.HealthReport;
import io.llmfailover.router.health.OllamaHealth;
import io.llmfailover.router.health.ProviderBreakers;
import io.llmfailover.router.quota.GeminiQuotaGate;
import io.llmfailover.router.routing.ForcedPrimary;
import io.llmfailover.router.routing.ProviderTarget;
import io.llmfailover.router.routing.RoutingDecision;
import io.llmfailover.router.settings.Durations;
import io.llmfailover.router.settings.LiveSettings;
import io.llmfailover.router.settings.ProviderSettings;
import org.apache.camel.CamelContext;
import org.apache.camel.ExchangePattern;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Implements {@link RouterManagementMBean} on top of the routes ({@code direct:select-provider},
 * {@code direct:check-health}, {@code direct:primary-check}) and registers it on the platform MBean server while the
 * CamelContext runs, so Hawtio and Jolokia see it next to Camel's own MBeans. Invalid arguments are refused with an
 * {@link IllegalArgumentException} and change nothing.
 */
public final class RouterManagement extends ServiceSupport implements RouterManagementMBean {

    public static final String DOMAIN = "io.llmfailover";
    private static final Logger LOG = LoggerFactory.getLogger(RouterManagement.class);

    private final CamelContext context;
    private final OllamaHealth health;
    private final GeminiQuotaGate gate;
    private final PrimaryTracker tracker;
    private final ForcedPrimary forced;
    private final AuditLog audit;
    private final ProviderBreakers breakers;
    private final LiveSettings live;
    private ProducerTemplate template;
    private ObjectName name;

    public RouterManagement(CamelContext context, OllamaHealth health, GeminiQuotaGate gate, PrimaryTracker tracker,
            ForcedPrimary forced, AuditLog audit, ProviderBreakers breakers, LiveSettings live) {
        this.live = live;
        this.breakers = breakers;
        this.context = context;
        this.health = health;
        this.gate = gate;
        this.tracker = tracker;
        this.forced = forced;
        this.audit = audit;
    }

    /** {@code io.llmfailover:type=Router,name=<camel context name>}. */
    public static ObjectName objectName(String camelContextName) {
        return MBeans.name("Router", camelContextName);
    }

    @Override
    protected void doStart() throws Exception {
        template = context.createProducerTemplate();
        name = objectName(context.getName());
        MBeans.register(this, RouterManagementMBean.class, name);
        LOG.info("Management MBean {}", name);
    }

    @Override
    protected void doStop() throws Exception {
        MBeans.unregister(name);
        if (template != null) {
            template.stop();
        }
    }

    private RoutingDecision decision() {
        return template.requestBody("direct:select-provider", null, RoutingDecision.class);
    }

    @Override
    public String getOllamaHealth() {
        return health.current().status().name();
    }

    @Override
    public String getOllamaHealthReason() {
        return health.current().reason();
    }

    @Override
    public String getCurrentPrimary() {
        return decision().primary().provider();
    }

    @Override
    public String[] getFallbackChain() {
        return decision().fallbackChain().stream().map(ProviderTarget::provider).toArray(String[]::new);
    }

    @Override
    public String getRoutingReason() {
        return decision().reason();
    }

    @Override
    public long getGeminiCallsToday() {
        return gate.peek().count();
    }

    @Override
    public long getGeminiDailyQuota() {
        return gate.quota();
    }

    @Override
    public String getEndpointHealth() {
        return EndpointReports.text(health, context);
    }

    @Override
    public String getBreakers() {
        return breakers.states().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(java.util.stream.Collectors.joining(", "));
    }

    @Override
    public String resetBreakers() {
        breakers.reset();
        return "closed: " + getBreakers();
    }

    /** Set by the wiring: each provider's quotas and spend today ({@code QuotaGates.view}). */
    public volatile java.util.function.Supplier<String[]> quotas = () -> new String[0];

    @Override
    public String[] getQuotas() {
        return quotas.get();
    }

    @Override
    public String getQuotaMode() {
        return gate.mode();
    }

    @Override
    public String getLastFailoverTime() {
        return orEmpty(tracker.lastFailoverAt());
    }

    @Override
    public String getLastRecoveryTime() {
        return orEmpty(tracker.lastRecoveryAt());
    }

    @Override
    public String getForcedPrimary() {
        ForcedPrimary.Forced f = forced.active();
        return f == null ? "" : f.provider().id();
    }

    @Override
    public String getForcedUntil() {
        ForcedPrimary.Forced f = forced.active();
        return f == null ? "" : f.untilText();
    }

    @Override
    public String probeNow() {
        HealthReport r = template.requestBody("direct:check-health", null, HealthReport.class);
        return r.status() + ": " + r.reason() + " (" + r.latencyMs() + " ms, " + r.tokensPerSecond() + " tokens/s, at "
                + r.checkedAt() + ")";
    }

    @Override
    public String forcePrimary(String provider, int minutes) {
        Provider p = provider(provider);
        if (minutes < 1 || minutes > 1440) {
            throw new IllegalArgumentException("minutes must be between 1 and 1440, got " + minutes);
        }
        return force(p, Duration.ofMinutes(minutes));
    }

    @Override
    public String forcePrimaryFor(String provider, String duration) {
        Provider p = provider(provider);
        Duration d;
        try {
            d = Durations.parse(duration, Duration.ofSeconds(1), Duration.ofDays(1));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("duration '" + duration + "': " + e.getMessage());
        }
        return force(p, d);
    }

    private Provider provider(String id) { // a JMX client knows only the JDK's exceptions, not UnknownProviderException
        ProviderSettings p = id == null ? null : live.providers().byId().get(id.trim().toLowerCase(java.util.Locale.ROOT));
        if (p == null) {
            throw new IllegalArgumentException("unknown provider '" + id + "' (declared: " + live.providers().ids() + ")");
        }
        return p.provider();
    }

    private String force(Provider p, Duration d) {
        ForcedPrimary.Forced f = forced.force(p, d);
        audit.forced(p.id(), "forced by operator for " + Durations.format(d) + ", until " + f.untilText());
        announce();
        return getRoutingReason();
    }

    @Override
    public String clearForcedPrimary() {
        ForcedPrimary.Forced f = forced.clear();
        if (f == null) {
            return "no forced primary";
        }
        audit.forced(null, "forced primary " + f.provider().id() + " cleared by operator");
        announce();
        return getRoutingReason();
    }

    @Override
    public String setGeminiDailyQuota(long quota) {
        long before = gate.quota();
        gate.setQuota(quota);
        LOG.info("Gemini daily quota changed by operator: {} -> {}", before, quota);
        return "Gemini daily quota " + before + " -> " + quota + " (this instance, until restart)";
    }

    @Override
    public String clearHealthCache() {
        health.reset();
        return probeNow();
    }

    /** Lets the event route see the new primary at once (trigger "forced"). */
    private void announce() {
        template.send("direct:primary-check", ExchangePattern.InOnly,
                ex -> ex.setProperty(PropertyNames.HEALTH_TRIGGER, "forced"));
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
