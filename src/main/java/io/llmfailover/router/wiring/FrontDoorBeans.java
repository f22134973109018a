package io.llmfailover.router.wiring;

import java.time.Clock;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmfailover.router.frontdoor.FrontDoorGuard;
import io.llmfailover.router.frontdoor.OllamaFormat;
import io.llmfailover.router.frontdoor.OpenAiFormat;
import io.llmfailover.router.settings.HttpSettings;
import io.llmfailover.router.settings.ProviderCatalog;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.Configuration;

/** The front doors' computing half (routes/http-*.camel.yaml): the bearer token check and the two wire formats. */
@Configuration
public class FrontDoorBeans implements CamelConfiguration {

    @BindToRegistry(lazy = true)
    public FrontDoorGuard frontDoorGuard(HttpSettings http) {
        return new FrontDoorGuard(http.apiKey());
    }

    @BindToRegistry(lazy = true)
    public OpenAiFormat openAiFormat(ObjectMapper mapper, Clock clock) {
        return new OpenAiFormat(mapper, clock);
    }

    @BindToRegistry(lazy = true)
    public OllamaFormat ollamaFormat(ObjectMapper mapper, Clock clock, ProviderCatalog providers) {
        return new OllamaFormat(mapper, clock, providers);
    }
}
