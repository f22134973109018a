package io.llmfailover.router.wiring;

import java.time.Clock;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmfailover.router.core.Provider;
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
import io.llmfailover.router.routing.ChainPlanner;
import io.llmfailover.router.settings.GeneralSettings;
import io.llmfailover.router.settings.HttpSettings;
import io.llmfailover.router.settings.ProviderCatalog;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.Configuration;

/**
 * What a prompt passes through: the front doors (routes/http-*.camel.yaml), the walk along the chain
 * (routes/chat.camel.yaml) and each provider's wire format (routes/provider-*.camel.yaml).
 */
@Configuration
public class PromptBeans implements CamelConfiguration {

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

    @BindToRegistry
    public OllamaAdapter ollamaAdapter(ObjectMapper mapper, ProviderCatalog providers) {
        return new OllamaAdapter(mapper, providers.get(Provider.OLLAMA));
    }

    @BindToRegistry
    public GeminiAdapter geminiAdapter(ObjectMapper mapper, ProviderCatalog providers) {
        return new GeminiAdapter(mapper, providers.get(Provider.GEMINI));
    }

    @BindToRegistry
    public NemotronAdapter nemotronAdapter(ObjectMapper mapper, ProviderCatalog providers) {
        return new NemotronAdapter(mapper, providers.get(Provider.NEMOTRON));
    }

    @BindToRegistry
    public ClaudeAdapter claudeAdapter(ObjectMapper mapper, ProviderCatalog providers) {
        return new ClaudeAdapter(mapper, providers.get(Provider.CLAUDE));
    }
}
