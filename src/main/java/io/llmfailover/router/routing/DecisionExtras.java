package io.llmfailover.router.routing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.llmfailover.router.core.Provider;
import io.llmfailover.router.health.EndpointHealth;
import io.llmfailover.router.health.HealthReport;
import io.llmfailover.router.health.OllamaHealth;
import io.llmfailover.router.quota.QuotaGates;
import io.llmfailover.router.settings.RoutingSettings;

/**
 * What the decision's steps add to a {@link RoutingDecision} after it is made (the endpoint step, the matrix step),
 * and what {@code GET /routing} shows of it, rendered only when someone reads it.
 */
final class DecisionExtras {

    /** Set by the endpoint step ({@link EndpointOrder}). */
    String localPrimary = "ollama";
    EndpointHealth endpointHealth;
    /** Endpoints left out (OFFLINE, DEGRADED) and moved behind the healthy ones (SLOW), or empty. */
    List<Provider> skipped = List.of();
    List<Provider> movedBack = List.of();
    QuotaGates quotaGates;
    /** The matrices the decision was made with. */
    RoutingSettings routing;

    /** Every self-hosted endpoint's health report, the local primary's ({@code health}) first. */
    Map<String, HealthReport> endpointReports(HealthReport health) {
        Map<String, HealthReport> out = new LinkedHashMap<>();
        out.put(localPrimary, health);
        if (endpointHealth != null) {
            out.putAll(endpointHealth.reports());
        }
        return out;
    }

    /** Each task's own rows, by task and state. */
    Map<String, Map<String, List<String>>> tasks() {
        Map<String, Map<String, List<String>>> out = new LinkedHashMap<>();
        if (routing != null) {
            routing.tasks().forEach((task, rows) -> {
                Map<String, List<String>> r = new LinkedHashMap<>();
                rows.forEach((state, order) -> r.put(state.name().toLowerCase(Locale.ROOT),
                        order.stream().map(Provider::id).toList()));
                out.put(task, r);
            });
        }
        return out;
    }

    /** {@code gpu2 skipped: OFFLINE (connection refused)}, one per endpoint left out, or null. */
    String endpointsSkipped() {
        if (skipped.isEmpty()) {
            return null;
        }
        StringBuilder r = new StringBuilder();
        for (Provider p : skipped) {
            OllamaHealth h = endpointHealth == null ? null : endpointHealth.of(p.id());
            HealthReport now = h == null ? null : h.current();
            r.append(r.length() == 0 ? "" : "; ").append(p).append(" skipped: ")
                    .append(now == null ? "unwell" : now.status() + " (" + now.reason() + ")");
        }
        return r.toString();
    }
}
