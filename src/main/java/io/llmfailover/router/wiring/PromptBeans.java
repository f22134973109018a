package io.llmfailover.router.wiring;

import java.time.Clock;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmfailover.router.dispatch.Dispatcher;
import io.llmfailover.router.frontdoor.FrontDoorGuard;
import io.llmfailover.router.frontdoor.OllamaFormat;
import io.llmfailover.router.frontdoor.OpenAiFormat;
import io.llmfailover.router.health.OllamaHealth;
import io.llmfailover.router.metrics.RouterMetrics;
import io.llmfailover.router.provider.ClaudeAdapter;
import io.llmfailover.router.provider.GeminiAdapter;
import io.llmfailover.router.provider.NemotronAdapter;
import io.llmfailover.router.provider.OllamaAdapter;
import io.llmfailover.router.provider.ProviderAdapter;
import io.llmfailover.router.provider.UpstreamHttpClient;
import io.llmfailover.router.routing.ChainPlanner;
import io.llmfailover.router.settings.GeneralSettings;
import io.llmfailover.router.settings.HttpSettings;
import io.llmfailover.router.settings.ProviderCatalog;
import io.llmfailover.router.settings.ProviderSettings;
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
    public OpenAiFormat openAiFormat(ObjectMapper mapper, Clock clock) {
        return new OpenAiFormat(mapper, clock);
    }

    @BindToRegistry
    public OllamaFormat ollamaFormat(ObjectMapper mapper, Clock clock, ProviderCatalog providers) {
        return new OllamaFormat(mapper, clock, providers);
    }

    @BindToRegistry
    public Dispatcher dispatcher(GeneralSettings general, OllamaHealth health, RouterMetrics metrics,
            ChainPlanner planner) {
        return new Dispatcher(general.requestTimeout().toMillis(), health, metrics, planner);
    }

    /**
     * Per provider, from its settings: its adapter, {@code <provider>Adapter} (ollamaAdapter, geminiAdapter, ...), and
     * the HTTP client its route calls with, {@code <provider>HttpClient}, which adds the API key to each call.
     */
    @Override
    public void configure(CamelContext context) {
        for (ProviderSettings p : providers.all()) {
            ProviderAdapter adapter = switch (p.provider()) {
                case OLLAMA -> new OllamaAdapter(mapper, p);
                case GEMINI -> new GeminiAdapter(mapper, p);
                case NEMOTRON -> new NemotronAdapter(mapper, p);
                case CLAUDE -> new ClaudeAdapter(mapper, p);
            };
            context.getRegistry().bind(p.provider().id() + "Adapter", adapter);
            context.getRegistry().bind(p.provider().id() + "HttpClient", new UpstreamHttpClient(adapter.authHeaders()));
        }
    }
}
