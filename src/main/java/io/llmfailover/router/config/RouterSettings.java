package io.llmfailover.router.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import io.llmfailover.router.health.HealthStatus;
import io.llmfailover.router.routing.Provider;

/**
 * Every {@code llm.*} setting, read once at startup and validated. A bad value raises an
 * {@link InvalidSettingException} naming the key and the value; secrets are read here but never echoed.
 */
public final class RouterSettings {

    /** Keys whose values are secrets: never logged, never shown in errors, JMX or HTTP. */
    public static final Set<String> SECRET_KEYS = Set.of(
            "llm.gemini.api-key", "llm.nemotron.api-key", "llm.claude.api-key", "llm.telegram.token", "llm.http.api-key");

    private final Function<String, Optional<String>> lookup;

    private final String ollamaUrl;
    private final String ollamaModel;
    private final String ollamaHealthModel;
    private final Duration pollInterval;
    private final Duration probeTimeout;
    private final double minTokensPerSecond;
    private final Duration slowLatency;
    private final int recoveryProbes;
    private final Map<Provider, ProviderSettings> providers = new EnumMap<>(Provider.class);
    private final long geminiDailyQuota;
    private final String redisUrl;
    private final String redisKeyPrefix;
    private final Duration redisTimeout;
    private final int redisPoolSize;
    private final ZoneId quotaZone;
    private final Map<HealthStatus, List<Provider>> providerOrder = new EnumMap<>(HealthStatus.class);
    private final List<Provider> quotaExceededOrder;
    private final int httpPort;
    private final int maxInFlight;
    private final long maxBody;
    private final String httpApiKey;
    private final int claudeMaxTokens;
    private final Duration requestTimeout;
    private final String telegramBaseUrl;
    private final String telegramToken;
    private final String telegramChatId;
    private final Duration telegramTimeout;
    private final Duration alertsFailoverWindow;
    private final Duration alertsQuotaWindow;
    private final int alertsMaxAttempts;
    private final Duration alertsRetryBackoff;
    private final Duration alertsMaxRetryAfter;
    private final int alertsQueueSize;
    private final String instanceId;

    private RouterSettings(Function<String, Optional<String>> lookup) {
        this.lookup = lookup;
        this.ollamaUrl = url("llm.ollama.url", "http://localhost:11434");
        this.ollamaModel = text("llm.ollama.model", "llama3.2:3b");
        String healthModel = optional("llm.ollama.health-model");
        this.ollamaHealthModel = healthModel == null ? ollamaModel : healthModel;
        this.pollInterval = duration("llm.health.poll-interval", "10s", Duration.ofMillis(100));
        this.probeTimeout = duration("llm.health.probe-timeout", "10s", Duration.ofMillis(50));
        this.minTokensPerSecond = decimal("llm.health.min-tokens-per-second", "5");
        this.slowLatency = duration("llm.health.slow-latency", "4s", Duration.ofMillis(1));
        this.recoveryProbes = (int) whole("llm.health.recovery-probes", "3", 1, 1000);

        providers.put(Provider.OLLAMA, provider(Provider.OLLAMA, ollamaUrl, ollamaModel, null, "2s", "60s"));
        providers.put(Provider.GEMINI, provider(Provider.GEMINI,
                url("llm.gemini.base-url", "https://generativelanguage.googleapis.com"),
                text("llm.gemini.model", "gemini-1.5-flash"), optional("llm.gemini.api-key"), "5s", "60s"));
        providers.put(Provider.NEMOTRON, provider(Provider.NEMOTRON,
                url("llm.nemotron.base-url", "https://integrate.api.nvidia.com"),
                text("llm.nemotron.model", "nvidia/nemotron-mini-4b-instruct"), optional("llm.nemotron.api-key"),
                "5s", "60s"));
        providers.put(Provider.CLAUDE, provider(Provider.CLAUDE,
                url("llm.claude.base-url", "https://api.anthropic.com"),
                text("llm.claude.model", "claude-haiku-4-5-20251001"), optional("llm.claude.api-key"), "5s", "60s"));
        this.claudeMaxTokens = (int) whole("llm.claude.max-tokens", "1024", 1, 1_000_000);
        this.requestTimeout = duration("llm.request-timeout", "120s", Duration.ofMillis(100));
        this.geminiDailyQuota = whole("llm.gemini.daily-quota", "500", 0, Long.MAX_VALUE / 2);

        this.redisUrl = redisUrl("llm.redis.url");
        this.redisKeyPrefix = text("llm.redis.key-prefix", "llm:");
        this.redisTimeout = duration("llm.redis.timeout", "1s", Duration.ofMillis(10));
        this.redisPoolSize = (int) whole("llm.redis.pool-size", "64", 1, 10_000);
        this.quotaZone = zone("llm.quota.zone", "UTC");

        providerOrder.put(HealthStatus.HEALTHY, order("llm.routing.healthy", "ollama,gemini"));
        providerOrder.put(HealthStatus.SLOW, order("llm.routing.slow", "gemini,ollama,nemotron,claude"));
        providerOrder.put(HealthStatus.DEGRADED, order("llm.routing.degraded", "gemini,nemotron,claude"));
        providerOrder.put(HealthStatus.OFFLINE, order("llm.routing.offline", "gemini,nemotron,claude"));
        this.quotaExceededOrder = order("llm.routing.quota-exceeded", "nemotron,claude");
        if (quotaExceededOrder.contains(Provider.GEMINI)) {
            throw new InvalidSettingException("llm.routing.quota-exceeded", raw("llm.routing.quota-exceeded", ""),
                    "must not contain gemini (it replaces gemini when the quota is spent)");
        }

        this.httpPort = (int) whole("llm.http.port", "8080", 0, 65535);
        this.maxInFlight = (int) whole("llm.http.max-in-flight", "1000", 1, 100_000);
        this.maxBody = whole("llm.http.max-body", "1048576", 1024, 256L * 1024 * 1024);
        this.httpApiKey = optional("llm.http.api-key");

        this.telegramBaseUrl = url("llm.telegram.base-url", "https://api.telegram.org");
        this.telegramToken = optional("llm.telegram.token");
        this.telegramChatId = optional("llm.telegram.chat-id");
        this.telegramTimeout = duration("llm.telegram.timeout", "10s", Duration.ofMillis(100));
        this.alertsFailoverWindow = duration("llm.alerts.failover-window", "10m", Duration.ofSeconds(1));
        this.alertsQuotaWindow = duration("llm.alerts.quota-window", "24h", Duration.ofSeconds(1));
        this.alertsMaxAttempts = (int) whole("llm.alerts.max-attempts", "5", 1, 100);
        this.alertsRetryBackoff = duration("llm.alerts.retry-backoff", "2s", Duration.ofMillis(1));
        this.alertsMaxRetryAfter = duration("llm.alerts.max-retry-after", "5m", Duration.ofSeconds(1));
        this.alertsQueueSize = (int) whole("llm.alerts.queue-size", "1000", 1, 1_000_000);
        String id = optional("llm.instance-id");
        this.instanceId = id != null ? id : defaultInstanceId();
    }

    private static String defaultInstanceId() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException e) {
                host = "router";
            }
        }
        return host;
    }

    private ProviderSettings provider(Provider p, String baseUrl, String model, String apiKey, String connectDefault,
            String readDefault) {
        Duration connect = duration("llm." + p.id() + ".connect-timeout", connectDefault, Duration.ofMillis(10));
        Duration read = duration("llm." + p.id() + ".read-timeout", readDefault, Duration.ofMillis(10));
        return new ProviderSettings(p, baseUrl, model, apiKey, connect, read);
    }

    /** Reads and validates every setting through the given lookup (normally Camel's properties component). */
    public static RouterSettings load(Function<String, Optional<String>> lookup) {
        return new RouterSettings(lookup);
    }

    // ---- accessors -------------------------------------------------------------------------------------------

    public String ollamaUrl() {
        return ollamaUrl;
    }

    public String ollamaModel() {
        return ollamaModel;
    }

    public String ollamaHealthModel() {
        return ollamaHealthModel;
    }

    public Duration pollInterval() {
        return pollInterval;
    }

    public Duration probeTimeout() {
        return probeTimeout;
    }

    public double minTokensPerSecond() {
        return minTokensPerSecond;
    }

    public Duration slowLatency() {
        return slowLatency;
    }

    public int recoveryProbes() {
        return recoveryProbes;
    }

    public ProviderSettings provider(Provider p) {
        return providers.get(p);
    }

    public long geminiDailyQuota() {
        return geminiDailyQuota;
    }

    /** The Redis URL, or null when the router keeps its state in memory. */
    public String redisUrl() {
        return redisUrl;
    }

    public String redisKeyPrefix() {
        return redisKeyPrefix;
    }

    public Duration redisTimeout() {
        return redisTimeout;
    }

    public int redisPoolSize() {
        return redisPoolSize;
    }

    public ZoneId quotaZone() {
        return quotaZone;
    }

    public List<Provider> providerOrder(HealthStatus status) {
        return providerOrder.get(status);
    }

    public List<Provider> quotaExceededOrder() {
        return quotaExceededOrder;
    }

    public int httpPort() {
        return httpPort;
    }

    public int maxInFlight() {
        return maxInFlight;
    }

    /** Largest request body the front doors accept, in bytes. */
    public long maxBody() {
        return maxBody;
    }

    /** The bearer token the front doors require, or null when they are open. Never log it. */
    public String httpApiKey() {
        return httpApiKey;
    }

    /** max_tokens sent to Claude when the request sets none (the Messages API requires one). */
    public int claudeMaxTokens() {
        return claudeMaxTokens;
    }

    /** Bound on one prompt's whole walk along the chain. */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    public String telegramBaseUrl() {
        return telegramBaseUrl;
    }

    /** The bot token, or null when alerts are only logged. Never log it. */
    public String telegramToken() {
        return telegramToken;
    }

    public String telegramChatId() {
        return telegramChatId;
    }

    public Duration telegramTimeout() {
        return telegramTimeout;
    }

    public Duration alertsFailoverWindow() {
        return alertsFailoverWindow;
    }

    public Duration alertsQuotaWindow() {
        return alertsQuotaWindow;
    }

    public int alertsMaxAttempts() {
        return alertsMaxAttempts;
    }

    public Duration alertsRetryBackoff() {
        return alertsRetryBackoff;
    }

    public Duration alertsMaxRetryAfter() {
        return alertsMaxRetryAfter;
    }

    public int alertsQueueSize() {
        return alertsQueueSize;
    }

    /** This instance's name in audit lines and alerts (default: the host name). */
    public String instanceId() {
        return instanceId;
    }

    /** How long a cached health report lives in Redis: about twice the poll interval. */
    public Duration healthCacheTtl() {
        return pollInterval.multipliedBy(2).plus(probeTimeout);
    }

    /**
     * Derived values that endpoint URIs need as plain milliseconds (camel-http and timer take numbers), published
     * as {@code <key>.ms} so the routes can use {@code {{llm.health.probe-timeout.ms}}}.
     */
    public Map<String, String> derivedProperties() {
        Map<String, String> derived = new java.util.LinkedHashMap<>();
        derived.put("llm.health.poll-interval.ms", Long.toString(pollInterval.toMillis()));
        derived.put("llm.health.probe-timeout.ms", Long.toString(probeTimeout.toMillis()));
        for (ProviderSettings p : providers.values()) {
            derived.put("llm." + p.provider().id() + ".connect-timeout.ms", Long.toString(p.connectTimeout().toMillis()));
            derived.put("llm." + p.provider().id() + ".read-timeout.ms", Long.toString(p.readTimeout().toMillis()));
        }
        return derived;
    }

    // ---- parsing helpers -------------------------------------------------------------------------------------

    private String raw(String key, String def) {
        return lookup.apply(key).map(String::trim).orElse(def);
    }

    private String optional(String key) {
        String v = raw(key, "");
        return v.isEmpty() ? null : v;
    }

    private String text(String key, String def) {
        String v = raw(key, def);
        if (v.isEmpty()) {
            throw new InvalidSettingException(key, "", "must not be empty");
        }
        return v;
    }

    private Duration duration(String key, String def, Duration min) {
        String v = raw(key, def);
        Duration d;
        try {
            d = Durations.parse(v);
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException(key, v, "not a duration: " + e.getMessage());
        }
        if (d.compareTo(min) < 0) {
            throw new InvalidSettingException(key, v, "must be at least " + Durations.format(min));
        }
        return d;
    }

    private long whole(String key, String def, long min, long max) {
        String v = raw(key, def);
        long n;
        try {
            n = Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new InvalidSettingException(key, v, "not a whole number");
        }
        if (n < min || n > max) {
            throw new InvalidSettingException(key, v,
                    max >= Long.MAX_VALUE / 2 ? "must be >= " + min : "must be between " + min + " and " + max);
        }
        return n;
    }

    private double decimal(String key, String def) {
        String v = raw(key, def);
        double d;
        try {
            d = Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new InvalidSettingException(key, v, "not a number");
        }
        if (!(d >= 0) || Double.isInfinite(d)) {
            throw new InvalidSettingException(key, v, "must be a number >= 0");
        }
        return d;
    }

    private String url(String key, String def) {
        String v = raw(key, def);
        try {
            URI u = new URI(v);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw new InvalidSettingException(key, v, "must be an http:// or https:// URL");
            }
            if (u.getHost() == null || u.getHost().isEmpty()) {
                throw new InvalidSettingException(key, v, "URL has no host");
            }
            if (u.getQuery() != null || u.getFragment() != null) {
                throw new InvalidSettingException(key, v, "must be the API root, without query or fragment");
            }
        } catch (URISyntaxException e) {
            throw new InvalidSettingException(key, v, "malformed URL (" + e.getReason() + ")");
        }
        while (v.endsWith("/")) {
            v = v.substring(0, v.length() - 1);
        }
        return v;
    }

    private String redisUrl(String key) {
        String v = optional(key);
        if (v == null) {
            return null;
        }
        String shown = redactUserInfo(v);
        try {
            URI u = new URI(v);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("redis") && !scheme.equals("rediss")) {
                throw new InvalidSettingException(key, shown, "must look like redis://host:port[/db] or rediss://...");
            }
            if (u.getHost() == null || u.getHost().isEmpty()) {
                throw new InvalidSettingException(key, shown, "URL has no host");
            }
            String path = u.getPath();
            if (path != null && path.length() > 1 && !path.substring(1).chars().allMatch(Character::isDigit)) {
                throw new InvalidSettingException(key, shown, "the path must be a database number (/0, /1, ...)");
            }
        } catch (URISyntaxException e) {
            throw new InvalidSettingException(key, shown, "malformed URL (" + e.getReason() + ")");
        }
        return v;
    }

    private ZoneId zone(String key, String def) {
        String v = raw(key, def);
        try {
            return ZoneId.of(v);
        } catch (RuntimeException e) {
            throw new InvalidSettingException(key, v, "unknown time zone (use e.g. UTC, Europe/Berlin, +08:00)");
        }
    }

    private List<Provider> order(String key, String def) {
        String v = raw(key, def);
        try {
            return parseOrder(v);
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException(key, v, e.getMessage());
        }
    }

    /** Parses a comma-separated provider list such as {@code gemini,nemotron,claude}. */
    public static List<Provider> parseOrder(String csv) {
        if (csv == null || csv.isBlank()) {
            throw new IllegalArgumentException("the provider list is empty");
        }
        Set<Provider> seen = new LinkedHashSet<>();
        for (String part : csv.split(",")) {
            Provider p = Provider.fromId(part);
            if (!seen.add(p)) {
                throw new IllegalArgumentException("provider '" + p + "' is listed twice");
            }
        }
        return Collections.unmodifiableList(new ArrayList<>(seen));
    }

    /** Replaces the password of a URL such as redis://user:secret@host with ***, for logs and errors. */
    public static String redactUserInfo(String url) {
        if (url == null) {
            return null;
        }
        int scheme = url.indexOf("://");
        int at = url.lastIndexOf('@');
        if (scheme < 0 || at < scheme) {
            return url;
        }
        String userInfo = url.substring(scheme + 3, at);
        int colon = userInfo.indexOf(':');
        String user = colon < 0 ? "" : userInfo.substring(0, colon);
        return url.substring(0, scheme + 3) + (user.isEmpty() ? "" : user + ":") + "***" + url.substring(at);
    }

    /** A provider's endpoint settings. The API key is kept out of toString(). */
    public static final class ProviderSettings {
        private final Provider provider;
        private final String baseUrl;
        private final String model;
        private final String apiKey;
        private final Duration connectTimeout;
        private final Duration readTimeout;

        ProviderSettings(Provider provider, String baseUrl, String model, String apiKey, Duration connectTimeout,
                Duration readTimeout) {
            this.provider = provider;
            this.baseUrl = baseUrl;
            this.model = model;
            this.apiKey = apiKey;
            this.connectTimeout = connectTimeout;
            this.readTimeout = readTimeout;
        }

        public Duration connectTimeout() {
            return connectTimeout;
        }

        public Duration readTimeout() {
            return readTimeout;
        }

        /** The environment variable that holds this provider's API key. */
        public String apiKeyVariable() {
            return "LLM_" + provider.name() + "_API_KEY";
        }

        public Provider provider() {
            return provider;
        }

        public String baseUrl() {
            return baseUrl;
        }

        public String model() {
            return model;
        }

        /** The API key, or null when none is configured. Never log it. */
        public String apiKey() {
            return apiKey;
        }

        public boolean hasApiKey() {
            return apiKey != null;
        }

        @Override
        public String toString() {
            return provider + "[" + model + " @ " + baseUrl + (provider == Provider.OLLAMA ? "" : hasApiKey() ? ", key set" : ", no key") + "]";
        }
    }
}
