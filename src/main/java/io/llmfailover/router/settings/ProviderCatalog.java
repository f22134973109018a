package io.llmfailover.router.settings;

import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

import io.llmfailover.router.core.Provider;

/** Every provider's endpoint ({@code llm.ollama.*}, {@code llm.gemini.*}, {@code llm.nemotron.*}, {@code llm.claude.*}). */
public record ProviderCatalog(Map<Provider, ProviderSettings> byProvider) {

    public ProviderCatalog {
        byProvider = Collections.unmodifiableMap(new EnumMap<>(byProvider));
    }

    static ProviderCatalog read(SettingsReader r) {
        Map<Provider, ProviderSettings> all = new EnumMap<>(Provider.class);
        for (Provider p : Provider.values()) {
            all.put(p, ProviderSettings.read(r, p));
        }
        return new ProviderCatalog(all);
    }

    public ProviderSettings get(Provider p) {
        return byProvider.get(p);
    }

    /** In the order of {@link Provider#values()}. */
    public Collection<ProviderSettings> all() {
        return byProvider.values();
    }

    /** The provider whose id or configured model is {@code name} (ignoring case for ids), or null. */
    public Provider byIdOrModel(String name) {
        if (name == null || name.isBlank()) {
            return null;
        }
        for (ProviderSettings s : byProvider.values()) {
            if (s.provider().id().equalsIgnoreCase(name) || s.model().equals(name)) {
                return s.provider();
            }
        }
        return null;
    }
}
