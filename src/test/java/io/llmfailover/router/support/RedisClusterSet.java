package io.llmfailover.router.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * A Redis Cluster of real processes on loopback: three masters, each serving a third of the 16384 slots, with a
 * password. Redis 6.2 has no CLUSTER ADDSLOTSRANGE and there is no redis-cli here, so the cluster is formed as
 * redis-cli would: CLUSTER ADDSLOTS on each node, then CLUSTER MEET. {@link #close()} kills every process.
 */
public final class RedisClusterSet implements AutoCloseable {

    private static final int SLOTS = 16384;

    private final Path dir;
    private final String password;
    private final List<RedisProcess> nodes = new ArrayList<>();

    public RedisClusterSet(int masters, String password) {
        this.password = password;
        try {
            this.dir = Files.createTempDirectory("llm-redis-cluster");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            start(masters);
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    private void start(int masters) {
        for (int i = 0; i < masters; i++) {
            int port = clusterPort();
            nodes.add(RedisProcess.server(dir, port, "cluster-enabled yes",
                    "cluster-config-file nodes-" + port + ".conf", "cluster-node-timeout 1000",
                    "requirepass " + password, "masterauth " + password));
        }
        for (int i = 0; i < masters; i++) {
            int from = SLOTS * i / masters;
            int to = SLOTS * (i + 1) / masters;
            try (Jedis j = client(nodes.get(i).port())) {
                j.clusterAddSlots(IntStream.range(from, to).toArray());
                for (RedisProcess other : nodes) {
                    if (other != nodes.get(i)) {
                        j.clusterMeet("127.0.0.1", other.port());
                    }
                }
            }
        }
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).until(() -> {
            for (RedisProcess n : nodes) {
                try (Jedis j = client(n.port())) {
                    String info = j.clusterInfo();
                    if (!info.contains("cluster_state:ok") || !info.contains("cluster_known_nodes:" + masters)) {
                        return false;
                    }
                }
            }
            return true;
        });
    }

    /** A free port whose cluster bus port (port + 10000) is free too. */
    private static int clusterPort() {
        for (int i = 0; i < 100; i++) {
            int port = FreePorts.next();
            if (port + 10000 > 65535) {
                continue;
            }
            try (ServerSocket bus = new ServerSocket(port + 10000, 1, InetAddress.getLoopbackAddress())) {
                return port;
            } catch (IOException e) {
                // taken: another one
            }
        }
        throw new IllegalStateException("no free port pair for a cluster node");
    }

    /** {@code llm.redis.cluster.nodes}: all the nodes (the router needs only one to find the others). */
    public String nodes() {
        return nodes.stream().map(RedisProcess::hostPort).collect(Collectors.joining(","));
    }

    public List<RedisProcess> processes() {
        return nodes;
    }

    /** The node that holds the key's slot (asks a node: CLUSTER KEYSLOT, then the slot ranges). */
    public RedisProcess nodeOf(String key) {
        try (Jedis j = client(nodes.get(0).port())) {
            long slot = j.clusterKeySlot(key);
            int i = (int) (slot * nodes.size() / SLOTS);
            while (SLOTS * i / nodes.size() > slot) {
                i--;
            }
            while (SLOTS * (i + 1) / nodes.size() <= slot) {
                i++;
            }
            return nodes.get(i);
        }
    }

    public Jedis client(int port) {
        return new Jedis(new HostAndPort("127.0.0.1", port), DefaultJedisClientConfig.builder().password(password)
                .timeoutMillis(2000).build());
    }

    @Override
    public void close() {
        nodes.forEach(RedisProcess::close);
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp folder left behind is no failure
        }
    }
}
