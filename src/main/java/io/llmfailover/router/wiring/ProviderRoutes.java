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
import io.llmfailover.router.settings.ProviderCatalog;
import io.llmfailover.router.settings.ProviderSettings;
import io.llmfailover.router.settings.RouterSettings;
import io.llmfailover.router.settings.StreamSettings;
import io.llmfailover.router.upstream.UpstreamClient;
import io.vertx.core.Vertx;
import org.apache.camel.CamelContext;

/**
 * Per provider of the catalogue: its adapter ({@code <id>Adapter}), the client its route calls the API with
 * ({@code <id>Upstream}, which adds the API key to each call), and its route, made from its type's route template
 * ({@code routes/provider-<type>.camel.yaml}, template id {@code provider-<type>}): route id {@code call-<id>}, step
 * ids prefixed {@code <id>-}.
 * How and when the routes are made: {@link TemplatedRoutes}.
 */
public final class ProviderRoutes extends TemplatedRoutes {

    private final ObjectMapper mapper;
    private final Vertx vertx;
    private final Executor threads;
    private final StreamSettings stream;
    /** The settings each provider's beans were made with, by provider id. */
    private final Map<String, ProviderSettings> made = new LinkedHashMap<>();

    ProviderRoutes(CamelContext context, ObjectMapper mapper, Vertx vertx, Executor threads, StreamSettings stream) {
        super(context);
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

    @Override
    public synchronized void reconfigure(RouterSettings next) throws Exception {
        bindBeans(next.providers());
        for (String id : Map.copyOf(made).keySet()) {
            if (!next.providers().byId().containsKey(id)) {
                made.remove(id);
            }
        }
        makeRoutes(next);
    }

    @Override
    protected Map<String, ProviderSettings> wanted(RouterSettings settings) {
        return settings.providers().byId();
    }

    @Override
    protected String templateId(ProviderSettings p) {
        return "provider-" + p.provider().type().id();
    }

    @Override
    protected String routeId(String providerId) {
        return "call-" + providerId;
    }

    @Override
    protected Map<String, Object> parameters(ProviderSettings p) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("id", p.provider().id());
        params.put("baseUrl", p.baseUrl());
        params.put("model", p.model());
        params.put("connectTimeoutMs", String.valueOf(p.connectTimeout().toMillis()));
        params.put("quota", String.valueOf(p.hasQuota()));
        params.put("cloud", String.valueOf(!p.selfHosted()));
        return params;
    }
}
