package io.llmfailover.router.settings;

import java.time.Duration;
import java.util.List;

import io.llmfailover.router.util.Texts;

/**
 * Shared state, {@code llm.redis.*}: one Redis ({@code llm.redis.url}), a Redis Sentinel set
 * ({@code llm.redis.sentinel.*}) or a Redis Cluster ({@code llm.redis.cluster.nodes}), at most one of them; none
 * means in-memory state (one instance only). The passwords never show in {@link #toString()} or an error.
 *
 * @param mode             which of the three, or {@link Mode#IN_MEMORY}
 * @param url              {@code llm.redis.url}, or null
 * @param sentinelMaster   {@code llm.redis.sentinel.master}: the name the sentinels monitor, or null
 * @param sentinelNodes    {@code llm.redis.sentinel.nodes}: host:port of each sentinel (empty unless Sentinel)
 * @param sentinelPassword {@code llm.redis.sentinel.password}: the sentinels' own password, or null
 * @param clusterNodes     {@code llm.redis.cluster.nodes}: host:port of some cluster nodes (empty unless Cluster)
 * @param username         {@code llm.redis.username}: ACL user of the data nodes, or null
 * @param password         {@code llm.redis.password}: password of the data nodes, or null
 * @param database         {@code llm.redis.database}: Sentinel only (a URL names it in its path, a Cluster has only 0)
 * @param ssl              {@code llm.redis.ssl}: TLS to the nodes and sentinels (a URL says it with rediss://)
 */
public record RedisSettings(Mode mode, String url, String sentinelMaster, List<String> sentinelNodes,
        String sentinelPassword, List<String> clusterNodes, String username, String password, int database,
        boolean ssl, String keyPrefix, Duration timeout, int poolSize, Duration checkInterval) {

    /** How the router reaches Redis. */
    public enum Mode { IN_MEMORY, URL, SENTINEL, CLUSTER }

    private static final String URL = "llm.redis.url";
    private static final String MASTER = "llm.redis.sentinel.master";
    private static final String SENTINELS = "llm.redis.sentinel.nodes";
    private static final String SENTINEL_PASSWORD = "llm.redis.sentinel.password";
    private static final String CLUSTER = "llm.redis.cluster.nodes";
    private static final String ONE_MODE = "set only one of " + URL + ", " + SENTINELS + " and " + CLUSTER;

    static RedisSettings read(SettingsReader r) {
        String url = r.redisUrl(URL);
        String master = r.optional(MASTER);
        List<String> sentinels = r.hostPorts(SENTINELS);
        List<String> cluster = r.hostPorts(CLUSTER);
        boolean sentinel = master != null || !sentinels.isEmpty();
        if (sentinel && url != null) {
            throw new InvalidSettingException(master != null && sentinels.isEmpty() ? MASTER : SENTINELS,
                    master != null && sentinels.isEmpty() ? master : String.join(",", sentinels),
                    ONE_MODE + " (" + URL + " is set too)");
        }
        if (!cluster.isEmpty() && (url != null || sentinel)) {
            throw new InvalidSettingException(CLUSTER, String.join(",", cluster),
                    ONE_MODE + " (" + (url != null ? URL : SENTINELS) + " is set too)");
        }
        Mode mode = url != null ? Mode.URL : sentinel ? Mode.SENTINEL : !cluster.isEmpty() ? Mode.CLUSTER : Mode.IN_MEMORY;
        if (mode == Mode.SENTINEL) {
            checkSentinel(master, sentinels);
        }
        String sentinelPassword = r.optional(SENTINEL_PASSWORD);
        if (sentinelPassword != null && mode != Mode.SENTINEL) {
            throw new InvalidSettingException(SENTINEL_PASSWORD, "***", "only used with " + SENTINELS
                    + " (Sentinel mode), which is not set");
        }
        String username = r.optional("llm.redis.username");
        String password = r.optional("llm.redis.password");
        int database = (int) r.whole("llm.redis.database", 0, 1_000_000);
        boolean ssl = r.bool("llm.redis.ssl");
        checkCredentials(mode, url, username, password, database, ssl);
        return new RedisSettings(mode, url, master, sentinels, sentinelPassword, cluster, username, password,
                database, ssl, r.text("llm.redis.key-prefix"), r.duration("llm.redis.timeout", Duration.ofMillis(10)),
                (int) r.whole("llm.redis.pool-size", 1, 10_000),
                r.duration("llm.redis.check-interval", Duration.ofMillis(100)));
    }

    private static void checkSentinel(String master, List<String> sentinels) {
        if (master == null) {
            throw new InvalidSettingException(MASTER, "", "required with " + SENTINELS
                    + " (the name the sentinels monitor, as in 'sentinel monitor mymaster ...')");
        }
        if (master.chars().anyMatch(Character::isWhitespace)) {
            throw new InvalidSettingException(MASTER, master, "must be one word (the name the sentinels monitor)");
        }
        if (sentinels.isEmpty()) {
            throw new InvalidSettingException(SENTINELS, "", "required with " + MASTER
                    + " (the sentinels, comma-separated host:port)");
        }
    }

    /** The options that say how to log in, and which database and TLS, against the mode they are used with. */
    private static void checkCredentials(Mode mode, String url, String username, String password, int database,
            boolean ssl) {
        String none = "no Redis is configured (set " + URL + ", " + SENTINELS + " or " + CLUSTER + ")";
        if (mode == Mode.IN_MEMORY) {
            if (password != null) {
                throw new InvalidSettingException("llm.redis.password", "***", "is set, but " + none);
            }
            if (username != null) {
                throw new InvalidSettingException("llm.redis.username", username, "is set, but " + none);
            }
        }
        if (database != 0 && mode != Mode.SENTINEL) {
            throw new InvalidSettingException("llm.redis.database", Integer.toString(database), switch (mode) {
                case URL -> "with " + URL + " the database is the URL's path (redis://host:6379/" + database + ")";
                case CLUSTER -> "a Redis Cluster has only database 0";
                default -> "is set, but " + none;
            });
        }
        if (ssl && mode != Mode.SENTINEL && mode != Mode.CLUSTER && !(mode == Mode.URL && url.toLowerCase(java.util.Locale.ROOT).startsWith("rediss:"))) {
            throw new InvalidSettingException("llm.redis.ssl", "true", mode == Mode.URL
                    ? "with " + URL + " TLS is the URL's scheme: write rediss://" : "is set, but " + none);
        }
        if (mode == Mode.URL) {
            String userInfo = java.net.URI.create(url).getUserInfo();
            int colon = userInfo == null ? -1 : userInfo.indexOf(':');
            if (password != null && colon >= 0) {
                throw new InvalidSettingException("llm.redis.password", "***", URL
                        + " holds a password already: set it in one place");
            }
            if (username != null && userInfo != null && (colon < 0 ? !userInfo.isEmpty() : colon > 0)) {
                throw new InvalidSettingException("llm.redis.username", username, URL
                        + " names a user already: set it in one place");
            }
        }
    }

    public boolean configured() {
        return mode != Mode.IN_MEMORY;
    }

    /** Where Redis is, without any password. */
    public String where() {
        return switch (mode) {
            case IN_MEMORY -> "in-memory";
            case URL -> Texts.redactUserInfo(url);
            case SENTINEL -> "sentinel " + sentinelMaster + " via " + String.join(",", sentinelNodes);
            case CLUSTER -> "cluster " + String.join(",", clusterNodes);
        };
    }

    /** The passwords stay out. */
    @Override
    public String toString() {
        return "RedisSettings[" + where() + (username == null ? "" : ", user " + username)
                + (password == null ? "" : ", password ***") + (sentinelPassword == null ? "" : ", sentinel password ***")
                + (database == 0 ? "" : ", database " + database) + (ssl ? ", TLS" : "") + ", prefix " + keyPrefix + "]";
    }
}
