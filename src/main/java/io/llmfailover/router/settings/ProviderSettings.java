package io.llmfailover.router.settings;

import java.time.Duration;
import java.util.Set;

import io.llmfailover.router.core.Provider;

/**
 * One provider's endpoint, from {@code llm.<provider>.*} (Ollama's API root is {@code llm.ollama.url}). The API key is
 * kept out of {@link #toString()}.
 *
 * @param defaultMaxTokens the {@code max_tokens} sent when a request sets none, for APIs that require one
 *                         ({@code llm.claude.max-tokens}); null for the others
 * @param capabilities     what the configured model can do beyond text ({@code llm.<provider>.capabilities}: json,
 *                         tools, vision)
 * @param maxAttempts      calls to this provider one prompt may make, retries included ({@code llm.<provider>.max-attempts})
 */
public record ProviderSettings(Provider provider, String baseUrl, String model, String apiKey, Duration connectTimeout,
        Integer defaultMaxTokens, Set<String> capabilities, int maxAttempts) {

    /** Settings without capabilities beyond text (tests, tools). */
    public ProviderSettings(Provider provider, String baseUrl, String model, String apiKey, Duration connectTimeout,
            Integer defaultMaxTokens) {
        this(provider, baseUrl, model, apiKey, connectTimeout, defaultMaxTokens, Set.of(), 2);
    }

    static ProviderSettings read(SettingsReader r, Provider p) {
        String prefix = "llm." + p.id() + ".";
        boolean local = p == Provider.OLLAMA;
        r.retired(prefix + "read-timeout", "answers stream, bounded by llm.stream.first-token-timeout and "
                + "llm.stream.idle-timeout");
        return new ProviderSettings(p, r.url(prefix + (local ? "url" : "base-url")), r.text(prefix + "model"),
                local ? null : r.optional(prefix + "api-key"), r.duration(prefix + "connect-timeout", Duration.ofMillis(10)),
                p == Provider.CLAUDE ? (int) r.whole(prefix + "max-tokens", 1, 1_000_000) : null,
                r.capabilities(prefix + "capabilities"), (int) r.whole(prefix + "max-attempts", 1, 10));
    }

    /** The environment variable that holds this provider's API key. */
    public String apiKeyVariable() {
        return "LLM_" + provider.name() + "_API_KEY";
    }

    /** True for a provider that needs an API key (every one but the self-hosted Ollama). */
    public boolean needsApiKey() {
        return provider != Provider.OLLAMA;
    }

    public boolean hasApiKey() {
        return apiKey != null;
    }

    @Override
    public String toString() {
        return provider + "[" + model + " @ " + baseUrl + (needsApiKey() ? hasApiKey() ? ", key set" : ", no key" : "") + "]";
    }
}
