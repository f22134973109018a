package io.llmfailover.router.routing;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import io.llmfailover.router.chat.ChatRequest;
import io.llmfailover.router.core.HealthStatus;
import io.llmfailover.router.core.PropertyNames;
import io.llmfailover.router.core.Provider;
import io.llmfailover.router.health.HealthReport;
import io.llmfailover.router.health.ProviderBreakers;
import io.llmfailover.router.quota.QuotaGates;
import io.llmfailover.router.quota.QuotaSnapshot;
import io.llmfailover.router.settings.LiveSettings;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;

/**
 * The one place that decides in which order a prompt's providers are tried. {@code routes/select-provider.camel.yaml}
 * calls its steps one after the other, so the whole ordering reads as a list of steps:
 * <ol>
 * <li>{@link #fromMatrix}: the row of the decision matrix for the local primary's health state, the request's task's
 * own row when it has one ({@code llm.routing.<task>.<state>}, else {@code llm.routing.<state>});</li>
 * <li>{@link #substituteQuota}: a provider whose quota is spent, whose gate cannot read its counter, or whose breaker
 * is open has its stand-ins ({@code llm.routing.<id>-exhausted}, by default {@code llm.routing.quota-exceeded}) take
 * its place;</li>
 * <li>{@link #forcedFirst}: an operator's forced primary goes first;</li>
 * <li>{@link #requestedFirst}: the provider the request names (its id or configured model) goes first, if it is in
 * the chain.</li>
 * </ol>
 * The dispatch walk ({@code direct:chat}) takes the finished order and never reorders it, except for the one thing
 * only the walk can know: a gate refusing a provider at call time, for which it asks {@link #afterDenied}.
 * <p>
 * Orders are immutable lists; every order a step derives is computed once and reused, so a prompt pays a few map
 * look-ups, not list building. The settings are read live: a reload takes effect for the next decision.
 */
public final class ChainPlanner {

    private final LiveSettings live;
    private final QuotaGates quotaGates;
    private final ProviderBreakers breakers;
    private final ForcedPrimary forced;
    private final Clock clock;
    private volatile Plan plan;
    private final TaskCounts tasks = new TaskCounts();

    public ChainPlanner(LiveSettings live, QuotaGates quotaGates, ForcedPrimary forced, Clock clock,
            ProviderBreakers breakers) {
        this.live = live;
        this.breakers = breakers;
        this.quotaGates = quotaGates;
        this.forced = forced;
        this.clock = clock;
        this.plan = Plan.of(live.providers(), live.routing());
    }

    private Plan plan() {
        Plan p = plan;
        if (p.catalog() != live.providers() || p.routing() != live.routing()) {
            p = Plan.of(live.providers(), live.routing());
            plan = p;
        }
        return p;
    }

    /** What the decision matrix branches on: {@code HEALTHY}, {@code SLOW}, {@code DEGRADED} or {@code OFFLINE}. */
    public String state(@ExchangeProperty(PropertyNames.HEALTH) HealthReport health) {
        return health.status().name();
    }

    /**
     * Step 1: the matrix row the branch picked ({@code healthy}, {@code slow}, ...), from the request's task's own
     * matrix when it has one; an unknown task uses the default matrix and is counted.
     */
    public RoutingDecision fromMatrix(@ExchangeProperty(PropertyNames.PROVIDER_ORDER) String row,
            @ExchangeProperty(PropertyNames.HEALTH) HealthReport health,
            @ExchangeProperty(PropertyNames.REQUEST) ChatRequest request) {
        if (row == null) {
            throw new IllegalStateException("the decision matrix set no row for health " + health);
        }
        Plan p = plan();
        HealthStatus state = switch (row) { // the branch's constant; no string built per prompt
            case "healthy" -> HealthStatus.HEALTHY;
            case "slow" -> HealthStatus.SLOW;
            case "degraded" -> HealthStatus.DEGRADED;
            case "offline" -> HealthStatus.OFFLINE;
            default -> throw new IllegalStateException("the decision matrix has no row '" + row + "'");
        };
        String task = tasks.count(request == null ? null : request.task(), p.routing());
        List<Provider> order = p.routing().order(task, state);
        return new RoutingDecision(health, order, targets(p, order), null, null, null, null, clock.millis(),
                clock.getZone(), breakers, task).quotas(quotaGates, p.routing());
    }

    /**
     * Step 2: each provider in the order whose quota (calls, tokens) is spent, or whose gate cannot read its counter,
     * has its stand-ins take its place (each provider kept once, first place wins). Looks without counting. (A provider
     * whose breaker is open is skipped by the walk, which then puts its stand-ins in its place: {@link #afterDenied}.)
     */
    public RoutingDecision substituteQuota(@Body RoutingDecision d) {
        Plan p = plan();
        QuotaSnapshot quota = quotaGates.peekCalls(Provider.GEMINI);
        List<Provider> out = null;
        String note = null;
        for (Provider q : d.order()) {
            List<Provider> instead = p.routing().exhausted().get(q);
            QuotaGates.Gates gates = instead == null ? null : quotaGates.of(q.id());
            if (gates == null) {
                continue;
            }
            QuotaSnapshot own = q.equals(Provider.GEMINI) && gates.tokens() == null ? quota : quotaGates.peek(q);
            if (own == null || own.available()) {
                continue;
            }
            out = replace(out == null ? d.order() : out, q, instead, List.of());
            note = note == null ? own.unavailableReason() : note + "; " + own.unavailableReason();
        }
        if (out == null) {
            return d.with(d.order(), d.targets(), quota, null, d.forced(), null);
        }
        return d.with(out, targets(p, out), quota, note, d.forced(), null);
    }

    /** Step 3: the provider an operator forced (JMX {@code forcePrimary}) goes first, the rest keep their order. */
    public RoutingDecision forcedFirst(@Body RoutingDecision d) {
        ForcedPrimary.Forced f = forced.active();
        if (f == null) {
            return d;
        }
        Plan p = plan();
        List<Provider> order = first(p, d.order(), f.provider());
        return d.with(order, targets(p, order), d.geminiQuota(), d.quotaNote(), f, null);
    }

    /**
     * Step 4: a request whose {@code model} names a provider ({@code claude}) or a configured model
     * ({@code claude-haiku-4-5-20251001}) has that provider tried first, when it is in the chain. Any other model
     * ({@code auto}, {@code gpt-4o}) changes nothing; so does a decision made for no request (GET /routing).
     */
    public RoutingDecision requestedFirst(@Body RoutingDecision d,
            @ExchangeProperty(PropertyNames.REQUEST) ChatRequest request) {
        Plan p = plan();
        Provider r = request == null ? null : requested(p, request.model());
        if (r == null || d.order().get(0).equals(r) || !d.order().contains(r)) {
            return d;
        }
        List<Provider> order = first(p, d.order(), r);
        return d.with(order, targets(p, order), d.geminiQuota(), d.quotaNote(), d.forced(), r);
    }

    /** True when the decision could not read today's Gemini counter (the quota gate fails closed). */
    public boolean quotaUnreadable(@ExchangeProperty(PropertyNames.DECISION) RoutingDecision d) {
        return d != null && d.quotaUnreadable();
    }

    /** True when the provider has stand-ins for when it is out (a quota, or {@code llm.routing.<id>-exhausted}). */
    public boolean hasStandIns(Provider p) {
        return plan().routing().exhausted().containsKey(p);
    }

    /**
     * The walk's providers after a gate refused {@code denied} at call time (or its breaker was open): its stand-ins
     * go where it stood (before {@code upcoming}), leaving out what was already tried; each provider once.
     */
    public List<Provider> afterDenied(Provider denied, List<Provider> upcoming, List<Provider> tried) {
        List<Provider> instead = plan().routing().exhausted().get(denied);
        if (instead == null) {
            return upcoming;
        }
        List<Provider> withDenied = new ArrayList<>(upcoming.size() + 1);
        withDenied.add(denied);
        withDenied.addAll(upcoming);
        return replace(withDenied, denied, instead, tried);
    }

    /** Unknown task names seen (each used the default matrix). */
    public long unknownTasks() {
        return tasks.unknown();
    }

    /** Prompts per task that has a matrix of its own. */
    public Map<String, Long> taskCounts() {
        return tasks.perTask();
    }

    private static List<Provider> replace(List<Provider> order, Provider out, List<Provider> instead,
            List<Provider> tried) {
        Set<Provider> result = new LinkedHashSet<>();
        for (Provider p : order) {
            if (p.equals(out)) {
                result.addAll(instead);
            } else {
                result.add(p);
            }
        }
        result.removeAll(tried);
        return List.copyOf(result);
    }

    private static List<Provider> first(Plan plan, List<Provider> order, Provider p) {
        Map<List<Provider>, List<Provider>> cache = plan.firsts().computeIfAbsent(p, k -> new ConcurrentHashMap<>());
        return memo(cache, order, o -> {
            List<Provider> r = new ArrayList<>(o.size() + 1);
            r.add(p);
            for (Provider q : o) {
                if (!q.equals(p)) {
                    r.add(q);
                }
            }
            return List.copyOf(r);
        });
    }

    private static Provider requested(Plan plan, String model) {
        if (model == null || model.isEmpty()) {
            return null;
        }
        Provider p = plan.requestable().get(model);
        return p != null ? p : plan.requestable().get(model.toLowerCase(Locale.ROOT));
    }

    private static List<ProviderTarget> targets(Plan plan, List<Provider> order) {
        return memo(plan.targets(), order, o -> o.stream().map(q -> plan.targetOf().getOrDefault(q,
                new ProviderTarget(q.id(), "?", "?"))).toList());
    }

    /** A get first: computeIfAbsent locks the bin even when the value is there, and every prompt comes here. */
    private static <K, V> V memo(Map<K, V> cache, K key, Function<K, V> compute) {
        V v = cache.get(key);
        if (v == null) {
            v = compute.apply(key);
            V raced = cache.putIfAbsent(key, v);
            if (raced != null) {
                v = raced;
            }
        }
        return v;
    }
}
