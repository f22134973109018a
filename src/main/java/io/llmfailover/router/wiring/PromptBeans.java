package io.llmfailover.router.wiring;

import java.time.Clock;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmfailover.router.dispatch.Dispatcher;
import io.llmfailover.router.dispatch.StreamOutcomes;
import io.llmfailover.router.frontdoor.Discovery;
import io.llmfailover.router.frontdoor.FrontDoorGuard;
import io.llmfailover.router.frontdoor.OllamaFormat;
import io.llmfailover.router.frontdoor.OpenAiFormat;
import io.llmfailover.router.health.EndpointHealth;
import io.llmfailover.router.health.OllamaHealth;
import io.llmfailover.router.health.ProviderBreakers;
import io.llmfailover.router.metrics.RouterMetrics;
import io.llmfailover.router.quota.QuotaGates;
import io.llmfailover.router.routing.ChainPlanner;
import io.llmfailover.router.routing.EndpointOrder;
import io.llmfailover.router.settings.HttpSettings;
import io.llmfailover.router.settings.LiveSettings;
import io.llmfailover.router.settings.ProviderCatalog;
import io.llmfailover.router.settings.RouterSettings;
import io.vertx.core.Vertx;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Configuration;

/**
 * What a prompt passes through: the front doors (routes/http-*.camel.yaml), the walk along the chain
 * (routes/chat.camel.yaml) and each provider's wire format (routes/provider-*.camel.yaml).
 */
@Configuration
public class PromptBeans implements CamelConfiguration {

    @BeanInject
    private ObjectMapper mapper;
    @BeanInject
    private ProviderCatalog providers;

    @BindToRegistry
    public FrontDoorGuard frontDoorGuard(HttpSettings http) {
        return new FrontDoorGuard(http.apiKey());
    }

    @BindToRegistry
    public OpenAiFormat openAiFormat(ObjectMapper mapper, Clock clock, ProviderCatalog providers) {
        return new OpenAiFormat(mapper, clock, providers);
    }

    @BindToRegistry
    public OllamaFormat ollamaFormat(ObjectMapper mapper, Clock clock, ProviderCatalog providers) {
        return new OllamaFormat(mapper, clock, providers);
    }

    @BindToRegistry
    public Discovery discovery(ObjectMapper mapper, Clock clock, ProviderCatalog providers) {
        return new Discovery(mapper, clock, providers);
    }

    /** What the walk and its streams report to (metrics, passive health) and run on. */
    @BindToRegistry
    public StreamOutcomes streamOutcomes(RouterMetrics metrics, OllamaHealth health, RouterSettings settings,
            CamelContext context, ProviderBreakers breakers, EndpointHealth endpoints, QuotaGates quotas) {
        RouteCalls calls = new RouteCalls(context);
        StreamOutcomes outcomes = new StreamOutcomes(metrics, health, settings.stream(), settings.health(),
                context.getRegistry().lookupByNameAndType(SharedBeans.STEP_THREADS, Executor.class),
                context.getRegistry().lookupByNameAndType(SharedBeans.ROUTE_THREADS, ExecutorService.class),
                calls::healthChanged, breakers, settings.routing().localPrimary(), endpoints);
        outcomes.chainWalk(calls);
        outcomes.onEndpointChange(calls::endpointHealthChanged);
        outcomes.quotas(quotas);
        return outcomes;
    }

    /**
     * Per provider, from its settings: its adapter, {@code <provider>Adapter} (ollamaAdapter, geminiAdapter, ...), and
     * the client its route calls the API with, {@code <provider>Upstream}, which adds the API key to each call; and
     * the {@code dispatcher}.
     */
    @Override
    public void configure(CamelContext context) throws Exception {
        RouterSettings settings = context.getRegistry().findSingleByType(RouterSettings.class);
        Vertx vertx = context.getRegistry().findSingleByType(Vertx.class);
        Executor threads = context.getRegistry().lookupByNameAndType(SharedBeans.STEP_THREADS, Executor.class);
        ProviderRoutes routes = new ProviderRoutes(context, mapper, vertx, threads, settings.stream());
        routes.bindBeans(providers);
        context.getRegistry().bind("providerRoutes", routes);
        context.addStartupListener(routes);
        context.getRegistry().bind("dispatcher", new Dispatcher(settings.general().requestTimeout().toMillis(),
                context.getRegistry().findSingleByType(StreamOutcomes.class),
                context.getRegistry().findSingleByType(ChainPlanner.class), settings.retry(),
                context.getRegistry().findSingleByType(LiveSettings.class),
                settings.routing().contentFilterFinal()));
        PromptSteps.bind(context.getRegistry(), context.getRegistry().findSingleByType(ChainPlanner.class),
                context.getRegistry().findSingleByType(EndpointOrder.class),
                context.getRegistry().lookupByNameAndType("dispatcher", Dispatcher.class));
    }
}
