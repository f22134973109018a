package io.llmfailover.router.health;

import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import io.llmfailover.router.core.HealthStatus;
import io.llmfailover.router.core.Provider;
import io.llmfailover.router.core.ProviderType;
import io.llmfailover.router.settings.ProviderSettings;
import io.llmfailover.router.settings.Reconfigurable;
import io.llmfailover.router.settings.RouterSettings;
import org.apache.camel.Body;

/**
 * The health of every self-hosted endpoint other than the local primary (whose health is the {@code ollamaHealth}
 * bean, the one the decision matrix branches on): every {@code ollama} provider and every {@code openai} one with
 * {@code self-hosted=true} (vLLM, llama.cpp, LM Studio). Each has its own state with the same hysteresis and passive
 * health as the local primary's ({@link OllamaHealth}), and its own cached report. A reload adds and removes
 * endpoints; one whose base URL is unchanged keeps its state.
 */
public final class EndpointHealth implements Reconfigurable {

    private final int recoveryProbes;
    private final Clock clock;
    private final Function<ProviderSettings, HealthCache> caches;
    private volatile Map<String, OllamaHealth> byId = Map.of();
    private volatile Map<String, String> urls = Map.of();

    /** @param caches the cached report of one endpoint (keyed by its URL in Redis; none in in-memory mode) */
    public EndpointHealth(RouterSettings settings, int recoveryProbes, Clock clock,
            Function<ProviderSettings, HealthCache> caches) {
        this.recoveryProbes = recoveryProbes;
        this.clock = clock;
        this.caches = caches;
        reconfigure(settings);
    }

    /** True for a provider that gets a probe and a health state: an Ollama, or a self-hosted OpenAI-compatible one. */
    public static boolean probed(ProviderSettings p) {
        return p.selfHosted() && (p.provider().type() == ProviderType.OLLAMA
                || p.provider().type() == ProviderType.OPENAI);
    }

    @Override
    public synchronized void reconfigure(RouterSettings next) {
        Provider local = next.routing().localPrimary();
        Map<String, OllamaHealth> states = new LinkedHashMap<>();
        Map<String, String> nextUrls = new LinkedHashMap<>();
        for (ProviderSettings p : next.providers().all()) {
            String id = p.provider().id();
            if (!probed(p) || p.provider().equals(local)) {
                continue;
            }
            OllamaHealth kept = byId.get(id);
            states.put(id, kept != null && p.baseUrl().equals(urls.get(id)) ? kept
                    : new OllamaHealth(id, recoveryProbes, clock, caches.apply(p)));
            nextUrls.put(id, p.baseUrl());
        }
        byId = Collections.unmodifiableMap(states);
        urls = Collections.unmodifiableMap(nextUrls);
    }

    /** The endpoint's health, or null when {@code id} is not an endpoint probed here (or is the local primary). */
    public OllamaHealth of(String id) {
        return byId.get(id);
    }

    /** The endpoint's status now, or null when it is not probed here. */
    public HealthStatus status(Provider p) {
        OllamaHealth h = byId.get(p.id());
        return h == null ? null : h.current().status();
    }

    /** Applies one probe verdict to endpoint {@code id} (its route in routes/health-probe.camel.yaml). */
    public HealthChange record(String id, @Body HealthReport probe) {
        OllamaHealth h = byId.get(id);
        if (h == null) {
            // removed by a reload while its last probe ran
            return new HealthChange(probe, probe);
        }
        return h.record(probe);
    }

    /** Each endpoint's report now, in the catalogue's order. */
    public Map<String, HealthReport> reports() {
        Map<String, HealthReport> out = new LinkedHashMap<>();
        byId.forEach((id, h) -> out.put(id, h.current()));
        return out;
    }

    /** The endpoints' ids (the local primary's excluded), in the catalogue's order. */
    public Iterable<String> ids() {
        return urls.keySet();
    }
}
