package io.llmfailover.router.alerts;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

import io.llmfailover.router.chat.Attempt;
import io.llmfailover.router.core.HealthStatus;
import io.llmfailover.router.core.PropertyNames;
import io.llmfailover.router.core.Provider;
import io.llmfailover.router.core.ProviderType;
import io.llmfailover.router.events.PrimaryChangedEvent;
import io.llmfailover.router.health.HealthChange;
import io.llmfailover.router.health.HealthReport;
import io.llmfailover.router.metrics.RouterMetrics;
import io.llmfailover.router.quota.QuotaDecision;
import io.llmfailover.router.quota.QuotaSnapshot;
import io.llmfailover.router.routing.RoutingDecision;
import io.llmfailover.router.settings.ProviderSettings;
import io.llmfailover.router.settings.RouterSettings;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;

/**
 * Writes the alert texts and decides, with {@link AlertDedup}, whether an alert goes out at all: failover and
 * recovery once per {@code llm.alerts.failover-window}, quota exhaustion once per {@code llm.alerts.quota-window}, a
 * failing-closed quota gate once per failover window. Returns null when the alert is a duplicate. Texts are plain,
 * at most 4,096 characters, and hold no key, token or prompt text.
 */
public final class AlertComposer {

    private final java.util.function.Supplier<RouterSettings> live;
    private final AlertDedup dedup;
    private final RouterMetrics metrics;
    private final Clock clock;
    private final Duration failoverWindow;
    private final Duration quotaWindow;
    private final java.util.Map<String, LocalDate> quotaAlertedOn = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile long gateAlertedAtNanos = Long.MIN_VALUE;

    /** @param live the settings in force (a reload's new providers are named too) */
    public AlertComposer(java.util.function.Supplier<RouterSettings> live, AlertDedup dedup, RouterMetrics metrics,
            Clock clock) {
        this.live = live;
        this.dedup = dedup;
        this.metrics = metrics;
        this.clock = clock;
        this.failoverWindow = live.get().alerts().failoverWindow();
        this.quotaWindow = live.get().alerts().quotaWindow();
    }

    /** A failover or recovery alert for a primary change, or null (a duplicate, or a switch between fallbacks). */
    public Alert forPrimaryChange(@Body PrimaryChangedEvent event) {
        String kind = event.kind();
        if (PrimaryChangedEvent.FAILOVER.equals(kind)) {
            return once(Alert.FAILOVER, "failover", failoverWindow, failoverText(event));
        }
        if (PrimaryChangedEvent.RECOVERY.equals(kind)) {
            return once(Alert.RECOVERY, "recovery", failoverWindow, recoveryText(event));
        }
        return null;
    }

    /**
     * A failover or recovery alert naming a self-hosted endpoint other than the local primary whose probe just
     * changed its status: HEALTHY to anything else is a loss, back to HEALTHY a recovery; null otherwise or when a
     * duplicate.
     */
    public Alert forEndpointChange(@ExchangeProperty(PropertyNames.ENDPOINT) String endpoint,
            @ExchangeProperty(PropertyNames.HEALTH_CHANGE) HealthChange change) {
        if (endpoint == null || change == null || !change.statusChanged()) {
            return null;
        }
        HealthReport h = change.after();
        String state = h.status() + " (" + h.reason() + ")";
        if (change.before().isHealthy()) {
            return once(Alert.FAILOVER, "endpoint:" + endpoint + ":lost", failoverWindow, "LLM endpoint " + endpoint
                    + " lost: " + state + "\n" + "Endpoint: " + endpoint + " (" + model(endpoint) + ")\n"
                    + (h.status() == HealthStatus.SLOW ? "It is tried after the healthy self-hosted endpoints"
                            : "It is skipped in every chain that lists it")
                    + " until " + live.get().health().recoveryProbes() + " healthy probes in a row bring it back.\n"
                    + "At: " + h.checkedAt() + ", seen by " + live.get().general().instanceId());
        }
        if (h.isHealthy()) {
            return once(Alert.RECOVERY, "endpoint:" + endpoint + ":recovered", failoverWindow, "LLM endpoint "
                    + endpoint + " recovered: " + state + "\n" + "Endpoint: " + endpoint + " (" + model(endpoint)
                    + ") is tried again in its place in the chains.\n"
                    + "At: " + h.checkedAt() + ", seen by " + live.get().general().instanceId());
        }
        return null;
    }

    /** The quota alert when the gate just denied a call or handed out the last one of the day; else null. */
    public Alert forQuota(@ExchangeProperty(PropertyNames.QUOTA) QuotaDecision decision) {
        if (decision == null) {
            return null;
        }
        if (decision.gateError()) {
            return forGateError(decision.reason());
        }
        if (decision.allowed() && decision.count() < decision.quota()) {
            return null;
        }
        LocalDate today = LocalDate.now(clock);
        String provider = decision.provider();
        if (today.equals(quotaAlertedOn.get(provider))) {
            return null;
        }
        boolean gemini = "gemini".equals(provider) && !decision.tokens();
        Alert alert = once(Alert.QUOTA, gemini ? "quota:" + today : "quota:" + provider + ":" + today, quotaWindow,
                gemini ? quotaText(decision.count(), decision.quota(), today) : quotaText(decision, today));
        quotaAlertedOn.put(provider, today);
        return alert;
    }

    /**
     * The alert for a provider that refused the router itself (a wrong or unauthorised key, a missing model): once
     * per provider, kind and {@code llm.alerts.provider-window}, across the instances sharing Redis; else null.
     */
    public Alert forProviderError(@Body Attempt attempt) {
        if (attempt == null) {
            return null;
        }
        boolean auth = attempt.reason().startsWith("auth failure");
        ProviderSettings p = live.get().providers().byId().get(attempt.provider());
        boolean keyless = p == null || !p.needsApiKey();
        boolean probed = p != null && p.selfHosted();
        String what = !auth ? "does not know the model " + model(attempt.provider()) + " (llm.providers."
                + attempt.provider() + ".model)" : keyless ? "refuses the router's requests ("
                + (p != null && p.provider().type() == ProviderType.OLLAMA ? "Ollama takes no key" : "the router sends it no key")
                + ": check what stands in front of it)" : "rejects the router's API key (set " + p.apiKeyVariable() + ")";
        return once(Alert.PROVIDER_ERROR, "provider:" + attempt.provider() + (auth ? ":auth" : ":model"),
                live.get().alerts().providerWindow(), "LLM provider needs an operator: " + attempt.provider() + " "
                + what + "\nReason: " + attempt.reason() + "\nPrompts go on to the next provider in the chain; "
                + (probed ? attempt.provider() + " is marked DEGRADED until the probe finds it healthy again."
                : "its breaker skips " + attempt.provider() + " after llm.breaker.failures failures in a row."));
    }

    /** The gate-failing-closed alert for a routing decision that could not read the counter; else null. */
    public Alert forUnreadableQuota(@ExchangeProperty(PropertyNames.DECISION) RoutingDecision decision) {
        QuotaSnapshot snapshot = decision == null ? null : decision.geminiQuota();
        return snapshot != null && snapshot.error() != null ? forGateError(snapshot.unavailableReason()) : null;
    }

    private Alert forGateError(String reason) {
        long now = System.nanoTime();
        // cheap local throttle first: every prompt can see a failing gate, only one per window asks Redis/dedup
        if (gateAlertedAtNanos != Long.MIN_VALUE && now - gateAlertedAtNanos < failoverWindow.toNanos()) {
            return null;
        }
        gateAlertedAtNanos = now;
        // Redis is what fails here: this instance's own window decides (one alert per instance and window)
        return new Alert(Alert.GATE_ERROR, fit(gateText(reason)));
    }

    private Alert once(String type, String key, Duration window, String text) {
        if (!dedup.firstInWindow(key, window)) {
            metrics.alert(type, "deduplicated");
            return null;
        }
        return new Alert(type, fit(text));
    }

    String failoverText(PrimaryChangedEvent e) {
        HealthReport h = e.health();
        return "LLM failover: " + localName() + " lost\n"
                + localName() + ": " + (h == null ? "unknown" : h.status() + " (" + h.reason() + ")") + "\n"
                + "New primary: " + e.to() + " (" + model(e.to()) + ")\n"
                + "Fallback chain: " + chain(e.fallbackChain()) + "\n"
                + "Reason: " + e.reason() + "\n"
                + "Trigger: " + e.trigger() + ", seen by " + live.get().general().instanceId();
    }

    String recoveryText(PrimaryChangedEvent e) {
        HealthReport h = e.health();
        String local = localId();
        return "LLM recovered: back on " + localName() + " after " + human(Duration.ofMillis(e.ollamaDownMs())) + "\n"
                + localName() + ": " + (h == null ? "unknown" : h.status() + " (" + h.reason() + ")") + "\n"
                + "Primary: " + local + " (" + model(local) + "), fallback chain: " + chain(e.fallbackChain()) + "\n"
                + "At: " + e.time() + ", seen by " + live.get().general().instanceId();
    }

    String quotaText(long count, long quota, LocalDate day) {
        return "Gemini daily quota exhausted: " + count + "/" + quota + " calls on " + day + " (" + live.get().quota().zone()
                + ")\n" + "Until the day ends, Gemini is skipped; prompts go to " + chain(providerIds(live.get().routing().quotaExceeded()))
                + " in its place.";
    }

    /** Any provider's quota (calls or tokens) but Gemini's calls, whose text stays as it was. */
    String quotaText(QuotaDecision d, LocalDate day) {
        List<Provider> standIns = live.get().routing().quotaExceeded();
        for (java.util.Map.Entry<Provider, List<Provider>> e : live.get().routing().exhausted().entrySet()) {
            standIns = e.getKey().id().equals(d.provider()) ? e.getValue() : standIns;
        }
        return d.provider() + " daily " + (d.tokens() ? "token" : "call") + " quota exhausted: " + d.reason() + " on "
                + day + " (" + live.get().quota().zone() + ")\nUntil the day ends, " + d.provider()
                + " is skipped; prompts go to " + chain(providerIds(standIns)) + " in its place.";
    }

    String gateText(String reason) {
        String provider = reason.startsWith("gemini ") || reason.indexOf(' ') < 0 ? "Gemini"
                : reason.substring(0, reason.indexOf(' '));
        return provider + " quota gate failing closed: " + reason + "\n"
                + "No " + provider + " calls until Redis answers again; prompts go to "
                + chain(providerIds(live.get().routing().quotaExceeded())) + " in its place.\n"
                + "Each router instance sends this alert itself (Redis, which would tell them apart, is what fails): "
                + "other instances may report the same outage.";
    }

    /** The local primary's id ({@code ollama}). */
    private String localId() {
        Provider p = live.get().routing().localPrimary();
        return p == null ? "ollama" : p.id();
    }

    /** The local primary's name in a headline: its id, capitalised ({@code Ollama}). */
    private String localName() {
        String id = localId();
        return Character.toUpperCase(id.charAt(0)) + id.substring(1);
    }

    private String model(String provider) {
        ProviderSettings p = live.get().providers().byId().get(provider);
        return p == null ? "?" : p.model();
    }

    private static List<String> providerIds(List<Provider> providers) {
        return providers.stream().map(Provider::id).toList();
    }

    private static String chain(List<String> providers) {
        return providers.isEmpty() ? "(none)" : String.join(" -> ", providers);
    }

    static String human(Duration d) {
        long s = d.getSeconds();
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return (s / 60) + "m " + (s % 60) + "s";
        }
        return (s / 3600) + "h " + (s % 3600 / 60) + "m";
    }

    static String fit(String text) {
        return text.length() <= Alert.MAX_LENGTH ? text : text.substring(0, Alert.MAX_LENGTH - 3) + "...";
    }
}
