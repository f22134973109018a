package io.llmfailover.router.wiring;

import java.util.LinkedHashMap;
import java.util.Map;

import io.llmfailover.router.settings.LiveSettings;
import io.llmfailover.router.settings.ProviderSettings;
import io.llmfailover.router.settings.Reconfigurable;
import io.llmfailover.router.settings.RouterSettings;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.builder.TemplatedRouteBuilder;

/**
 * Routes made from a route template once per provider of the catalogue (the provider routes, the endpoint probes):
 * route ids from the provider id, step ids prefixed {@code <id>-}.
 * <p>
 * Camel's YAML DSL instantiates a template only with values written in YAML ({@code templatedRoute}), while the
 * catalogue is configuration, so the routes are made here from the checked settings. A route made while the context
 * starts is only defined, never started; so they are made once it has started (a route made then starts at once; a
 * prompt that comes in the instant before waits for its direct: consumer, as Camel's direct component blocks up to
 * 30 s by default), and again for what a reload changes: a new provider gets its route, a changed one a new route, a
 * removed one loses it; the others keep running untouched.
 */
abstract class TemplatedRoutes implements StartupListener, Reconfigurable {

    protected final CamelContext context;
    /** The settings each provider's route was made with, by provider id. */
    private final Map<String, ProviderSettings> routed = new LinkedHashMap<>();

    TemplatedRoutes(CamelContext context) {
        this.context = context;
    }

    /** The providers that get a route, by id. */
    protected abstract Map<String, ProviderSettings> wanted(RouterSettings settings);

    protected abstract String templateId(ProviderSettings p);

    protected abstract String routeId(String providerId);

    protected abstract Map<String, Object> parameters(ProviderSettings p);

    /** Before a provider's route is made: the beans it uses. */
    protected void beforeRoute(ProviderSettings p, RouterSettings settings) {
    }

    /** After a provider's route is made. */
    protected void afterRoute(ProviderSettings p) {
    }

    /**
     * Once the context has started: the routes of the catalogue. A startup listener rather than an event notifier:
     * Camel walks its event notifiers on every step of every exchange, so each one costs every prompt.
     */
    @Override
    public void onCamelContextFullyStarted(CamelContext started, boolean alreadyStarted) throws Exception {
        makeRoutes(context.getRegistry().findSingleByType(LiveSettings.class).get());
    }

    @Override
    public void onCamelContextStarted(CamelContext started, boolean alreadyStarted) {
    }

    @Override
    public void reconfigure(RouterSettings next) throws Exception {
        makeRoutes(next);
    }

    /** Whether the template is loaded (a host may leave its route file out); the routes are made only then. */
    protected boolean templateLoaded(String templateId) {
        return !(context instanceof org.apache.camel.model.ModelCamelContext model)
                || model.getRouteTemplateDefinition(templateId) != null;
    }

    protected synchronized void makeRoutes(RouterSettings settings) throws Exception {
        Map<String, ProviderSettings> wanted = wanted(settings);
        for (String id : Map.copyOf(routed).keySet()) {
            if (!wanted.containsKey(id)) {
                remove(id);
            }
        }
        for (ProviderSettings p : wanted.values()) {
            String id = p.provider().id();
            if (p.equals(routed.get(id)) || !templateLoaded(templateId(p))) {
                continue;
            }
            remove(id);
            beforeRoute(p, settings);
            TemplatedRouteBuilder.builder(context, templateId(p)).routeId(routeId(id)).prefixId(id + "-")
                    .parameters(parameters(p)).add();
            routed.put(id, p);
            afterRoute(p);
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
