package io.llmfailover.router.wiring;

import java.util.LinkedHashMap;
import java.util.Map;

import io.llmfailover.router.settings.LiveSettings;
import io.llmfailover.router.settings.ProviderSettings;
import io.llmfailover.router.settings.Reconfigurable;
import io.llmfailover.router.settings.RouterSettings;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;

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
abstract class TemplatedRoutes extends EventNotifierSupport implements Reconfigurable {

    protected final CamelContext context;
    /** The settings each provider's route was made with, by provider id. */
    private final Map<String, ProviderSettings> routed = new LinkedHashMap<>();

    TemplatedRoutes(CamelContext context) {
        this.context = context;
        // only the context's start is of interest. Camel asks every notifier that does not ignore exchange events
        // about each step of each exchange (an event object per step, on every prompt), so the
        // flags are set before the notifier is added (Camel reads them then)
        setIgnoreExchangeEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreStepEvents(true);
        setIgnoreCamelContextInitEvents(true);
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
