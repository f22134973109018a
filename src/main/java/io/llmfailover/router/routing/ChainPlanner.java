package io.llmfailover.router.routing;

import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import io.llmfailover.router.chat.ChatRequest;
import io.llmfailover.router.core.PropertyNames;
import io.llmfailover.router.core.Provider;
import io.llmfailover.router.health.HealthReport;
import io.llmfailover.router.health.ProviderBreakers;
import io.llmfailover.router.quota.GeminiQuotaGate;
import io.llmfailover.router.quota.QuotaSnapshot;
import io.llmfailover.router.settings.ProviderCatalog;
import io.llmfailover.router.settings.ProviderSettings;
import io.llmfailover.router.settings.SettingsReader;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;

/**
 * The one place that decides in which order a prompt's providers are tried. {@code routes/select-provider.camel.yaml}
 * calls its steps one after the other, so the whole ordering reads as a list of steps:
 * <ol>
 * <li>{@link #fromMatrix}: the order the decision matrix picked for Ollama's health state
 * ({@code llm.routing.<state>});</li>
 * <li>{@link #substituteQuota}: when Gemini's quota is spent, or its gate cannot read the counter,
 * {@code llm.routing.quota-exceeded} takes Gemini's place;</li>
 * <li>{@link #forcedFirst}: an operator's forced primary goes first;</li>
 * <li>{@link #requestedFirst}: the provider the request names (its id or configured model) goes first, if it is in
 * the chain.</li>
 * </ol>
 * The dispatch walk ({@code direct:chat}) takes the finished order and never reorders it, except for the one thing
 * only the walk can know: the gate refusing Gemini at call time, for which it asks {@link #afterQuotaDenied}.
 * <p>
 * Orders are immutable lists; every order a step derives is computed once and reused, so a prompt pays a few map
 * look-ups, not list building.
 */
public final class ChainPlanner {

    private final List<Provider> quotaExceeded;
    private final GeminiQuotaGate quotaGate;
    private final ProviderBreakers breakers;
    private final ForcedPrimary forced;
    private final Clock clock;
    private final Map<Provider, ProviderTarget> targetOf = new EnumMap<>(Provider.class);
    private final Map<String, Provider> requestable = new ConcurrentHashMap<>();
    private final Map<String, List<Provider>> parsed = new ConcurrentHashMap<>();
    private final Map<List<Provider>, List<Provider>> withoutGemini = new ConcurrentHashMap<>();
    private final Map<Provider, Map<List<Provider>, List<Provider>>> firsts = new EnumMap<>(Provider.class);
    private final Map<List<Provider>, List<ProviderTarget>> targets = new ConcurrentHashMap<>();

    public ChainPlanner(List<Provider> quotaExceeded, ProviderCatalog catalog, GeminiQuotaGate quotaGate,
            ForcedPrimary forced, Clock clock, ProviderBreakers breakers) {
        this.breakers = breakers;
        this.quotaExceeded = List.copyOf(quotaExceeded);
        this.quotaGate = quotaGate;
        this.forced = forced;
        this.clock = clock;
        for (ProviderSettings s : catalog.all()) {
            Provider p = s.provider();
            targetOf.put(p, new ProviderTarget(p.id(), s.model(), s.baseUrl()));
            requestable.put(p.id(), p);
            requestable.putIfAbsent(s.model(), p);
            firsts.put(p, new ConcurrentHashMap<>());
        }
    }

    /** What the decision matrix branches on: {@code HEALTHY}, {@code SLOW}, {@code DEGRADED} or {@code OFFLINE}. */
    public String state(@ExchangeProperty(PropertyNames.HEALTH) HealthReport health) {
        return health.status().name();
    }

    /** Step 1: the order the matrix branch picked (comma-separated provider ids). */
    public RoutingDecision fromMatrix(@ExchangeProperty(PropertyNames.PROVIDER_ORDER) String providerOrder,
            @ExchangeProperty(PropertyNames.HEALTH) HealthReport health) {
        if (providerOrder == null) {
            throw new IllegalStateException("the decision matrix set no provider order for health " + health);
        }
        List<Provider> order = memo(parsed, providerOrder, SettingsReader::parseProviders);
        return new RoutingDecision(health, order, targets(order), null, null, null, null, clock.millis(), clock.getZone(),
                breakers);
    }

    /**
     * Step 2: looks at today's Gemini count without counting; when the quota is spent or the counter cannot be read,
     * {@code llm.routing.quota-exceeded} takes Gemini's place (each provider kept once, first place wins).
     */
    public RoutingDecision substituteQuota(@Body RoutingDecision d) {
        QuotaSnapshot quota = quotaGate.peek();
        if (quota.available() || !d.order().contains(Provider.GEMINI)) {
            return d.with(d.order(), d.targets(), quota, null, d.forced(), null);
        }
        List<Provider> order = memo(withoutGemini, d.order(), o -> replaceGemini(o, List.of()));
        return d.with(order, targets(order), quota, quota.unavailableReason(), d.forced(), null);
    }

    /** Step 3: the provider an operator forced (JMX {@code forcePrimary}) goes first, the rest keep their order. */
    public RoutingDecision forcedFirst(@Body RoutingDecision d) {
        ForcedPrimary.Forced f = forced.active();
        if (f == null) {
            return d;
        }
        List<Provider> order = first(d.order(), f.provider());
        return d.with(order, targets(order), d.geminiQuota(), d.quotaNote(), f, null);
    }

    /**
     * Step 4: a request whose {@code model} names a provider ({@code claude}) or a configured model
     * ({@code claude-haiku-4-5-20251001}) has that provider tried first, when it is in the chain. Any other model
     * ({@code auto}, {@code gpt-4o}) changes nothing; so does a decision made for no request (GET /routing).
     */
    public RoutingDecision requestedFirst(@Body RoutingDecision d,
            @ExchangeProperty(PropertyNames.REQUEST) ChatRequest request) {
        Provider p = request == null ? null : requested(request.model());
        if (p == null || d.order().get(0) == p || !d.order().contains(p)) {
            return d;
        }
        List<Provider> order = first(d.order(), p);
        return d.with(order, targets(order), d.geminiQuota(), d.quotaNote(), d.forced(), p);
    }

    /** True when the decision could not read today's Gemini counter (the quota gate fails closed). */
    public boolean quotaUnreadable(@ExchangeProperty(PropertyNames.DECISION) RoutingDecision d) {
        return d != null && d.quotaUnreadable();
    }

    /**
     * The walk's providers after the gate refused Gemini at call time: {@code llm.routing.quota-exceeded} goes where
     * Gemini stood (before {@code upcoming}), leaving out what was already tried; each provider once.
     */
    public List<Provider> afterQuotaDenied(List<Provider> upcoming, List<Provider> tried) {
        List<Provider> withGemini = new ArrayList<>(upcoming.size() + 1);
        withGemini.add(Provider.GEMINI);
        withGemini.addAll(upcoming);
        return replaceGemini(withGemini, tried);
    }

    private List<Provider> replaceGemini(List<Provider> order, List<Provider> tried) {
        Set<Provider> result = new LinkedHashSet<>();
        for (Provider p : order) {
            if (p == Provider.GEMINI) {
                result.addAll(quotaExceeded);
            } else {
                result.add(p);
            }
        }
        result.removeAll(tried);
        return List.copyOf(result);
    }

    private List<Provider> first(List<Provider> order, Provider p) {
        return memo(firsts.get(p), order, o -> {
            List<Provider> r = new ArrayList<>(o.size() + 1);
            r.add(p);
            for (Provider q : o) {
                if (q != p) {
                    r.add(q);
                }
            }
            return List.copyOf(r);
        });
    }

    private Provider requested(String model) {
        if (model == null || model.isEmpty()) {
            return null;
        }
        Provider p = requestable.get(model);
        return p != null ? p : requestable.get(model.toLowerCase(Locale.ROOT));
    }

    private List<ProviderTarget> targets(List<Provider> order) {
        return memo(targets, order, o -> o.stream().map(targetOf::get).toList());
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
