package io.llmfailover.router.routing;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.llmfailover.router.util.Texts;
import io.llmfailover.router.config.RouterSettings;
import io.llmfailover.router.health.HealthReport;
import io.llmfailover.router.health.HealthStatus;
import io.llmfailover.router.quota.GeminiQuotaGate;
import io.llmfailover.router.quota.QuotaSnapshot;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;

/**
 * Builds the routing decision from the provider order the decision matrix (routes/select-provider.camel.yaml)
 * chose for the current health state. Looks at the Gemini quota without consuming it: when today's quota is spent,
 * or the gate cannot read its counter, the quota-exceeded order takes Gemini's place.
 */
public final class RoutingDecider {

    private final Map<Provider, ProviderTarget> targets = new EnumMap<>(Provider.class);
    private final List<Provider> quotaExceededOrder;
    private final GeminiQuotaGate quotaGate;
    private final Clock clock;
    private final Map<String, List<Provider>> parsedOrders = new ConcurrentHashMap<>();
    private final ForcedPrimary forced;

    public RoutingDecider(RouterSettings settings, GeminiQuotaGate quotaGate, Clock clock, ForcedPrimary forced) {
        for (Provider p : Provider.values()) {
            RouterSettings.ProviderSettings ps = settings.provider(p);
            targets.put(p, new ProviderTarget(p.id(), ps.model(), ps.baseUrl()));
        }
        this.quotaExceededOrder = settings.quotaExceededOrder();
        this.quotaGate = quotaGate;
        this.clock = clock;
        this.forced = forced;
    }

    /** What the decision matrix branches on: the status of the health report (HEALTHY, SLOW, DEGRADED, OFFLINE). */
    public HealthStatus state(@ExchangeProperty("llmHealth") HealthReport health) {
        return health.status();
    }

    /** True when the decision could not read today's Gemini counter (the quota gate fails closed). */
    public boolean quotaUnreadable(@Body RoutingDecision decision) {
        return decision != null && decision.geminiQuota() != null && decision.geminiQuota().error() != null;
    }

    /**
     * @param providerOrder comma-separated provider ids chosen by the matrix, e.g. {@code gemini,nemotron,claude}
     * @param health        the health report the matrix branched on
     */
    public RoutingDecision decide(@ExchangeProperty("llmProviderOrder") String providerOrder,
            @ExchangeProperty("llmHealth") HealthReport health) {
        if (providerOrder == null) {
            throw new IllegalStateException("the decision matrix set no provider order for health " + health);
        }
        List<Provider> order = parsedOrders.computeIfAbsent(providerOrder, RouterSettings::parseOrder);
        QuotaSnapshot quota = quotaGate.peek();
        String note = null;
        if (order.contains(Provider.GEMINI) && !quota.available()) {
            order = replaceGemini(order);
            note = quota.unavailableReason();
        }
        ForcedPrimary.Forced override = forced.active();
        if (override != null) {
            List<Provider> reordered = new ArrayList<>(order.size() + 1);
            reordered.add(override.provider());
            for (Provider p : order) {
                if (p != override.provider()) {
                    reordered.add(p);
                }
            }
            order = reordered;
            note = (note == null ? "" : note + "; ") + "forced by operator until " + override.untilText();
        }
        String now = Texts.now(clock, ChronoUnit.SECONDS);
        Provider primary = order.get(0);
        List<ProviderTarget> fallback = new ArrayList<>(order.size() - 1);
        for (int i = 1; i < order.size(); i++) {
            fallback.add(targets.get(order.get(i)));
        }
        String reason = "ollama " + health.status() + " -> " + primary + " at " + now + (note == null ? "" : "; " + note);
        return new RoutingDecision(targets.get(primary), List.copyOf(fallback), reason, health, quota, now);
    }

    /** Puts the quota-exceeded order where Gemini stood, keeping each provider once (first place wins). */
    List<Provider> replaceGemini(List<Provider> order) {
        Set<Provider> result = new LinkedHashSet<>();
        for (Provider p : order) {
            if (p == Provider.GEMINI) {
                result.addAll(quotaExceededOrder);
            } else {
                result.add(p);
            }
        }
        return List.copyOf(result);
    }
}
