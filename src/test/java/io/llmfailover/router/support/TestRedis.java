package io.llmfailover.router.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.UUID;

import redis.clients.jedis.Jedis;
import redis.embedded.RedisServer;

/**
 * A real redis-server for tests: the binary embedded-redis ships, started on a free loopback port, or the server
 * named by the REDIS_URL environment variable. Each test takes its own key prefix, so tests never see each
 * other's keys.
 */
public final class TestRedis implements AutoCloseable {

    private static TestRedis shared;

    private final RedisServer server;
    private final String url;

    private TestRedis(RedisServer server, String url) {
        this.server = server;
        this.url = url;
    }

    /** The JVM-wide server: REDIS_URL when set, otherwise one embedded redis-server for the whole test run. */
    public static synchronized TestRedis shared() {
        if (shared == null) {
            String external = System.getenv("REDIS_URL");
            shared = external != null && !external.isBlank() ? new TestRedis(null, external) : embedded();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
        }
        return shared;
    }

    /** A server of this test's own, always embedded, so the test may stop and restart it. */
    public static TestRedis embedded() {
        int port = FreePorts.next();
        try {
            RedisServer server = RedisServer.newRedisServer().bind("127.0.0.1").port(port)
                    .setting("save \"\"").setting("appendonly no").build();
            server.start();
            return new TestRedis(server, "redis://127.0.0.1:" + port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url() {
        return url;
    }

    /** A fresh key prefix for one test. */
    public static String uniquePrefix() {
        return "test-" + UUID.randomUUID().toString().substring(0, 8) + ":";
    }

    public Jedis client() {
        return new Jedis(URI.create(url));
    }

    public void stop() {
        try {
            server.stop();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void start() {
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (server != null && server.isActive()) {
            stop();
        }
    }
}
