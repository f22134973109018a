package io.llmfailover.router.wiring;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmfailover.router.core.Provider;
import io.llmfailover.router.provider.ClaudeAdapter;
import io.llmfailover.router.provider.GeminiAdapter;
import io.llmfailover.router.provider.NemotronAdapter;
import io.llmfailover.router.provider.OllamaAdapter;
import io.llmfailover.router.settings.ProviderCatalog;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.Configuration;

/** The computing half of each provider route (routes/provider-*.camel.yaml): its wire format, in and out. */
@Configuration
public class ProviderBeans implements CamelConfiguration {

    @BindToRegistry(lazy = true)
    public OllamaAdapter ollamaAdapter(ObjectMapper mapper, ProviderCatalog providers) {
        return new OllamaAdapter(mapper, providers.get(Provider.OLLAMA));
    }

    @BindToRegistry(lazy = true)
    public GeminiAdapter geminiAdapter(ObjectMapper mapper, ProviderCatalog providers) {
        return new GeminiAdapter(mapper, providers.get(Provider.GEMINI));
    }

    @BindToRegistry(lazy = true)
    public NemotronAdapter nemotronAdapter(ObjectMapper mapper, ProviderCatalog providers) {
        return new NemotronAdapter(mapper, providers.get(Provider.NEMOTRON));
    }

    @BindToRegistry(lazy = true)
    public ClaudeAdapter claudeAdapter(ObjectMapper mapper, ProviderCatalog providers) {
        return new ClaudeAdapter(mapper, providers.get(Provider.CLAUDE));
    }
}
