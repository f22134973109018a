package io.llmfailover.router.settings;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import io.llmfailover.router.core.Provider;
import io.llmfailover.router.util.Texts;

/**
 * Reads {@code llm.*} keys and checks each value. There are no defaults here: every key has its default in the
 * root {@code application.properties} (which is always loaded, also by applications that embed the routes), so a
 * key that cannot be found is a broken configuration, named as such. A bad value raises an
 * {@link InvalidSettingException} that names the key and the value (never the value of a secret).
 */
public final class SettingsReader {

    private final Function<String, Optional<String>> lookup;
    private final Set<String> names;

    public SettingsReader(Function<String, Optional<String>> lookup) {
        this(lookup, Set.of());
    }

    /**
     * @param names every key the configuration sets (the properties files', the system properties' and the
     *              environment's variable names as they are): what a family of keys ({@code llm.providers.<id>.*},
     *              {@code llm.routing.<task>.<state>}) is found from
     */
    public SettingsReader(Function<String, Optional<String>> lookup, Set<String> names) {
        this.lookup = lookup;
        this.names = Set.copyOf(names);
    }

    /** A reader of the same keys, where {@code lookup} decides first (defaults, aliases); the names stay. */
    SettingsReader over(Function<String, Optional<String>> first) {
        return new SettingsReader(key -> first.apply(key).or(() -> lookup.apply(key)), names);
    }

    /** Every key the configuration sets, as given (environment variables upper-case). */
    public Set<String> names() {
        return names;
    }

    /** The value, as set, if the key is set at all (even empty). */
    public Optional<String> lookup(String key) {
        return lookup.apply(key);
    }

    /** The trimmed value; a missing key is an error. */
    public String raw(String key) {
        return lookup.apply(key).map(String::trim)
                .orElseThrow(() -> new InvalidSettingException(key, "", "missing (application.properties defines every llm.* key)"));
    }

    /** The value, or null when it is empty. */
    public String optional(String key) {
        String v = raw(key);
        return v.isEmpty() ? null : v;
    }

    public String text(String key) {
        String v = raw(key);
        if (v.isEmpty()) {
            throw new InvalidSettingException(key, "", "must not be empty");
        }
        return v;
    }

    public Duration duration(String key, Duration min) {
        return parsed(key, v -> Durations.parse(v, min, null));
    }

    public long whole(String key, long min, long max) {
        return parsed(key, v -> {
            long n = parseNumber(v, Long::parseLong, "not a whole number");
            if (n < min || n > max) {
                throw new IllegalArgumentException(
                        max >= Long.MAX_VALUE / 2 ? "must be >= " + min : "must be between " + min + " and " + max);
            }
            return n;
        });
    }

    public double decimal(String key) {
        return parsed(key, v -> {
            double d = parseNumber(v, Double::parseDouble, "not a number");
            if (!(d >= 0) || Double.isInfinite(d)) {
                throw new IllegalArgumentException("must be a number >= 0");
            }
            return d;
        });
    }

    /** {@code true} or {@code false}. */
    public boolean bool(String key) {
        return parsed(key, v -> switch (v.toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("must be true or false");
        });
    }

    /** A key this version no longer reads: an error that says what took its place, rather than a silent no-op. */
    public void retired(String key, String instead) {
        Optional<String> v = lookup.apply(key);
        if (v.isPresent()) {
            throw new InvalidSettingException(key, v.get().trim(), "is no longer read: " + instead);
        }
    }

    /** The key's value through {@code parser}, whose IllegalArgumentException becomes an InvalidSettingException. */
    private <T> T parsed(String key, Function<String, T> parser) {
        String v = raw(key);
        try {
            return parser.apply(v);
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException(key, v, e.getMessage());
        }
    }

    private static <T> T parseNumber(String v, Function<String, T> parser, String notANumber) {
        try {
            return parser.apply(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(notANumber);
        }
    }

    /** An http(s) API root without query or fragment; trailing slashes are dropped. */
    public String url(String key) {
        String v = raw(key);
        URI u = uri(key, v, v, "http", "https", "must be an http:// or https:// URL");
        if (u.getQuery() != null || u.getFragment() != null) {
            throw new InvalidSettingException(key, v, "must be the API root, without query or fragment");
        }
        while (v.endsWith("/")) {
            v = v.substring(0, v.length() - 1);
        }
        return v;
    }

    /** {@code redis://[user:password@]host:port[/db]} or {@code rediss://...}, or null when empty. */
    public String redisUrl(String key) {
        String v = optional(key);
        if (v == null) {
            return null;
        }
        String shown = Texts.redactUserInfo(v);
        URI u = uri(key, v, shown, "redis", "rediss", "must look like redis://host:port[/db] or rediss://...");
        String path = u.getPath();
        if (path != null && path.length() > 1 && !path.substring(1).chars().allMatch(Character::isDigit)) {
            throw new InvalidSettingException(key, shown, "the path must be a database number (/0, /1, ...)");
        }
        return v;
    }

    /** A comma-separated {@code host:port} list (Redis Sentinel or Cluster nodes); empty = an empty list. */
    public List<String> hostPorts(String key) {
        return HostPorts.parse(key, raw(key));
    }

    /** A URL with one of two schemes and a host; {@code shown} is what an error may print of it. */
    private static URI uri(String key, String v, String shown, String scheme, String secureScheme, String wrongScheme) {
        URI u;
        try {
            u = new URI(v);
        } catch (URISyntaxException e) {
            throw new InvalidSettingException(key, shown, "malformed URL (" + e.getReason() + ")");
        }
        String s = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!s.equals(scheme) && !s.equals(secureScheme)) {
            throw new InvalidSettingException(key, shown, wrongScheme);
        }
        if (u.getHost() == null || u.getHost().isEmpty()) {
            throw new InvalidSettingException(key, shown, "URL has no host");
        }
        return u;
    }

    public ZoneId zone(String key) {
        String v = raw(key);
        try {
            return ZoneId.of(v);
        } catch (RuntimeException e) {
            throw new InvalidSettingException(key, v, "unknown time zone (use e.g. UTC, Europe/Berlin, +08:00)");
        }
    }

    /** A comma-separated list of capabilities ({@code json}, {@code tools}, {@code vision}); empty = none. */
    public Set<String> capabilities(String key) {
        String v = raw(key);
        Set<String> out = new LinkedHashSet<>();
        for (String part : v == null ? new String[0] : v.split(",")) {
            String c = part.trim().toLowerCase(java.util.Locale.ROOT);
            if (c.isEmpty()) {
                continue;
            }
            if (!io.llmfailover.router.chat.Capabilities.ALL.contains(c)) {
                throw new InvalidSettingException(key, v, "unknown capability '" + c + "' (known: "
                        + String.join(", ", io.llmfailover.router.chat.Capabilities.ALL) + ")");
            }
            out.add(c);
        }
        return Collections.unmodifiableSet(out);
    }

    /** A comma-separated list of providers the catalogue declares, such as {@code gemini,nemotron,claude}. */
    public List<Provider> providers(String key, ProviderCatalog catalog) {
        String v = raw(key);
        try {
            return parseProviders(v, catalog);
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException(key, v, e.getMessage());
        }
    }

    /** Parses a comma-separated list of declared providers; each provider once. */
    public static List<Provider> parseProviders(String csv, ProviderCatalog catalog) {
        if (csv == null || csv.isBlank()) {
            throw new IllegalArgumentException("the provider list is empty");
        }
        Set<Provider> seen = new LinkedHashSet<>();
        for (String part : csv.split(",")) {
            Provider p = catalog.provider(part.trim());
            if (!seen.add(p)) {
                throw new IllegalArgumentException("provider '" + p + "' is listed twice");
            }
        }
        return Collections.unmodifiableList(new ArrayList<>(seen));
    }
}
