package io.llmfailover.router.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;

import io.llmfailover.router.support.FreePorts;
import io.llmfailover.router.support.TestRedis;
import org.junit.jupiter.api.Test;

/**
 * The Redis store against a real redis-server that restarts: it is used again as soon as Redis is back. And in
 * Sentinel and Cluster mode against nodes that do not answer: a call still fails within the timeout, saying where
 * Redis is and never the password.
 */
class RedisStoreTest {

    /** Sockets that accept connections and never answer, like a hung or firewalled host. */
    private static List<java.net.ServerSocket> hungNodes(int n) throws Exception {
        List<java.net.ServerSocket> nodes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            nodes.add(new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress()));
        }
        return nodes;
    }

    private static List<String> hostPorts(List<java.net.ServerSocket> nodes) {
        return nodes.stream().map(s -> "127.0.0.1:" + s.getLocalPort()).toList();
    }

    @Test
    void hungSentinelsFailACallWithinTheTimeoutNotOncePerSentinel() throws Exception {
        List<java.net.ServerSocket> sentinels = hungNodes(3);
        RedisTarget target = RedisTarget.sentinel("llmmaster", hostPorts(sentinels), "sentinel-pw-1", null,
                "data-pw-2", 0, false);
        try (RedisStore store = new RedisStore(target, Duration.ofMillis(300), 4)) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> store.execute(j -> j.get("k"))).isInstanceOf(RedisUnavailableException.class)
                    .hasMessageStartingWith("redis sentinel llmmaster via " + String.join(",", hostPorts(sentinels))
                            + " unavailable (").hasMessageNotContainingAny("sentinel-pw-1", "data-pw-2");
            // asking three hung sentinels takes 3 x 300 ms; the call waits for it at most 300 ms
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(800));
            // and the calls after it fail at once for the pause
            long again = System.nanoTime();
            assertThatThrownBy(() -> store.execute(j -> j.get("k"))).isInstanceOf(RedisUnavailableException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - again)).isLessThan(Duration.ofMillis(100));
        } finally {
            for (java.net.ServerSocket s : sentinels) {
                s.close();
            }
        }
    }

    @Test
    void clusterNodesThatRefuseFailACallAtOnceNamingTheNodesNotThePassword() {
        List<String> nodes = List.of("127.0.0.1:" + FreePorts.next(), "127.0.0.1:" + FreePorts.next());
        try (RedisStore store = new RedisStore(RedisTarget.cluster(nodes, "router", "cluster-pw-3", false),
                Duration.ofMillis(300), 4)) {
            assertThat(store.ping()).isFalse();
            assertThatThrownBy(() -> store.execute(j -> j.get("k"))).isInstanceOf(RedisUnavailableException.class)
                    .hasMessageStartingWith("redis cluster " + String.join(",", nodes) + " unavailable (")
                    .hasMessageNotContaining("cluster-pw-3");
            assertThat(store.target()).isEqualTo("cluster " + String.join(",", nodes));
        }
    }

    @Test
    void aRestartLeavesNoDeadConnectionInThePool() throws Exception {
        try (TestRedis redis = TestRedis.embedded();
                RedisStore store = new RedisStore(redis.url(), Duration.ofMillis(200), 8)) {
            // eight callers at once, each holding its connection for half a second (a blocking pop on an empty
            // list): eight pooled connections
            CyclicBarrier together = new CyclicBarrier(8);
            java.util.concurrent.ExecutorService callers = java.util.concurrent.Executors.newFixedThreadPool(8);
            List<CompletableFuture<Object>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                calls.add(CompletableFuture.supplyAsync(() -> store.execute(j -> {
                    try {
                        together.await();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    return j.blpop(0.5, "no-such-list");
                }), callers));
            }
            for (CompletableFuture<Object> c : calls) {
                assertThat(c.get()).as("nothing to pop").isNull();
            }
            callers.shutdown();
            assertThat(store.idleConnections()).isEqualTo(8);

            redis.stop();
            redis.start();

            // the first call meets a connection that died with the old server
            assertThatThrownBy(() -> store.execute(j -> j.ping())).isInstanceOf(RedisUnavailableException.class)
                    .hasMessageContaining("unavailable");
            // and none of the other seven is left to fail the next calls one by one
            assertThat(store.idleConnections()).isZero();
            await().atMost(Duration.ofSeconds(5)).until(store::ping);
        }
    }
}
