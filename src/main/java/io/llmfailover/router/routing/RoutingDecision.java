package io.llmfailover.router.routing;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.llmfailover.router.core.Provider;
import io.llmfailover.router.health.EndpointHealth;
import io.llmfailover.router.health.HealthReport;
import io.llmfailover.router.health.ProviderBreakers;
import io.llmfailover.router.quota.QuotaSnapshot;

/**
 * Where a prompt goes and why: the order {@link ChainPlanner} made, step by step, in {@code direct:select-provider}.
 * As JSON ({@code GET /routing}): {@code primary}, {@code fallbackChain}, {@code reason}, {@code health},
 * {@code geminiQuota}, {@code quotas}, {@code breakers}, {@code decidedAt}. The texts (reason, time) are written only when someone reads them, so a
 * prompt that only walks the chain never pays for them.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.NONE, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
@JsonPropertyOrder({"primary", "fallbackChain", "reason", "task", "health", "endpoints", "geminiQuota", "quotas",
        "breakers", "tasks", "decidedAt"})
public final class RoutingDecision {

    private final HealthReport health;
    private final List<Provider> order;
    private final List<ProviderTarget> targets;
    private final QuotaSnapshot quota;
    private final String quotaNote;
    private final ForcedPrimary.Forced forced;
    private final Provider requested;
    private final long decidedAtMillis;
    private final ZoneId zone;
    private final ProviderBreakers breakers;
    private final String task;
    /** What the steps add to the decision; one per prompt's decision, carried along its copies. */
    private DecisionExtras extras = new DecisionExtras();

    RoutingDecision(HealthReport health, List<Provider> order, List<ProviderTarget> targets, QuotaSnapshot quota,
            String quotaNote, ForcedPrimary.Forced forced, Provider requested, long decidedAtMillis, ZoneId zone,
            ProviderBreakers breakers, String task) {
        this.task = task;
        this.health = health;
        this.order = order;
        this.targets = targets;
        this.quota = quota;
        this.quotaNote = quotaNote;
        this.forced = forced;
        this.requested = requested;
        this.decidedAtMillis = decidedAtMillis;
        this.zone = zone;
        this.breakers = breakers;
    }

    RoutingDecision with(List<Provider> newOrder, List<ProviderTarget> newTargets, QuotaSnapshot newQuota,
            String newQuotaNote, ForcedPrimary.Forced newForced, Provider newRequested) {
        RoutingDecision copy = new RoutingDecision(health, newOrder, newTargets, newQuota, newQuotaNote, newForced,
                newRequested, decidedAtMillis, zone, breakers, task);
        copy.extras = extras;
        return copy;
    }

    /** Sets what the endpoint step knows (on this decision, which only the step's route holds yet). */
    RoutingDecision endpoints(String newLocalPrimary, EndpointHealth newEndpointHealth, List<Provider> newSkipped,
            List<Provider> newMovedBack) {
        extras.localPrimary = newLocalPrimary;
        extras.endpointHealth = newEndpointHealth;
        extras.skipped = newSkipped;
        extras.movedBack = newMovedBack;
        return this;
    }

    /** The self-hosted endpoints the chain left out because their probe finds them OFFLINE or DEGRADED. */
    public List<Provider> skippedEndpoints() {
        return extras.skipped;
    }

    /** The SLOW self-hosted endpoints moved behind the healthy ones. */
    public List<Provider> slowEndpoints() {
        return extras.movedBack;
    }

    /**
     * Every self-hosted endpoint's health report, the local primary's first (the one behind {@code health}), read
     * when the decision is shown.
     */
    @JsonProperty("endpoints")
    public java.util.Map<String, HealthReport> endpointReports() {
        return extras.endpointReports(health);
    }

    /** Where {@link #quotas()} reads from when the decision is shown (set once, where it is made). */
    RoutingDecision quotas(io.llmfailover.router.quota.QuotaGates gates, io.llmfailover.router.settings.RoutingSettings
            matrix) {
        extras.quotaGates = gates;
        extras.routing = matrix;
        return this;
    }

    /** Each task's own rows ({@code llm.routing.<task>.<state>}): {@code {"code": {"slow": ["claude", ...]}}}. */
    @JsonProperty("tasks")
    public java.util.Map<String, java.util.Map<String, List<String>>> tasks() {
        return extras.tasks();
    }

    /**
     * Each provider with a quota or a price: today's calls and tokens with their quotas, and this instance's spend
     * today ({@code llm.providers.<id>.price-input}, {@code price-output}), read when the decision is shown.
     */
    @JsonProperty("quotas")
    public java.util.Map<String, io.llmfailover.router.quota.QuotaView> quotas() {
        return extras.quotaGates == null ? java.util.Map.of() : extras.quotaGates.view();
    }

    /** The providers in the order they are tried, primary first. */
    public List<Provider> order() {
        return order;
    }

    /** The provider tried first. */
    @JsonProperty("primary")
    public ProviderTarget primary() {
        return targets.get(0);
    }

    /** The providers tried next, in order. */
    @JsonProperty("fallbackChain")
    public List<ProviderTarget> fallbackChain() {
        return targets.subList(1, targets.size());
    }

    /** E.g. {@code ollama OFFLINE -> nemotron at 2026-11-26T13:05:00+08:00; gemini daily quota reached (500/500)}. */
    @JsonProperty("reason")
    public String reason() {
        StringBuilder r = new StringBuilder(96).append(extras.localPrimary).append(' ').append(health.status()).append(" -> ")
                .append(order.get(0)).append(" at ").append(decidedAt());
        if (quotaNote != null) {
            r.append("; ").append(quotaNote);
        }
        String endpointsSkipped = extras.endpointsSkipped();
        if (endpointsSkipped != null) {
            r.append("; ").append(endpointsSkipped);
        }
        for (Provider p : extras.movedBack) {
            r.append("; ").append(p).append(" SLOW: tried after the healthy endpoints");
        }
        if (forced != null) {
            r.append("; forced by operator until ").append(forced.untilText());
        }
        if (task != null) {
            r.append("; task ").append(task);
        }
        if (requested != null) {
            r.append("; ").append(requested).append(" first as the request asked");
        }
        return r.toString();
    }

    /** The task whose own matrix row ordered the providers, or null (the default matrix). */
    @JsonProperty("task")
    public String task() {
        return task;
    }

    /** The health report behind the decision. */
    @JsonProperty("health")
    public HealthReport health() {
        return health;
    }

    /** Today's Gemini count and quota as the decision saw them. */
    @JsonProperty("geminiQuota")
    public QuotaSnapshot geminiQuota() {
        return quota;
    }

    /**
     * Each cloud provider's breaker ({@code closed}, {@code open}: skipped, {@code half_open}: the next prompt tries
     * it), read when the decision is shown: the walk skips an open one.
     */
    @JsonProperty("breakers")
    public java.util.Map<String, String> breakers() {
        return breakers == null ? java.util.Map.of() : breakers.states();
    }

    /** When the decision was made, ISO-8601 in {@code llm.quota.zone}. */
    @JsonProperty("decidedAt")
    public String decidedAt() {
        return OffsetDateTime.ofInstant(Instant.ofEpochMilli(decidedAtMillis), zone).truncatedTo(ChronoUnit.SECONDS)
                .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }

    /** True when the Gemini counter could not be read (the quota gate fails closed). */
    public boolean quotaUnreadable() {
        return quota != null && quota.error() != null;
    }

    List<ProviderTarget> targets() {
        return targets;
    }

    String quotaNote() {
        return quotaNote;
    }

    /**
     * The providers the quota gate left out of the order, with why: {@code gemini skipped: daily quota reached
     * (150/150)}; null when none was.
     */
    public String leftOut() {
        String quotaLeftOut = quotaNote == null ? null : Provider.GEMINI.id() + " skipped: " + quota.skipReason();
        String endpointsSkipped = extras.endpointsSkipped();
        if (endpointsSkipped == null) {
            return quotaLeftOut;
        }
        return quotaLeftOut == null ? endpointsSkipped : quotaLeftOut + "; " + endpointsSkipped;
    }


    ForcedPrimary.Forced forced() {
        return forced;
    }

    @Override
    public String toString() {
        return "RoutingDecision[" + order + ", " + reason() + "]";
    }
}
