package io.llmfailover.router.settings;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import io.llmfailover.router.core.Provider;
import io.llmfailover.router.core.ProviderType;

/**
 * One provider of the catalogue, from {@code llm.providers.<id>.*}. The API key is kept out of {@link #toString()}.
 *
 * @param defaultMaxTokens the {@code max_tokens} sent when a request sets none ({@code max-tokens}; the Messages API
 *                         requires one); null for none. A token quota reserves it for a request that sets none
 * @param capabilities     what the configured model can do beyond text ({@code capabilities}: json, tools, vision)
 * @param maxAttempts      calls to this provider one prompt may make, retries included ({@code max-attempts})
 * @param selfHosted       probed for its health ({@code self-hosted}; every {@code ollama} provider by default)
 * @param healthModel      the model the probe asks ({@code health-model}; the chat model by default)
 * @param embeddingModel   the embedding model it serves ({@code embedding-model}), or null
 * @param dailyCalls       calls allowed per day ({@code daily-calls}), or -1 for no call quota
 * @param dailyTokens      tokens allowed per day ({@code daily-tokens}), or -1 for no token quota
 * @param priceInput       price per million input tokens ({@code price-input}; 0 = not priced)
 * @param priceOutput      price per million output tokens ({@code price-output})
 */
public record ProviderSettings(Provider provider, String baseUrl, String model, String apiKey, Duration connectTimeout,
        Integer defaultMaxTokens, Set<String> capabilities, int maxAttempts, boolean selfHosted, String healthModel,
        String embeddingModel, long dailyCalls, long dailyTokens, double priceInput, double priceOutput) {

    /** Every key a provider may set, under {@code llm.providers.<id>.}. */
    public static final Set<String> KEYS = Set.of("type", "base-url", "model", "api-key", "self-hosted", "health-model",
            "connect-timeout", "capabilities", "max-attempts", "max-tokens", "embedding-model", "daily-calls",
            "daily-tokens", "price-input", "price-output");

    /** Settings of a provider without capabilities beyond text, quotas or prices (tests, tools). */
    public ProviderSettings(Provider provider, String baseUrl, String model, String apiKey, Duration connectTimeout,
            Integer defaultMaxTokens) {
        this(provider, baseUrl, model, apiKey, connectTimeout, defaultMaxTokens, Set.of(), 2,
                provider.type() == ProviderType.OLLAMA, model, null, -1, -1, 0, 0);
    }

    /** {@code llm.providers.<id>.<key>}. */
    public static String key(String id, String key) {
        return "llm.providers." + id + "." + key;
    }

    /**
     * Reads one provider; {@code r} already answers the provider's defaults and, for the four shipped providers,
     * their keys of old ({@link ProviderCatalog}).
     */
    static ProviderSettings read(SettingsReader r, Provider p) {
        String id = p.id();
        String healthModel = r.optional(key(id, "health-model"));
        String model = r.text(key(id, "model"));
        boolean maxTokensRequired = p.type() == ProviderType.ANTHROPIC;
        String embeddingModel = r.optional(key(id, "embedding-model"));
        if (embeddingModel != null && p.type() == ProviderType.ANTHROPIC) {
            throw new InvalidSettingException(key(id, "embedding-model"), embeddingModel,
                    "type anthropic has no embeddings API (declare the model on an ollama, openai or gemini provider)");
        }
        Integer maxTokens = maxTokensRequired || r.optional(key(id, "max-tokens")) != null
                ? (int) r.whole(key(id, "max-tokens"), 1, 1_000_000) : null;
        return new ProviderSettings(p, r.url(key(id, "base-url")), model, r.optional(key(id, "api-key")),
                r.duration(key(id, "connect-timeout"), Duration.ofMillis(10)), maxTokens,
                r.capabilities(key(id, "capabilities")), (int) r.whole(key(id, "max-attempts"), 1, 10),
                r.bool(key(id, "self-hosted")), healthModel != null ? healthModel : model,
                embeddingModel, quota(r, key(id, "daily-calls")), quota(r, key(id, "daily-tokens")),
                price(r, key(id, "price-input")), price(r, key(id, "price-output")));
    }

    private static long quota(SettingsReader r, String key) {
        return r.optional(key) == null ? -1 : r.whole(key, 0, Long.MAX_VALUE / 2);
    }

    private static double price(SettingsReader r, String key) {
        return r.optional(key) == null ? 0 : r.decimal(key);
    }

    /** What a provider of this type has when it does not say ("" = none). */
    static Map<String, String> defaults(ProviderType type) {
        return Map.ofEntries(Map.entry("self-hosted", String.valueOf(type == ProviderType.OLLAMA)),
                Map.entry("health-model", ""), Map.entry("connect-timeout", type == ProviderType.OLLAMA ? "2s" : "5s"),
                Map.entry("capabilities", type == ProviderType.GEMINI || type == ProviderType.ANTHROPIC
                        ? "json,tools,vision" : "json,tools"),
                Map.entry("max-attempts", "2"), Map.entry("max-tokens", type == ProviderType.ANTHROPIC ? "1024" : ""),
                Map.entry("api-key", ""), Map.entry("embedding-model", ""), Map.entry("daily-calls", ""),
                Map.entry("daily-tokens", ""), Map.entry("price-input", ""), Map.entry("price-output", ""));
    }

    /**
     * The environment variable that holds this provider's API key: {@code LLM_PROVIDERS_<ID>_API_KEY}, or for the four
     * shipped providers the one they have always read ({@code LLM_GEMINI_API_KEY}, ...), which still works.
     */
    public String apiKeyVariable() {
        String id = provider.id().toUpperCase(java.util.Locale.ROOT).replace('-', '_');
        return Provider.shipped().contains(provider) ? "LLM_" + id + "_API_KEY" : "LLM_PROVIDERS_" + id + "_API_KEY";
    }

    /** True for a provider that needs an API key: a cloud provider (not self-hosted, not Ollama). */
    public boolean needsApiKey() {
        return !selfHosted && provider.type() != ProviderType.OLLAMA;
    }

    public boolean hasApiKey() {
        return apiKey != null;
    }

    /** True when the provider has a call or a token quota. */
    public boolean hasQuota() {
        return dailyCalls >= 0 || dailyTokens >= 0;
    }

    @Override
    public String toString() {
        return provider + "[" + provider.type() + ", " + model + " @ " + baseUrl
                + (needsApiKey() ? hasApiKey() ? ", key set" : ", no key" : "") + "]";
    }
}
