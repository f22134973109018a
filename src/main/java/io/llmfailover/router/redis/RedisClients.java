package io.llmfailover.router.redis;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.RedisSentinelClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.providers.ClusterConnectionProvider;
import redis.clients.jedis.providers.ConnectionProvider;
import redis.clients.jedis.providers.PooledConnectionProvider;
import redis.clients.jedis.providers.SentineledConnectionProvider;
import redis.clients.jedis.util.Pool;

/**
 * Builds Jedis's own client for a {@link RedisTarget}: {@link RedisClient} (one server), {@link RedisSentinelClient}
 * (the master the sentinels name, followed through every failover they announce) or {@link RedisClusterClient}
 * (each key on the master of its slot). All three are a {@link UnifiedJedis}, so the callers have one code path. The
 * timeout bounds connecting, each read and the wait for a pooled connection; in Cluster mode it is also the budget
 * of one call's retries on other nodes.
 */
final class RedisClients {

    /** A Cluster call may follow a MOVED / ASK redirect or try again after a node failed, within the timeout. */
    static final int CLUSTER_ATTEMPTS = 3;

    private RedisClients() {
    }

    /** A client and the connection pools behind it. */
    record Connected(UnifiedJedis client, ConnectionProvider provider) implements AutoCloseable {

        /** Sentinel mode: the master in use now; null in the other modes. */
        HostAndPort master() {
            return provider instanceof SentineledConnectionProvider s ? s.getCurrentMaster() : null;
        }

        /** Drops every idle pooled connection (after a connection failure they are likely all dead). */
        void clearIdle() {
            for (Object pool : provider.getConnectionMap().values()) {
                if (pool instanceof Pool<?> p) {
                    p.clear();
                }
            }
        }

        int idle() {
            int idle = 0;
            for (Object pool : provider.getConnectionMap().values()) {
                idle += pool instanceof Pool<?> p ? p.getNumIdle() : 0;
            }
            return idle;
        }

        @Override
        public void close() {
            client.close();
        }
    }

    /**
     * The client for the target. Sentinel mode asks the sentinels for the master here and Cluster mode reads the
     * slot map here, so this may fail (nothing answers) and may take up to the timeout per node asked.
     */
    static Connected connect(RedisTarget target, Duration timeout, int poolSize) {
        GenericObjectPoolConfig<Connection> pool = poolConfig(timeout, poolSize);
        int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        return switch (target.mode()) {
            case URL -> {
                URI uri = URI.create(target.url());
                String user = target.urlUser() != null ? target.urlUser() : target.username();
                String password = target.urlPassword() != null ? target.urlPassword() : target.password();
                boolean ssl = "rediss".equals(uri.getScheme().toLowerCase(Locale.ROOT));
                String path = uri.getPath();
                int database = path == null || path.length() <= 1 ? 0 : Integer.parseInt(path.substring(1));
                JedisClientConfig config = config(millis, user, password, database, ssl);
                HostAndPort node = new HostAndPort(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort());
                PooledConnectionProvider provider = new PooledConnectionProvider(node, config, pool);
                yield new Connected(RedisClient.builder().hostAndPort(node).clientConfig(config)
                        .connectionProvider(provider).build(), provider);
            }
            case SENTINEL -> {
                JedisClientConfig master = config(millis, target.username(), target.password(), target.database(),
                        target.ssl());
                JedisClientConfig sentinel = config(millis, null, target.sentinelPassword(), 0, target.ssl());
                Set<HostAndPort> sentinels = hostPorts(target.nodes());
                SentineledConnectionProvider provider = new SentineledConnectionProvider(target.masterName(), master,
                        pool, sentinels, sentinel);
                yield new Connected(RedisSentinelClient.builder().masterName(target.masterName()).sentinels(sentinels)
                        .clientConfig(master).connectionProvider(provider).build(), provider);
            }
            case CLUSTER -> {
                JedisClientConfig config = config(millis, target.username(), target.password(), 0, target.ssl());
                Set<HostAndPort> nodes = hostPorts(target.nodes());
                ClusterConnectionProvider provider = new ClusterConnectionProvider(nodes, config, pool);
                yield new Connected(RedisClusterClient.builder().nodes(nodes).clientConfig(config)
                        .connectionProvider(provider).maxAttempts(CLUSTER_ATTEMPTS).maxTotalRetriesDuration(timeout)
                        .build(), provider);
            }
        };
    }

    private static JedisClientConfig config(int millis, String user, String password, int database, boolean ssl) {
        return DefaultJedisClientConfig.builder().connectionTimeoutMillis(millis).socketTimeoutMillis(millis)
                .user(user).password(password).database(database).ssl(ssl).build();
    }

    private static GenericObjectPoolConfig<Connection> poolConfig(Duration timeout, int poolSize) {
        GenericObjectPoolConfig<Connection> config = new GenericObjectPoolConfig<>();
        config.setMaxTotal(poolSize);
        config.setMaxIdle(poolSize);
        config.setMinIdle(0);
        config.setMaxWait(timeout);
        config.setBlockWhenExhausted(true);
        config.setTestWhileIdle(true);
        config.setTimeBetweenEvictionRuns(Duration.ofSeconds(30));
        config.setJmxEnabled(false);
        return config;
    }

    /** {@code host:port} entries (an IPv6 host in brackets) as Jedis's HostAndPort. */
    static Set<HostAndPort> hostPorts(List<String> nodes) {
        Set<HostAndPort> out = new LinkedHashSet<>();
        for (String node : nodes) {
            int colon = node.lastIndexOf(':');
            String host = node.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            out.add(new HostAndPort(host, Integer.parseInt(node.substring(colon + 1))));
        }
        return out;
    }
}
