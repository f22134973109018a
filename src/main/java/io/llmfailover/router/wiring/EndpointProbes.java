package io.llmfailover.router.wiring;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmfailover.router.core.ProviderType;
import io.llmfailover.router.health.EndpointHealth;
import io.llmfailover.router.health.HealthClassifier;
import io.llmfailover.router.health.OllamaHealth;
import io.llmfailover.router.health.OllamaProbe;
import io.llmfailover.router.metrics.RouterMetrics;
import io.llmfailover.router.settings.HealthSettings;
import io.llmfailover.router.settings.LiveSettings;
import io.llmfailover.router.settings.ProviderSettings;
import io.llmfailover.router.settings.Reconfigurable;
import io.llmfailover.router.settings.RouterSettings;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One probe per self-hosted endpoint other than the local primary (whose probe is the route
 * {@code ollama-health-poll} / {@code direct:check-health}): its probe bean ({@code <id>HealthProbe}) and its route,
 * made from the route template {@code endpoint-health-probe} of routes/health-probe.camel.yaml: route id
 * {@code <id>-health-poll}, step ids prefixed {@code <id>-}. Made once the context has started (as
 * {@link ProviderRoutes} does) and again for what a reload changes: a new endpoint gets its probe, a changed one a new
 * probe, a removed one loses it.
 */
public final class EndpointProbes extends EventNotifierSupport implements Reconfigurable {

    static final String TEMPLATE = "endpoint-health-probe";
    private static final Logger LOG = LoggerFactory.getLogger(EndpointProbes.class);

    private final CamelContext context;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final EndpointHealth health;
    private final Map<String, ProviderSettings> routed = new LinkedHashMap<>();

    EndpointProbes(CamelContext context, ObjectMapper mapper, Clock clock, EndpointHealth health) {
        this.context = context;
        this.mapper = mapper;
        this.clock = clock;
        this.health = health;
    }

    /** The route id of an endpoint's probe. */
    public static String routeId(String providerId) {
        return providerId + "-health-poll";
    }

    @Override
    public void notify(CamelEvent event) throws Exception {
        if (event instanceof CamelEvent.CamelContextStartedEvent) {
            makeRoutes(context.getRegistry().findSingleByType(LiveSettings.class).get());
        }
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.CamelContextStartedEvent;
    }

    @Override
    public synchronized void reconfigure(RouterSettings next) throws Exception {
        health.reconfigure(next);
        makeRoutes(next);
    }

    private synchronized void makeRoutes(RouterSettings settings) throws Exception {
        Map<String, ProviderSettings> wanted = new LinkedHashMap<>();
        for (String id : health.ids()) {
            wanted.put(id, settings.providers().byId().get(id));
        }
        for (String id : Map.copyOf(routed).keySet()) {
            if (!wanted.containsKey(id)) {
                remove(id);
            }
        }
        if (wanted.isEmpty()) {
            return;
        }
        if (context instanceof ModelCamelContext model && model.getRouteTemplateDefinition(TEMPLATE) == null) {
            LOG.warn("No route template {} (routes/health-probe.camel.yaml not loaded): endpoints {} are not probed",
                    TEMPLATE, wanted.keySet());
            return;
        }
        for (ProviderSettings p : wanted.values()) {
            String id = p.provider().id();
            if (p.equals(routed.get(id))) {
                continue;
            }
            remove(id);
            boolean openAi = p.provider().type() == ProviderType.OPENAI;
            HealthSettings h = settings.health();
            HealthClassifier classifier = HealthBeans.classifier(h, mapper, p.healthModel());
            context.getRegistry().bind(id + "HealthProbe", openAi ? OllamaProbe.openAi(classifier, mapper, clock)
                    : new OllamaProbe(classifier, mapper, clock));
            Map<String, Object> params = new LinkedHashMap<>();
            params.put("id", id);
            params.put("baseUrl", p.baseUrl());
            params.put("listPath", openAi ? "/v1/models" : "/api/tags");
            params.put("generatePath", openAi ? "/v1/chat/completions" : "/api/generate");
            TemplatedRouteBuilder.builder(context, TEMPLATE).routeId(routeId(id)).prefixId(id + "-")
                    .parameters(params).add();
            routed.put(id, p);
            RouterMetrics metrics = context.getRegistry().findSingleByType(RouterMetrics.class);
            if (metrics != null) {
                metrics.endpointHealthState(id, () -> {
                    OllamaHealth state = health.of(id);
                    return state == null ? Double.NaN : state.current().status().code();
                });
            }
        }
    }

    private void remove(String id) throws Exception {
        if (context.getRoute(routeId(id)) != null) {
            context.getRouteController().stopRoute(routeId(id));
            context.removeRoute(routeId(id));
        }
        routed.remove(id);
    }
}
