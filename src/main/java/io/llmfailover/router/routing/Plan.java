package io.llmfailover.router.routing;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.llmfailover.router.core.Provider;
import io.llmfailover.router.settings.ProviderCatalog;
import io.llmfailover.router.settings.ProviderSettings;
import io.llmfailover.router.settings.RoutingSettings;

/**
 * What the settings in force derive for {@link ChainPlanner}, rebuilt when a reload replaces them: each provider's
 * target, the names a request may ask for a provider by, and the memoised orders.
 */
record Plan(ProviderCatalog catalog, RoutingSettings routing, Map<Provider, ProviderTarget> targetOf,
        Map<String, Provider> requestable, Map<Provider, Map<List<Provider>, List<Provider>>> firsts,
        Map<List<Provider>, List<ProviderTarget>> targets) {

    static Plan of(ProviderCatalog catalog, RoutingSettings routing) {
        Map<Provider, ProviderTarget> targetOf = new ConcurrentHashMap<>();
        Map<String, Provider> requestable = new ConcurrentHashMap<>();
        Map<Provider, Map<List<Provider>, List<Provider>>> firsts = new ConcurrentHashMap<>();
        for (ProviderSettings s : catalog.all()) {
            Provider p = s.provider();
            targetOf.put(p, new ProviderTarget(p.id(), s.model(), s.baseUrl()));
            requestable.put(p.id(), p);
            firsts.put(p, new ConcurrentHashMap<>());
        }
        for (ProviderSettings s : catalog.all()) {
            requestable.putIfAbsent(s.model(), s.provider());
        }
        return new Plan(catalog, routing, targetOf, requestable, firsts, new ConcurrentHashMap<>());
    }
}
