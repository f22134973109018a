package io.llmfailover.router.routing;

import java.util.List;

import io.llmfailover.router.health.HealthReport;
import io.llmfailover.router.quota.QuotaSnapshot;

/**
 * Where prompts go right now and why.
 *
 * @param primary       the provider tried first
 * @param fallbackChain the providers tried next, in order
 * @param reason        e.g. {@code ollama OFFLINE -> gemini at 2026-11-26T13:05:00+08:00}
 * @param health        the health report behind the decision
 * @param geminiQuota   today's Gemini count and quota as the decision saw them
 * @param decidedAt     when the decision was made, in {@code llm.quota.zone}
 */
public record RoutingDecision(ProviderTarget primary, List<ProviderTarget> fallbackChain, String reason,
        HealthReport health, QuotaSnapshot geminiQuota, String decidedAt) {

    /** Provider ids in the order they will be tried: primary first. */
    public List<String> order() {
        java.util.ArrayList<String> ids = new java.util.ArrayList<>(fallbackChain.size() + 1);
        ids.add(primary.provider());
        for (ProviderTarget t : fallbackChain) {
            ids.add(t.provider());
        }
        return ids;
    }
}
