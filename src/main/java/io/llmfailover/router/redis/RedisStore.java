package io.llmfailover.router.redis;

import java.net.URI;
import java.time.Duration;
import java.util.function.Function;

import io.llmfailover.router.util.Texts;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * The one Jedis pool of this router instance. Every call is bounded by {@code llm.redis.timeout}, including the
 * wait for a pooled connection, so a hung Redis never hangs a prompt. Failures surface as
 * {@link RedisUnavailableException} whose message never contains the password of the URL.
 */
public final class RedisStore implements AutoCloseable {

    private final JedisPool pool;
    private final String redactedUrl;
    private final String password;
    private final long failFastNanos;
    private volatile long failFastUntil;
    private volatile boolean failing;
    private volatile String lastFailure;

    public RedisStore(String url, Duration timeout, int poolSize) {
        URI uri = URI.create(url);
        this.redactedUrl = Texts.redactUserInfo(url);
        String userInfo = uri.getUserInfo();
        this.password = userInfo == null ? null : userInfo.substring(userInfo.indexOf(':') + 1);
        GenericObjectPoolConfig<Jedis> config = new GenericObjectPoolConfig<>();
        config.setMaxTotal(poolSize);
        config.setMaxIdle(poolSize);
        config.setMinIdle(0);
        config.setMaxWait(timeout);
        config.setBlockWhenExhausted(true);
        config.setTestWhileIdle(true);
        config.setTimeBetweenEvictionRuns(Duration.ofSeconds(30));
        config.setJmxEnabled(false);
        int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        this.pool = new JedisPool(config, uri, millis, millis);
        this.failFastNanos = Math.max(100, Math.min(1000, timeout.toMillis())) * 1_000_000L;
    }

    /**
     * Runs one operation on a pooled connection. After a failure, calls fail at once for a short while (the Redis
     * timeout, between 100 ms and 1 s) instead of each waiting for the timeout again: a hung Redis costs one
     * timeout per second, not one per prompt. Then one call tries again. A connection failure also drops every idle
     * pooled connection: after a Redis restart they are all dead, and each would otherwise fail one more call (and
     * start one more fail-fast pause) before Redis is used again.
     */
    public <T> T execute(Function<Jedis, T> operation) {
        if (failing && System.nanoTime() - failFastUntil < 0) {
            throw new RedisUnavailableException(lastFailure);
        }
        try (Jedis jedis = pool.getResource()) {
            T result = operation.apply(jedis);
            failing = false;
            return result;
        } catch (RuntimeException e) {
            if (e instanceof JedisConnectionException) {
                pool.clear();
            }
            String message = describe(e);
            lastFailure = message;
            failFastUntil = System.nanoTime() + failFastNanos;
            failing = true;
            throw new RedisUnavailableException(message);
        }
    }

    /** True when Redis answers PING within the timeout. */
    public boolean ping() {
        try {
            return "PONG".equalsIgnoreCase(execute(Jedis::ping));
        } catch (RedisUnavailableException e) {
            return false;
        }
    }

    /** Idle connections in the pool (for tests: after a connection failure there are none to fail again). */
    int idleConnections() {
        return pool.getNumIdle();
    }

    /** The URL with its password replaced by ***. */
    public String url() {
        return redactedUrl;
    }

    private String describe(Throwable e) {
        Throwable t = e;
        String message = null;
        while (t != null) {
            if (t.getMessage() != null) {
                message = t.getClass().getSimpleName() + ": " + t.getMessage();
            }
            if (t.getCause() == null || t.getCause() == t) {
                break;
            }
            t = t.getCause();
        }
        if (message == null) {
            message = e.getClass().getSimpleName();
        }
        if (password != null && !password.isEmpty()) {
            message = message.replace(password, "***");
        }
        return "redis " + redactedUrl + " unavailable (" + message + ")";
    }

    @Override
    public void close() {
        pool.close();
    }
}
