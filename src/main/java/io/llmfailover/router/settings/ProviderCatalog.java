package io.llmfailover.router.settings;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import io.llmfailover.router.core.Provider;
import io.llmfailover.router.core.ProviderType;

/**
 * The provider catalogue: every provider declared as {@code llm.providers.<id>.*} (in a properties file, as system
 * properties, or as environment variables {@code LLM_PROVIDERS_<ID>_<KEY>}), in the order of the four shipped ones,
 * then by id. The four shipped providers still read their keys of old ({@code llm.ollama.url},
 * {@code llm.gemini.api-key} / {@code LLM_GEMINI_API_KEY}, {@code llm.gemini.daily-quota}, ...), which win when set.
 */
public record ProviderCatalog(Map<String, ProviderSettings> byId) {

    private static final String PREFIX = "llm.providers.";
    private static final String ENV_PREFIX = "LLM_PROVIDERS_";
    /** Most providers one catalogue may declare. */
    public static final int MAX_PROVIDERS = 64;

    public ProviderCatalog {
        byId = Collections.unmodifiableMap(new LinkedHashMap<>(byId));
    }

    /** A catalogue of these providers, in this order (tests, tools). */
    public static ProviderCatalog of(Collection<ProviderSettings> providers) {
        Map<String, ProviderSettings> m = new LinkedHashMap<>();
        providers.forEach(p -> m.put(p.provider().id(), p));
        return new ProviderCatalog(m);
    }

    static ProviderCatalog read(SettingsReader r) {
        Map<String, String> ids = declaredIds(r);
        if (ids.isEmpty()) {
            throw new InvalidSettingException("llm.providers", "", "declares no provider (set llm.providers.<id>.type)");
        }
        if (ids.size() > MAX_PROVIDERS) {
            throw new InvalidSettingException("llm.providers", ids.size() + " providers", "at most " + MAX_PROVIDERS);
        }
        Map<String, ProviderSettings> all = new LinkedHashMap<>();
        for (String id : ids.keySet()) {
            String typeKey = ProviderSettings.key(id, "type");
            String typeValue = r.lookup(typeKey).map(String::trim).orElse("");
            if (typeValue.isEmpty()) {
                throw new InvalidSettingException(typeKey, "", "missing: " + ids.get(id) + " declares provider '" + id
                        + "', which needs a type (" + ProviderType.knownIds() + ")");
            }
            ProviderType type;
            Provider p;
            try {
                type = ProviderType.fromId(typeValue);
                p = Provider.of(id, type);
            } catch (IllegalArgumentException e) {
                throw new InvalidSettingException(typeKey, typeValue, e.getMessage());
            }
            if (oldKey(id, ProviderSettings.key(id, "model")) != null) {
                r.retired("llm." + id + ".read-timeout", "answers stream, bounded by llm.stream.first-token-timeout and "
                        + "llm.stream.idle-timeout");
            }
            Map<String, String> defaults = ProviderSettings.defaults(type);
            SettingsReader own = r.over(key -> legacy(r, id, key));
            SettingsReader withDefaults = new SettingsReader(key -> own.lookup(key).or(() -> key.startsWith(PREFIX + id + ".")
                    ? Optional.ofNullable(defaults.get(key.substring(PREFIX.length() + id.length() + 1)))
                    : Optional.empty()), r.names());
            try {
                all.put(id, ProviderSettings.read(withDefaults, p));
            } catch (InvalidSettingException e) {
                throw e.named(legacyKey(r, id, e.getKey()));
            }
        }
        return new ProviderCatalog(all);
    }

    /**
     * The ids the configuration declares, each with where it was found first: a key {@code llm.providers.<id>.<key>}
     * or a variable {@code LLM_PROVIDERS_<ID>_<KEY>}; a key that is not one a provider has is an error naming it.
     */
    private static Map<String, String> declaredIds(SettingsReader r) {
        Map<String, String> found = new LinkedHashMap<>();
        for (String name : new TreeSet<>(r.names())) {
            if (name.startsWith(PREFIX)) {
                String rest = name.substring(PREFIX.length());
                int dot = rest.indexOf('.');
                String key = dot < 0 ? "" : rest.substring(dot + 1);
                if (dot <= 0 || !ProviderSettings.KEYS.contains(key)) {
                    throw new InvalidSettingException(name, "", "unknown key (a provider has: "
                            + String.join(", ", new TreeSet<>(ProviderSettings.KEYS)) + ")");
                }
                found.putIfAbsent(rest.substring(0, dot), name);
            }
        }
        for (String name : new TreeSet<>(r.names())) {
            if (name.startsWith(ENV_PREFIX)) {
                String id = envId(name.substring(ENV_PREFIX.length()));
                if (id == null) {
                    throw new InvalidSettingException(name, "", "is not LLM_PROVIDERS_<ID>_<KEY> with a key a provider"
                            + " has (" + String.join(", ", new TreeSet<>(ProviderSettings.KEYS)) + ")");
                }
                String dashed = id.replace('_', '-');
                if (!found.containsKey(id) && found.containsKey(dashed)) {
                    id = dashed; // LLM_PROVIDERS_GPU_2_MODEL sets llm.providers.gpu-2.model
                }
                found.putIfAbsent(id, name);
            }
        }
        Map<String, String> byEnvName = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : found.entrySet()) {
            String other = byEnvName.putIfAbsent(e.getKey().replace('-', '_'), e.getKey());
            if (other != null) {
                throw new InvalidSettingException(e.getValue(), "", "declares provider '" + e.getKey()
                        + "', a duplicate of provider '" + other + "' (both are LLM_PROVIDERS_"
                        + e.getKey().replace('-', '_').toUpperCase(Locale.ROOT) + "_* in the environment)");
            }
        }
        Map<String, String> ordered = new LinkedHashMap<>();
        for (Provider p : Provider.shipped()) {
            if (found.containsKey(p.id())) {
                ordered.put(p.id(), found.get(p.id()));
            }
        }
        found.forEach(ordered::putIfAbsent);
        return ordered;
    }

    /** {@code GPU2_BASE_URL} -> {@code gpu2} (the longest key that ends the name), or null. */
    private static String envId(String rest) {
        String best = null;
        for (String key : ProviderSettings.KEYS) {
            String suffix = "_" + key.toUpperCase(Locale.ROOT).replace('-', '_');
            if (rest.endsWith(suffix) && rest.length() > suffix.length()
                    && (best == null || suffix.length() > best.length())) {
                best = suffix;
            }
        }
        return best == null ? null : rest.substring(0, rest.length() - best.length()).toLowerCase(Locale.ROOT);
    }

    /** The value of a shipped provider's key of old ({@code llm.ollama.url} for its base-url, ...), when it is set. */
    private static Optional<String> legacy(SettingsReader r, String id, String key) {
        String old = oldKey(id, key);
        return old == null ? Optional.empty() : r.lookup(old);
    }

    /** The key a value of this provider was set with: its key of old when that is set, else the key itself. */
    private static String legacyKey(SettingsReader r, String id, String key) {
        String old = oldKey(id, key);
        return old != null && r.lookup(old).isPresent() ? old : key;
    }

    /**
     * The key of old that a shipped provider still reads for {@code llm.providers.<id>.<key>} ({@code llm.ollama.url}
     * for {@code llm.providers.ollama.base-url}), or null when it has none.
     */
    public static String oldKey(String id, String key) {
        if (!key.startsWith(PREFIX + id + ".") || Provider.shipped().stream().noneMatch(p -> p.id().equals(id))) {
            return null;
        }
        String k = key.substring(PREFIX.length() + id.length() + 1);
        String old = switch (k) {
            case "base-url" -> id.equals("ollama") ? "url" : "base-url";
            case "daily-calls" -> id.equals("gemini") ? "daily-quota" : null;
            case "type", "self-hosted", "embedding-model", "daily-tokens", "price-input", "price-output" -> null;
            default -> k;
        };
        return old == null ? null : "llm." + id + "." + old;
    }

    public ProviderSettings get(Provider p) {
        return byId.get(p.id());
    }

    /** @throws Provider.UnknownProviderException for an id the catalogue does not declare */
    public Provider provider(String id) {
        ProviderSettings s = id == null ? null : byId.get(id.trim().toLowerCase(Locale.ROOT));
        if (s == null) {
            throw new Provider.UnknownProviderException(id, ids());
        }
        return s.provider();
    }

    /** In the catalogue's order. */
    public Collection<ProviderSettings> all() {
        return byId.values();
    }

    public List<Provider> providers() {
        List<Provider> out = new ArrayList<>(byId.size());
        byId.values().forEach(s -> out.add(s.provider()));
        return out;
    }

    /** The providers probed for their health ({@code self-hosted}), in the catalogue's order. */
    public List<Provider> selfHosted() {
        return byId.values().stream().filter(ProviderSettings::selfHosted).map(ProviderSettings::provider).toList();
    }

    /** The providers that are not probed: each has a breaker instead. */
    public List<Provider> cloud() {
        return byId.values().stream().filter(s -> !s.selfHosted()).map(ProviderSettings::provider).toList();
    }

    public String ids() {
        return String.join(", ", byId.keySet());
    }

    /** The provider whose id or configured model is {@code name} (ignoring case for ids), or null. */
    public Provider byIdOrModel(String name) {
        if (name == null || name.isBlank()) {
            return null;
        }
        for (ProviderSettings s : byId.values()) {
            if (s.provider().id().equalsIgnoreCase(name) || s.model().equals(name)) {
                return s.provider();
            }
        }
        return null;
    }
}
