package io.llmfailover.router.wiring;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmfailover.router.provider.ClaudeAdapter;
import io.llmfailover.router.provider.GeminiAdapter;
import io.llmfailover.router.provider.NemotronAdapter;
import io.llmfailover.router.provider.OllamaAdapter;
import io.llmfailover.router.provider.ProviderAdapter;
import io.llmfailover.router.settings.LiveSettings;
import io.llmfailover.router.settings.ProviderCatalog;
import io.llmfailover.router.settings.ProviderSettings;
import io.llmfailover.router.settings.Reconfigurable;
import io.llmfailover.router.settings.RouterSettings;
import io.llmfailover.router.settings.StreamSettings;
import io.llmfailover.router.upstream.UpstreamClient;
import io.vertx.core.Vertx;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;

/**
 * Per provider of the catalogue: its adapter ({@code <id>Adapter}), the client its route calls the API with
 * ({@code <id>Upstream}, which adds the API key to each call), and its route, made from its type's route template
 * ({@code routes/provider-<type>.camel.yaml}, template id {@code provider-<type>}): route id {@code call-<id>}, step
 * ids prefixed {@code <id>-}.
 * <p>
 * Camel's YAML DSL instantiates a template only with values written in YAML ({@code templatedRoute}), while the
 * catalogue is configuration; so the routes are made here, from the checked settings, when the context starts (the
 * templates are loaded by then, in this application and in a host that embeds the routes), and again for what a
 * reload changes: a new provider gets its route, a changed one a new route, a removed one loses it.
 */
public final class ProviderRoutes extends EventNotifierSupport implements Reconfigurable {

    private final CamelContext context;
    private final ObjectMapper mapper;
    private final Vertx vertx;
    private final Executor threads;
    private final StreamSettings stream;
    /** The settings each provider's beans and route were made with, by provider id. */
    private final Map<String, ProviderSettings> made = new LinkedHashMap<>();
    private final Map<String, ProviderSettings> routed = new LinkedHashMap<>();

    ProviderRoutes(CamelContext context, ObjectMapper mapper, Vertx vertx, Executor threads, StreamSettings stream) {
        this.context = context;
        this.mapper = mapper;
        this.vertx = vertx;
        this.threads = threads;
        this.stream = stream;
    }

    /** Binds each provider's adapter and client (before the routes that use them are made). */
    synchronized void bindBeans(ProviderCatalog catalog) {
        for (ProviderSettings p : catalog.all()) {
            String id = p.provider().id();
            if (p.equals(made.get(id))) {
                continue;
            }
            ProviderAdapter adapter = switch (p.provider().type()) {
                case OLLAMA -> new OllamaAdapter(mapper, p, stream, threads);
                case GEMINI -> new GeminiAdapter(mapper, p, stream, threads);
                case OPENAI -> new NemotronAdapter(mapper, p, stream, threads);
                case ANTHROPIC -> new ClaudeAdapter(mapper, p, stream, threads);
            };
            UpstreamClient old = context.getRegistry().lookupByNameAndType(id + "Upstream", UpstreamClient.class);
            context.getRegistry().bind(id + "Adapter", adapter);
            context.getRegistry().bind(id + "Upstream", new UpstreamClient(vertx, id, adapter.fixedHeaders()));
            if (old != null) {
                // streams in flight still read through the old client's connections: it closes once they are long done
                vertx.setTimer(TimeUnit.HOURS.toMillis(1), t -> old.close());
            }
            made.put(id, p);
        }
    }

    /**
     * Makes the routes as soon as the context has started: a route made from a template while the context starts is
     * only defined, never started; once it has started, a route made starts at once. A prompt that comes in the
     * instant before finds its provider's direct: endpoint without a consumer yet and waits for it (Camel's direct
     * component blocks up to 30 s by default), so nothing is refused.
     */
    @Override
    public void notify(CamelEvent event) throws Exception {
        if (event instanceof CamelEvent.CamelContextStartedEvent) {
            makeRoutes(context.getRegistry().findSingleByType(LiveSettings.class).providers());
        }
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.CamelContextStartedEvent;
    }

    @Override
    public synchronized void reconfigure(RouterSettings next) throws Exception {
        bindBeans(next.providers());
        makeRoutes(next.providers());
    }

    /** The route id of a provider's route. */
    public static String routeId(String providerId) {
        return "call-" + providerId;
    }

    /**
     * Makes the routes of providers that are new or changed, and removes those of providers the catalogue no longer
     * has; the others are left running as they are.
     */
    private synchronized void makeRoutes(ProviderCatalog catalog) throws Exception {
        for (String id : Map.copyOf(routed).keySet()) {
            if (!catalog.byId().containsKey(id)) {
                remove(id);
                made.remove(id);
            }
        }
        for (ProviderSettings p : catalog.all()) {
            String id = p.provider().id();
            if (p.equals(routed.get(id))) {
                continue;
            }
            remove(id);
            TemplatedRouteBuilder.builder(context, "provider-" + p.provider().type().id()).routeId(routeId(id))
                    .prefixId(id + "-").parameters(parameters(p)).add();
            routed.put(id, p);
        }
    }

    private void remove(String id) throws Exception {
        if (context.getRoute(routeId(id)) != null) {
            context.getRouteController().stopRoute(routeId(id));
            context.removeRoute(routeId(id));
        }
        routed.remove(id);
    }

    static Map<String, Object> parameters(ProviderSettings p) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("id", p.provider().id());
        params.put("baseUrl", p.baseUrl());
        params.put("model", p.model());
        params.put("connectTimeoutMs", String.valueOf(p.connectTimeout().toMillis()));
        params.put("quota", String.valueOf(p.hasQuota()));
        return params;
    }
}
