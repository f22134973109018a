package io.llmfailover.router.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

import io.llmfailover.router.core.HealthStatus;
import io.llmfailover.router.core.Provider;
import io.llmfailover.router.core.ProviderType;
import io.llmfailover.router.support.TestSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The provider catalogue and the matrices as configuration: what a deployment declares, and every bad edit named. */
class ProviderCatalogTest {

    private static RouterSettings load(Map<String, String> values) {
        return TestSettings.load(values);
    }

    /** Settings as Camel reads them when these come from the environment (LLM_PROVIDERS_GPU2_BASE_URL, ...). */
    private static RouterSettings loadWithEnvironment(Map<String, String> env) {
        Properties shipped = TestSettings.shipped();
        Set<String> names = new HashSet<>(shipped.stringPropertyNames());
        names.addAll(env.keySet());
        return RouterSettings.load(key -> Optional.ofNullable(env.getOrDefault(
                key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'), shipped.getProperty(key))), names);
    }

    @Test
    void theShippedCatalogueIsTodaysFourProviders() {
        RouterSettings s = load(Map.of());
        assertThat(s.providers().providers()).containsExactly(Provider.OLLAMA, Provider.GEMINI, Provider.NEMOTRON,
                Provider.CLAUDE);
        assertThat(s.providers().providers()).extracting(Provider::type).containsExactly(ProviderType.OLLAMA,
                ProviderType.GEMINI, ProviderType.OPENAI, ProviderType.ANTHROPIC);
        assertThat(s.providers().selfHosted()).containsExactly(Provider.OLLAMA);
        assertThat(s.routing().localPrimary()).isEqualTo(Provider.OLLAMA);
        assertThat(s.providers().get(Provider.GEMINI).dailyCalls()).isEqualTo(500);
        assertThat(s.routing().exhausted()).containsOnlyKeys(Provider.GEMINI);
        assertThat(s.routing().tasks()).isEmpty();
    }

    @Test
    void anOpenAiCompatibleProviderAndASecondOllamaHostAreConfigurationOnly() {
        Map<String, String> p = new HashMap<>();
        p.put("llm.providers.groq.type", "openai");
        p.put("llm.providers.groq.base-url", "https://api.groq.com/openai/");
        p.put("llm.providers.groq.model", "llama-3.3-70b-versatile");
        p.put("llm.providers.groq.daily-tokens", "2000000");
        p.put("llm.providers.groq.price-input", "0.59");
        p.put("llm.providers.groq.price-output", "0.79");
        p.put("llm.providers.gpu2.type", "ollama");
        p.put("llm.providers.gpu2.base-url", "http://gpu2:11434");
        p.put("llm.providers.gpu2.model", "llama3.1:8b");
        p.put("llm.routing.healthy", "ollama,gpu2,groq");
        p.put("llm.routing.groq-exhausted", "claude");
        RouterSettings s = load(p);
        ProviderSettings groq = s.providers().get(s.providers().provider("groq"));
        assertThat(groq.baseUrl()).isEqualTo("https://api.groq.com/openai");
        assertThat(groq.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(groq.capabilities()).containsExactly("json", "tools");
        assertThat(groq.selfHosted()).isFalse();
        assertThat(groq.needsApiKey()).isTrue();
        assertThat(groq.apiKeyVariable()).isEqualTo("LLM_PROVIDERS_GROQ_API_KEY");
        assertThat(groq.dailyCalls()).isEqualTo(-1);
        assertThat(groq.dailyTokens()).isEqualTo(2_000_000);
        assertThat(groq.priceOutput()).isEqualTo(0.79);
        ProviderSettings gpu2 = s.providers().get(s.providers().provider("gpu2"));
        assertThat(gpu2.selfHosted()).isTrue();
        assertThat(gpu2.needsApiKey()).isFalse();
        assertThat(gpu2.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.providers().ids()).isEqualTo("ollama, gemini, nemotron, claude, gpu2, groq");
        assertThat(s.routing().order(HealthStatus.HEALTHY)).extracting(Provider::id).containsExactly("ollama", "gpu2", "groq");
        assertThat(s.routing().exhausted().get(s.providers().provider("groq"))).containsExactly(Provider.CLAUDE);
    }

    @Test
    void environmentVariablesDeclareAProviderAndTheKeysOfOldStillWin() {
        RouterSettings s = loadWithEnvironment(Map.of("LLM_PROVIDERS_GPU_2_TYPE", "ollama",
                "LLM_PROVIDERS_GPU_2_BASE_URL", "http://gpu2:11434", "LLM_PROVIDERS_GPU_2_MODEL", "qwen2.5:7b",
                "LLM_PROVIDERS_GPU_2_HEALTH_MODEL", "qwen2.5:0.5b", "LLM_OLLAMA_URL", "http://gpu1:11434",
                "LLM_GEMINI_API_KEY", "g-key", "LLM_GEMINI_DAILY_QUOTA", "42"));
        ProviderSettings gpu2 = s.providers().get(s.providers().provider("gpu_2"));
        assertThat(gpu2.model()).isEqualTo("qwen2.5:7b");
        assertThat(gpu2.healthModel()).isEqualTo("qwen2.5:0.5b");
        assertThat(s.providers().get(Provider.OLLAMA).baseUrl()).isEqualTo("http://gpu1:11434");
        assertThat(s.providers().get(Provider.GEMINI).apiKey()).isEqualTo("g-key");
        assertThat(s.providers().get(Provider.GEMINI).dailyCalls()).isEqualTo(42);
    }

    @Test
    void aTaskMatrixOverridesOnlyTheRowsItSets() {
        RouterSettings s = load(Map.of("llm.routing.code.slow", "claude,gemini,ollama", "llm.routing.bulk.healthy",
                "ollama", "llm.routing.bulk.slow", "ollama"));
        assertThat(s.routing().tasks()).containsOnlyKeys("code", "bulk");
        assertThat(s.routing().order("code", HealthStatus.SLOW)).containsExactly(Provider.CLAUDE, Provider.GEMINI,
                Provider.OLLAMA);
        assertThat(s.routing().order("code", HealthStatus.HEALTHY)).containsExactly(Provider.OLLAMA, Provider.GEMINI);
        assertThat(s.routing().order("bulk", HealthStatus.SLOW)).containsExactly(Provider.OLLAMA);
        assertThat(s.routing().order("poetry", HealthStatus.SLOW)).isEqualTo(s.routing().order(HealthStatus.SLOW));
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "llm.providers.gpu2.type          | mistral           | Invalid setting llm.providers.gpu2.type=mistral: unknown provider type 'mistral' (known: ollama, openai, gemini, anthropic)",
        "llm.providers.gpu2.model         | llama3            | Invalid setting llm.providers.gpu2.type=: missing: llm.providers.gpu2.model declares provider 'gpu2', which needs a type (ollama, openai, gemini, anthropic)",
        "llm.providers.gpu2.base_url      | http://x          | Invalid setting llm.providers.gpu2.base_url=: unknown key (a provider has: api-key, base-url, capabilities, connect-timeout, daily-calls, daily-tokens, embedding-model, health-model, max-attempts, max-tokens, model, price-input, price-output, self-hosted, type)",
        "llm.providers.GPU2.type          | ollama            | Invalid setting llm.providers.GPU2.type=ollama: provider id 'GPU2' must be lower-case letters, digits, _ or -, starting with a letter (at most 40)",
        "llm.routing.offline              | gemini,mistral    | Invalid setting llm.routing.offline=gemini,mistral: unknown provider 'mistral' (declared: ollama, gemini, nemotron, claude)",
        "llm.providers.claude.daily-calls | -1                | Invalid setting llm.providers.claude.daily-calls=-1: must be >= 0",
        "llm.providers.claude.daily-tokens| lots              | Invalid setting llm.providers.claude.daily-tokens=lots: not a whole number",
        "llm.providers.claude.price-input | 3 dollars         | Invalid setting llm.providers.claude.price-input=3 dollars: not a number",
        "llm.providers.claude.price-output| -2                | Invalid setting llm.providers.claude.price-output=-2: must be a number >= 0",
        "llm.routing.Code.slow            | claude            | Invalid setting llm.routing.Code.slow=: the task name 'Code' may only have a-z, 0-9, _ and -",
        "llm.routing.code.sluggish        | claude            | Invalid setting llm.routing.code.sluggish=: unknown health state 'sluggish' (llm.routing.<task>.<state> with healthy, slow, degraded or offline)",
        "llm.routing.code.slow            | claude,gpt5       | Invalid setting llm.routing.code.slow=claude,gpt5: unknown provider 'gpt5' (declared: ollama, gemini, nemotron, claude)",
        "llm.routing.claude-exhausted     | claude,gemini     | Invalid setting llm.routing.claude-exhausted=claude,gemini: must not contain claude (it replaces claude when its quota is spent)",
        "llm.routing.local-primary        | gemini            | Invalid setting llm.routing.local-primary=gemini: is not self-hosted (its health is not probed; set llm.providers.gemini.self-hosted=true)",
        "llm.ollama.url                   | gpu-box:11434     | Invalid setting llm.ollama.url=gpu-box:11434: must be an http:// or https:// URL",
    })
    void aBadEditNamesTheKeyAndTheValue(String key, String value, String message) {
        assertThatThrownBy(() -> load(Map.of(key, value))).isInstanceOf(InvalidSettingException.class)
                .hasMessage(message);
    }

    @Test
    void twoIdsThatShareTheirEnvironmentVariablesAreDuplicates() {
        Map<String, String> p = new HashMap<>();
        for (String id : List.of("gpu-2", "gpu_2")) {
            p.put("llm.providers." + id + ".type", "ollama");
            p.put("llm.providers." + id + ".base-url", "http://gpu2:11434");
            p.put("llm.providers." + id + ".model", "llama3");
        }
        assertThatThrownBy(() -> load(p)).isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("declares provider 'gpu_2', a duplicate of provider 'gpu-2'");
    }
}
