package io.llmfailover.router.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * A Redis Sentinel set of real processes on loopback: one master, one replica and three sentinels (quorum 2), the
 * master and the replica with a password, the sentinels with one of their own. Sentinel's timings are cut to
 * {@link #DOWN_AFTER_MS} and {@link #FAILOVER_TIMEOUT_MS} so a failover takes about two seconds rather than a minute.
 * {@link #close()} kills every process and deletes the folder.
 */
public final class RedisSentinelSet implements AutoCloseable {

    public static final String MASTER_NAME = "llmmaster";
    public static final long DOWN_AFTER_MS = 1000;
    public static final long FAILOVER_TIMEOUT_MS = 2000;

    private final Path dir;
    private final String password;
    private final String sentinelPassword;
    private final List<RedisProcess> servers = new ArrayList<>();
    private final List<RedisProcess> sentinels = new ArrayList<>();

    public RedisSentinelSet(String password, String sentinelPassword) {
        this.password = password;
        this.sentinelPassword = sentinelPassword;
        try {
            this.dir = Files.createTempDirectory("llm-redis-sentinel");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            start();
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    private void start() {
        int masterPort = FreePorts.next();
        String[] auth = {"requirepass " + password, "masterauth " + password};
        servers.add(RedisProcess.server(dir, masterPort, auth));
        int replicaPort = FreePorts.next();
        List<String> replica = new ArrayList<>(List.of(auth));
        replica.add("replicaof 127.0.0.1 " + masterPort);
        servers.add(RedisProcess.server(dir, replicaPort, replica.toArray(String[]::new)));
        // in sync before the sentinels start, so their first look at the master finds the replica
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> {
            try (Jedis r = data(replicaPort)) {
                return r.info("replication").contains("master_link_status:up");
            }
        });
        for (int i = 0; i < 3; i++) {
            sentinels.add(RedisProcess.sentinel(dir, FreePorts.next(), "requirepass " + sentinelPassword,
                    "sentinel monitor " + MASTER_NAME + " 127.0.0.1 " + masterPort + " 2",
                    "sentinel auth-pass " + MASTER_NAME + " " + password,
                    "sentinel down-after-milliseconds " + MASTER_NAME + " " + DOWN_AFTER_MS,
                    "sentinel failover-timeout " + MASTER_NAME + " " + FAILOVER_TIMEOUT_MS));
        }
        // ready for a failover: every sentinel knows the replica and the two other sentinels (they find each other
        // through the master's hello channel, every 2 s)
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50)).until(() -> {
            for (RedisProcess s : sentinels) {
                try (Jedis j = sentinel(s.port())) {
                    if (j.sentinelReplicas(MASTER_NAME).size() != 1 || j.sentinelSentinels(MASTER_NAME).size() != 2) {
                        return false;
                    }
                }
            }
            return true;
        });
    }

    /** {@code llm.redis.sentinel.nodes}. */
    public String sentinelNodes() {
        return sentinels.stream().map(RedisProcess::hostPort).collect(Collectors.joining(","));
    }

    /** The master as the sentinels name it now (asks each until one answers). */
    public HostAndPort master() {
        for (RedisProcess s : sentinels) {
            try (Jedis j = sentinel(s.port())) {
                List<String> addr = j.sentinelGetMasterAddrByName(MASTER_NAME);
                return new HostAndPort(addr.get(0), Integer.parseInt(addr.get(1)));
            } catch (RuntimeException e) {
                // the next sentinel
            }
        }
        throw new IllegalStateException("no sentinel answers");
    }

    /** The process of the master now. */
    public RedisProcess masterProcess() {
        int port = master().getPort();
        return servers.stream().filter(p -> p.port() == port).findFirst().orElseThrow();
    }

    /** A client of a data node (master or replica), with the password. */
    public Jedis data(int port) {
        return new Jedis(new HostAndPort("127.0.0.1", port), DefaultJedisClientConfig.builder().password(password)
                .timeoutMillis(2000).build());
    }

    private Jedis sentinel(int port) {
        return new Jedis(new HostAndPort("127.0.0.1", port), DefaultJedisClientConfig.builder()
                .password(sentinelPassword).timeoutMillis(2000).build());
    }

    /** What the sentinels logged (for a failing test's message). */
    public String sentinelLogs() {
        return sentinels.stream().map(RedisProcess::log).collect(Collectors.joining("\n---\n"));
    }

    @Override
    public void close() {
        sentinels.forEach(RedisProcess::close);
        servers.forEach(RedisProcess::close);
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp folder left behind is no failure
        }
    }
}
