package io.llmfailover.router.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmfailover.router.alerts.AlertDedup;
import io.llmfailover.router.core.HealthStatus;
import io.llmfailover.router.health.HealthCache;
import io.llmfailover.router.health.HealthReport;
import io.llmfailover.router.quota.GeminiQuotaGate;
import io.llmfailover.router.quota.RedisQuotaGate;
import io.llmfailover.router.support.LogCapture;
import io.llmfailover.router.support.OllamaStub;
import io.llmfailover.router.support.RedisClusterSet;
import io.llmfailover.router.support.RedisProcess;
import io.llmfailover.router.support.RouterInstance;
import io.llmfailover.router.support.TestRedis;
import io.llmfailover.router.support.Upstreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * A real three-master Redis Cluster (separate redis-server processes, 5,461 slots each): the quota gate, the alert
 * marks and the health cache of two instances work through it, each key on the master of its slot, and a router
 * configured with {@code llm.redis.cluster.nodes} answers through it.
 */
class RedisClusterTest {

    private static final String PASSWORD = "cluster-pw-never-shown";
    private static RedisClusterSet cluster;

    @BeforeAll
    static void startCluster() {
        long t0 = System.nanoTime();
        cluster = new RedisClusterSet(3, PASSWORD);
        System.out.printf("cluster of 3 masters formed in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    /** One instance's store, once it has read the cluster's slot map (a busy machine may take a few tries). */
    private static RedisStore store() {
        RedisStore store = new RedisStore(RedisTarget.cluster(List.of(cluster.nodes().split(",")), null, PASSWORD,
                false), Duration.ofMillis(500), 8);
        await().atMost(Duration.ofSeconds(20)).until(store::ping);
        return store;
    }

    @Test
    void twoInstancesShareTheQuotaTheAlertMarksAndTheHealthReportThroughTheCluster() throws Exception {
        String prefix = TestRedis.uniquePrefix();
        try (RedisStore a = store(); RedisStore b = store()) {
            RedisQuotaGate gateA = new RedisQuotaGate(a, prefix, 200, Clock.systemUTC());
            RedisQuotaGate gateB = new RedisQuotaGate(b, prefix, 200, Clock.systemUTC());
            // 2 instances x 6 threads, 600 attempts against a quota of 200: exactly 200 granted
            AtomicInteger granted = new AtomicInteger();
            AtomicInteger failedClosed = new AtomicInteger();
            ExecutorService threads = Executors.newFixedThreadPool(12);
            List<Future<?>> calls = new ArrayList<>();
            for (int i = 0; i < 600; i++) {
                RedisQuotaGate gate = i % 2 == 0 ? gateA : gateB;
                calls.add(threads.submit(() -> {
                    var d = gate.tryAcquire();
                    if (d.gateError()) {
                        System.out.println("failed closed: " + d.reason());
                    }
                    (d.allowed() ? granted : d.gateError() ? failedClosed : new AtomicInteger()).incrementAndGet();
                }));
            }
            for (Future<?> f : calls) {
                f.get();
            }
            threads.shutdown();
            assertThat(failedClosed.get()).isZero();
            assertThat(granted.get()).isEqualTo(200);
            String quotaKey = gateA.todayKey();
            RedisProcess holder = cluster.nodeOf(quotaKey);
            try (Jedis node = cluster.client(holder.port())) {
                assertThat(node.get(quotaKey)).as("the counter on the master of its slot").isEqualTo("200");
            }
            assertThat(gateB.peek().count()).isEqualTo(200);

            // one alert per window across the two instances
            AlertDedup dedupA = new AlertDedup(a, prefix);
            AlertDedup dedupB = new AlertDedup(b, prefix);
            assertThat(dedupA.firstInWindow("failover", Duration.ofMinutes(10))).isTrue();
            assertThat(dedupB.firstInWindow("failover", Duration.ofMinutes(10))).isFalse();

            // a report one instance writes, the other reads
            ObjectMapper json = new ObjectMapper();
            HealthCache cacheA = new HealthCache.Redis(a, json, prefix, "http://ollama:11434", Duration.ofMinutes(1));
            HealthCache cacheB = new HealthCache.Redis(b, json, prefix, "http://ollama:11434", Duration.ofMinutes(1));
            HealthReport report = new HealthReport(HealthStatus.SLOW, "slow: 3.1 tokens/s", 1800, 3.1,
                    java.time.OffsetDateTime.now().toString());
            cacheA.write(report);
            assertThat(cacheB.read()).contains(report);
            cacheB.clear();
            assertThat(cacheA.read()).isEmpty();
            System.out.printf("cluster keys: quota on :%d, alert on :%d, health on :%d%n", holder.port(),
                    cluster.nodeOf(prefix + "alert:failover").port(),
                    cluster.nodeOf(prefix + "health:http://ollama:11434").port());
        }
    }

    @Test
    void aRouterConfiguredWithTheClusterNodesCountsGeminiCallsInTheCluster() throws Exception {
        String prefix = TestRedis.uniquePrefix();
        try (LogCapture logs = new LogCapture(); Upstreams up = new Upstreams().allHealthy()) {
            Map<String, String> props = new HashMap<>(up.routerProperties());
            props.put("llm.redis.cluster.nodes", cluster.processes().get(1).hostPort());
            props.put("llm.redis.password", PASSWORD);
            props.put("llm.redis.key-prefix", prefix);
            props.put("llm.redis.timeout", "500ms");
            try (RouterInstance router = RouterInstance.startProbed(props)) {
                up.ollama.reset().tags(OllamaStub.MODEL).generateError(500, "an error was encountered while running the model");
                router.template().requestBody("direct:check-health", null, HealthReport.class);
                HttpResponse<String> answer = router.postJson("/v1/chat/completions",
                        "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
                assertThat(answer.statusCode()).isEqualTo(200);
                assertThat(answer.headers().firstValue("X-LLM-Provider")).hasValue("gemini");
                GeminiQuotaGate gate = router.bean("geminiQuotaGate", GeminiQuotaGate.class);
                try (Jedis node = cluster.client(cluster.nodeOf(gate.todayKey()).port())) {
                    assertThat(node.get(gate.todayKey())).isEqualTo("1");
                }
                HttpResponse<String> health = RouterInstance.send(HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + router.managementPort() + "/observe/health?data=true")).build());
                assertThat(health.body()).contains("\"name\":\"llm-redis\",\"status\":\"UP\"", "\"topology\":\"cluster\"")
                        .doesNotContain(PASSWORD);
                assertThat(router.get("/routing").body()).doesNotContain(PASSWORD);
            }
            await().until(() -> !logs.lines().isEmpty());
            assertThat(logs.lines()).noneMatch(l -> l.text().contains(PASSWORD))
                    .anyMatch(l -> l.text().startsWith("Redis cluster " + cluster.processes().get(1).hostPort()));
        }
    }
}
