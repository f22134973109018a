package io.llmfailover.router.redis;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * This router instance's way to Redis: one server, a Sentinel-managed master or a Redis Cluster ({@link RedisTarget}),
 * through Jedis's own client for each ({@link RedisClients}), one {@link UnifiedJedis} for all three. Every call is
 * bounded by {@code llm.redis.timeout}, including the wait for a pooled connection, so a hung Redis never hangs a
 * prompt. Failures surface as {@link RedisUnavailableException} whose message never contains a password.
 *
 * <p>In Sentinel and Cluster mode the client is made on a thread of its own, started at once: that asks the
 * sentinels for the master or a node for the slot map, and a call waits for it at most the timeout. Until it is made
 * (nothing answered yet), calls fail as for any other Redis failure, and a later call tries again.
 */
public final class RedisStore implements AutoCloseable {

    private static final Executor CONNECTING = task -> {
        Thread t = new Thread(task, "llm-redis-connect");
        t.setDaemon(true);
        t.start();
    };

    private final RedisTarget target;
    private final Duration timeout;
    private final int poolSize;
    private final long failFastNanos;
    private final Object lock = new Object();
    private volatile RedisClients.Connected connected;
    /** A client being made, or null; guarded by {@link #lock}. */
    private CompletableFuture<RedisClients.Connected> connecting;
    private boolean closed;
    private volatile long failFastUntil;
    private volatile boolean failing;
    /** The master in use when the last call failed (Sentinel mode), to see a failover end. */
    private volatile HostAndPort failedMaster;
    private volatile String lastFailure;

    /** One server by URL ({@code redis://[user:password@]host:port[/db]} or {@code rediss://...}). */
    public RedisStore(String url, Duration timeout, int poolSize) {
        this(RedisTarget.url(url), timeout, poolSize);
    }

    public RedisStore(RedisTarget target, Duration timeout, int poolSize) {
        this.target = target;
        this.timeout = timeout;
        this.poolSize = poolSize;
        this.failFastNanos = Math.max(100, Math.min(1000, timeout.toMillis())) * 1_000_000L;
        if (target.mode() == RedisTarget.Mode.URL) {
            // nothing to ask first: the client only connects when a call needs a connection
            connected = RedisClients.connect(target, timeout, poolSize);
        } else {
            synchronized (lock) {
                startConnecting();
            }
        }
    }

    /**
     * Runs one operation. After a failure, calls fail at once for a short while (the Redis timeout, between 100 ms
     * and 1 s) instead of each waiting for the timeout again: a hung Redis costs one timeout per second, not one per
     * prompt. Then one call tries again; in Sentinel mode also as soon as the sentinels have named a new master. A
     * connection failure also drops every idle pooled connection: after a Redis restart they are all dead, and each
     * would otherwise fail one more call (and start one more fail-fast pause) before Redis is used again.
     */
    public <T> T execute(Function<UnifiedJedis, T> operation) {
        RedisClients.Connected c = connected;
        if (failing && System.nanoTime() - failFastUntil < 0
                && (c == null || Objects.equals(c.master(), failedMaster))) {
            throw new RedisUnavailableException(lastFailure);
        }
        try {
            c = connected();
            T result = operation.apply(c.client());
            failing = false;
            return result;
        } catch (RuntimeException e) {
            if (c != null && RedisFailures.causedBy(e, JedisConnectionException.class)) {
                c.clearIdle();
            }
            String message = RedisFailures.describe(e, target);
            lastFailure = message;
            failedMaster = c == null ? null : c.master();
            failFastUntil = System.nanoTime() + failFastNanos;
            failing = true;
            throw new RedisUnavailableException(message);
        }
    }

    /** The client, made now if need be: waits at most the timeout for the sentinels or the cluster to answer. */
    private RedisClients.Connected connected() {
        RedisClients.Connected c = connected;
        if (c != null) {
            return c;
        }
        CompletableFuture<RedisClients.Connected> made;
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("closed");
            }
            if (connected != null) {
                return connected;
            }
            if (connecting == null) {
                startConnecting();
            }
            made = connecting;
        }
        try {
            return made.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new JedisConnectionException("no answer from the " + (target.mode() == RedisTarget.Mode.SENTINEL
                    ? "sentinels" : "nodes") + " within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }

    /** Asks the sentinels or the cluster on a thread of its own; the caller holds {@link #lock}. */
    private void startConnecting() {
        CompletableFuture<RedisClients.Connected> attempt = CompletableFuture.supplyAsync(
                () -> RedisClients.connect(target, timeout, poolSize), CONNECTING);
        connecting = attempt;
        attempt.whenComplete((client, failure) -> made(attempt, client));
    }

    private void made(CompletableFuture<RedisClients.Connected> attempt, RedisClients.Connected client) {
        boolean closeIt;
        synchronized (lock) {
            if (connecting == attempt) {
                connecting = null;
            }
            closeIt = client != null && closed;
            if (client != null && !closed) {
                connected = client;
            }
        }
        if (closeIt) {
            client.close();
        }
    }

    /**
     * Waits until the first client is made or could not be made (the sentinels or the nodes answered, or refused),
     * at most {@code max}: at startup, so the first calls do not pay for it. True when there is a client.
     */
    public boolean awaitConnected(Duration max) {
        CompletableFuture<RedisClients.Connected> made;
        synchronized (lock) {
            made = connecting;
        }
        if (made != null) {
            try {
                made.get(max.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return connected != null;
    }

    /** True when Redis answers PING within the timeout (in Cluster mode: every master). */
    public boolean ping() {
        try {
            return "PONG".equalsIgnoreCase(execute(UnifiedJedis::ping));
        } catch (RedisUnavailableException e) {
            return false;
        }
    }

    /** Idle connections in the pools (for tests: after a connection failure there are none to fail again). */
    int idleConnections() {
        RedisClients.Connected c = connected;
        return c == null ? 0 : c.idle();
    }

    /** Where Redis is, without any password: the URL, {@code sentinel <master> via ...} or {@code cluster ...}. */
    public String target() {
        return target.describe();
    }

    /** Sentinel mode: the master in use now ({@code host:port}); null in the other modes or before the first call. */
    public String currentMaster() {
        RedisClients.Connected c = connected;
        HostAndPort master = c == null ? null : c.master();
        return master == null ? null : master.toString();
    }

    /** {@code url}, {@code sentinel} or {@code cluster}. */
    public String mode() {
        return target.mode().name().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public void close() {
        RedisClients.Connected c;
        synchronized (lock) {
            closed = true;
            c = connected;
            connected = null;
        }
        if (c != null) {
            c.close();
        }
    }
}
