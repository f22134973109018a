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
import io.llmfailover.router.settings.ProviderSettings;
import io.llmfailover.router.settings.RouterSettings;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One probe per self-hosted endpoint other than the local primary (whose probe is the route
 * {@code ollama-health-poll} / {@code direct:check-health}): its probe bean ({@code <id>HealthProbe}) and its route,
 * made from the route template {@code endpoint-health-probe} of routes/health-probe.camel.yaml: route id
 * {@code <id>-health-poll}, step ids prefixed {@code <id>-}; made and remade as {@link TemplatedRoutes} says.
 */
public final class EndpointProbes extends TemplatedRoutes {

    static final String TEMPLATE = "endpoint-health-probe";
    private static final Logger LOG = LoggerFactory.getLogger(EndpointProbes.class);

    private final ObjectMapper mapper;
    private final Clock clock;
    private final EndpointHealth health;

    EndpointProbes(CamelContext context, ObjectMapper mapper, Clock clock, EndpointHealth health) {
        super(context);
        this.mapper = mapper;
        this.clock = clock;
        this.health = health;
    }

    @Override
    public synchronized void reconfigure(RouterSettings next) throws Exception {
        health.reconfigure(next);
        makeRoutes(next);
    }

    @Override
    protected Map<String, ProviderSettings> wanted(RouterSettings settings) {
        Map<String, ProviderSettings> wanted = new LinkedHashMap<>();
        for (String id : health.ids()) {
            wanted.put(id, settings.providers().byId().get(id));
        }
        if (!wanted.isEmpty() && !templateLoaded(TEMPLATE)) {
            LOG.warn("No route template {} (routes/health-probe.camel.yaml not loaded): endpoints {} are not probed",
                    TEMPLATE, wanted.keySet());
        }
        return wanted;
    }

    @Override
    protected String templateId(ProviderSettings p) {
        return TEMPLATE;
    }

    @Override
    protected String routeId(String providerId) {
        return providerId + "-health-poll";
    }

    @Override
    protected Map<String, Object> parameters(ProviderSettings p) {
        boolean openAi = p.provider().type() == ProviderType.OPENAI;
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("id", p.provider().id());
        params.put("baseUrl", p.baseUrl());
        params.put("listPath", openAi ? "/v1/models" : "/api/tags");
        params.put("generatePath", openAi ? "/v1/chat/completions" : "/api/generate");
        return params;
    }

    /** The endpoint's probe bean, {@code <id>HealthProbe}, which its route calls. */
    @Override
    protected void beforeRoute(ProviderSettings p, RouterSettings settings) {
        HealthClassifier classifier = HealthBeans.classifier(settings.health(), mapper, p.healthModel());
        context.getRegistry().bind(p.provider().id() + "HealthProbe", p.provider().type() == ProviderType.OPENAI
                ? OllamaProbe.openAi(classifier, mapper, clock) : new OllamaProbe(classifier, mapper, clock));
    }

    /** Its health state as a gauge, {@code llm_endpoint_health_state{provider}}. */
    @Override
    protected void afterRoute(ProviderSettings p) {
        RouterMetrics metrics = context.getRegistry().findSingleByType(RouterMetrics.class);
        if (metrics != null) {
            String id = p.provider().id();
            metrics.endpointHealthState(id, () -> {
                OllamaHealth state = health.of(id);
                return state == null ? Double.NaN : state.current().status().code();
            });
        }
    }
}
