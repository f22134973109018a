package io.llmfailover.router.wiring;

import java.util.concurrent.Executor;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmfailover.router.dispatch.Embeddings;
import io.llmfailover.router.frontdoor.EmbeddingsFormat;
import io.llmfailover.router.health.ProviderBreakers;
import io.llmfailover.router.provider.EmbeddingWire;
import io.llmfailover.router.settings.LiveSettings;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Configuration;

/**
 * Embeddings (routes/embeddings.camel.yaml, routes/http-embeddings.camel.yaml): {@code embeddings}, the walk along
 * the endpoints of one embedding model, and {@code embeddingsFormat}, both doors' JSON. The providers' clients
 * ({@code <id>Upstream}, with their keys) are those their chat routes use ({@link ProviderRoutes}).
 */
@Configuration
public class EmbeddingBeans implements CamelConfiguration {

    @BindToRegistry
    public EmbeddingsFormat embeddingsFormat(ObjectMapper mapper) {
        return new EmbeddingsFormat(mapper);
    }

    @BindToRegistry
    public Embeddings embeddings(LiveSettings live, ProviderBreakers breakers, ObjectMapper mapper,
            CamelContext context) {
        Executor threads = context.getRegistry().lookupByNameAndType(SharedBeans.ROUTE_THREADS, Executor.class);
        return new Embeddings(live, breakers, new EmbeddingWire(mapper, threads));
    }
}
