package io.llmfailover.router.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.llmfailover.router.core.HealthStatus;
import io.llmfailover.router.core.Provider;
import io.llmfailover.router.health.EndpointHealth;
import io.llmfailover.router.settings.LiveSettings;
import io.llmfailover.router.settings.ProviderCatalog;
import io.llmfailover.router.settings.ProviderSettings;
import org.apache.camel.Body;

/**
 * The decision step for chains that list several self-hosted endpoints ({@code routes/select-provider.camel.yaml},
 * step {@code order-endpoint-health}, after the quota substitution): an endpoint other than the local primary that its
 * probe finds OFFLINE or DEGRADED is left out (and named in the decision's reason and in the walk's failure: {@code
 * gpu2 skipped: OFFLINE (connection refused)}); a SLOW one is moved behind the healthy self-hosted endpoints that
 * follow it. The local primary is never moved here: its state picks the matrix row.
 * <p>
 * On the hot path: a chain whose endpoints are all healthy is handed on as it is; a changed one is computed once per
 * chain and set of states and reused while nothing changes (one memo per chain, replaced when a state changes).
 */
public final class EndpointOrder {

    private final LiveSettings live;
    private final EndpointHealth health;
    private volatile Plan plan;

    /** One chain's last derived order, for the states it was derived from (2 bits per position). */
    private record Memo(long states, List<Provider> order, List<ProviderTarget> targets, List<Provider> skipped,
            List<Provider> movedBack) {
    }

    private record Plan(ProviderCatalog catalog, Map<List<Provider>, Memo> memos) {
    }

    public EndpointOrder(LiveSettings live, EndpointHealth health) {
        this.live = live;
        this.health = health;
        this.plan = new Plan(live.providers(), new ConcurrentHashMap<>());
    }

    /** The step: skips the unwell endpoints, moves the slow ones back; the decision as it is when none is either. */
    public RoutingDecision byEndpointHealth(@Body RoutingDecision d) {
        Provider local = live.routing().localPrimary();
        d.endpoints(local == null ? "ollama" : local.id(), health, List.of(), List.of());
        List<Provider> order = d.order();
        long states = states(order);
        if (states == 0) {
            return d;
        }
        Plan p = plan;
        if (p.catalog != live.providers()) {
            p = new Plan(live.providers(), new ConcurrentHashMap<>());
            plan = p;
        }
        Memo m = p.memos.get(order);
        if (m == null || m.states != states) {
            m = derive(p.catalog, order, states);
            p.memos.put(order, m);
        }
        if (m.order.isEmpty()) {
            // every provider of the chain is unwell: better try them than answer nothing
            return d;
        }
        return d.with(m.order, m.targets, d.geminiQuota(), d.quotaNote(), d.forced(), null)
                .endpoints(local == null ? "ollama" : local.id(), health, m.skipped, m.movedBack);
    }

    /** 2 bits per position of an endpoint probed here: 0 healthy (or not an endpoint), 1 slow, 2 degraded, 3 offline. */
    private long states(List<Provider> order) {
        long states = 0;
        int n = Math.min(order.size(), 32);
        for (int i = 0; i < n; i++) {
            HealthStatus s = health.status(order.get(i));
            if (s != null && s != HealthStatus.HEALTHY) {
                states |= (long) code(s) << (2 * i);
            }
        }
        return states;
    }

    private static int code(HealthStatus s) {
        return switch (s) {
            case HEALTHY -> 0;
            case SLOW -> 1;
            case DEGRADED -> 2;
            case OFFLINE -> 3;
        };
    }

    private static Memo derive(ProviderCatalog catalog, List<Provider> order, long states) {
        List<Provider> out = new ArrayList<>(order.size());
        List<Provider> skipped = new ArrayList<>();
        List<Provider> slow = new ArrayList<>();
        for (int i = 0; i < order.size(); i++) {
            Provider q = order.get(i);
            int code = i < 32 ? (int) (states >>> (2 * i)) & 3 : 0;
            (code >= 2 ? skipped : code == 1 ? slow : out).add(q);
        }
        // a SLOW endpoint goes behind the last healthy self-hosted endpoint that followed it (and behind the SLOW ones
        // already moved there); with none after it, it keeps its place
        List<Provider> movedBack = new ArrayList<>();
        for (Provider q : slow) {
            int at = order.indexOf(q);
            int lastHealthy = -1;
            for (int i = 0; i < out.size(); i++) {
                Provider o = out.get(i);
                ProviderSettings s = catalog.byId().get(o.id());
                if (order.indexOf(o) > at && s != null && s.selfHosted() && !slow.contains(o)) {
                    lastHealthy = i;
                }
            }
            if (lastHealthy >= 0) {
                int pos = lastHealthy + 1;
                while (pos < out.size() && slow.contains(out.get(pos))) {
                    pos++;
                }
                out.add(pos, q);
                movedBack.add(q);
            } else {
                out.add(insertionPoint(out, order, at), q);
            }
        }
        List<Provider> finalOrder = List.copyOf(out);
        List<ProviderTarget> targets = finalOrder.stream().map(q -> {
            ProviderSettings s = catalog.byId().get(q.id());
            return s == null ? new ProviderTarget(q.id(), "?", "?") : new ProviderTarget(q.id(), s.model(), s.baseUrl());
        }).toList();
        return new Memo(states, finalOrder, targets, List.copyOf(skipped), List.copyOf(movedBack));
    }

    /** Where a provider that keeps its place goes back into {@code out}: before the first one that followed it. */
    private static int insertionPoint(List<Provider> out, List<Provider> order, int at) {
        for (int i = 0; i < out.size(); i++) {
            if (order.indexOf(out.get(i)) > at) {
                return i;
            }
        }
        return out.size();
    }
}
