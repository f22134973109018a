package io.llmfailover.router.scale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmfailover.router.core.HealthStatus;
import io.llmfailover.router.health.HealthCache;
import io.llmfailover.router.health.HealthReport;
import io.llmfailover.router.health.OllamaHealth;
import io.llmfailover.router.support.OllamaStub;
import io.llmfailover.router.support.RouterInstance;
import io.llmfailover.router.support.TelegramStub;
import io.llmfailover.router.support.TestRedis;
import io.llmfailover.router.support.Upstreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Three router instances (separate CamelContexts, separate Redis pools) on one real redis-server, behind which the
 * same upstream fakes answer: the shared state holds.
 */
class ScaleOutTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static Upstreams up;
    static TelegramStub telegram;
    static TestRedis redis;
    static List<RouterInstance> routers = new ArrayList<>();
    static String prefix = TestRedis.uniquePrefix();

    @BeforeAll
    static void start() {
        up = new Upstreams().allHealthy();
        telegram = new TelegramStub();
        redis = TestRedis.embedded();
        for (String name : List.of("router-a", "router-b", "router-c")) {
            Map<String, String> props = new HashMap<>(up.routerProperties());
            props.putAll(telegram.routerProperties());
            props.put("llm.redis.url", redis.url());
            props.put("llm.redis.key-prefix", prefix);
            props.put("llm.redis.timeout", "300ms");
            props.put("llm.instance-id", name);
            props.put("llm.gemini.daily-quota", "100");
            routers.add(RouterInstance.start(props));
        }
        for (RouterInstance r : routers) {
            await().until(() -> r.bean("ollamaHealth", OllamaHealth.class).lastProbe() != null);
        }
    }

    @AfterAll
    static void stop() {
        routers.forEach(RouterInstance::close);
        up.close();
        telegram.close();
        redis.close();
    }

    private static void ollamaDownEverywhere() {
        up.ollama.reset().tags(OllamaStub.MODEL).generateError(500, "an error was encountered while running the model");
        for (RouterInstance r : routers) {
            assertThat(r.template().requestBody("direct:check-health", null, HealthReport.class).status())
                    .isEqualTo(HealthStatus.DEGRADED);
        }
    }

    /**
     * Leaves today's Gemini quota exactly 100 calls above today's count, on every instance. The count is the highest
     * any instance has seen (Redis may have lost it in an earlier test: each instance would put back what it saw), and
     * the shared counter is set to it first, so no instance raises it during the test.
     */
    private static void resetGeminiCounters() {
        long base = 0;
        for (RouterInstance r : routers) {
            io.llmfailover.router.quota.RedisQuotaGate gate = r.bean("geminiQuotaGate",
                    io.llmfailover.router.quota.RedisQuotaGate.class);
            base = Math.max(base, Math.max(gate.peek().count(), gate.highestSeen()));
        }
        try (var jedis = redis.client()) {
            jedis.set(routers.get(0).bean("geminiQuotaGate", io.llmfailover.router.quota.GeminiQuotaGate.class)
                    .todayKey(), Long.toString(base));
        }
        for (RouterInstance r : routers) {
            r.bean("geminiQuotaGate", io.llmfailover.router.quota.GeminiQuotaGate.class).setQuota(base + 100);
        }
    }

    private static HttpResponse<String> prompt(RouterInstance r, String text) {
        return RouterInstance.send(HttpRequest.newBuilder(URI.create(r.baseUrl() + "/v1/chat/completions"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\""
                        + text + "\"}]}")).build());
    }

    @Test
    void quotaIsExactAcrossInstancesUnderConcurrentLoadAndOneFailoverIsOneMessage() throws Exception {
        ollamaDownEverywhere();
        // three instances saw the failover; Telegram got one message
        await().until(() -> telegram.delivered("LLM failover").size() == 1);
        resetGeminiCounters();

        int geminiBefore = up.geminiCalls();
        int prompts = 400;
        AtomicInteger answered = new AtomicInteger();
        AtomicInteger byGemini = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(24);
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < prompts; i++) {
            RouterInstance r = routers.get(i % routers.size());
            int n = i;
            futures.add(pool.submit(() -> {
                HttpResponse<String> response = prompt(r, "prompt " + n);
                if (response.statusCode() == 200) {
                    answered.incrementAndGet();
                    if ("gemini".equals(response.headers().firstValue("X-LLM-Provider").orElse(""))) {
                        byGemini.incrementAndGet();
                    }
                }
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        int geminiCalls = up.geminiCalls() - geminiBefore;
        System.out.printf("scale-out quota: %d prompts over 3 instances, %d answered, Gemini called %d times, quota 100%n",
                prompts, answered.get(), geminiCalls);
        assertThat(answered.get()).isEqualTo(prompts);
        assertThat(geminiCalls).isEqualTo(100);
        assertThat(byGemini.get()).isEqualTo(100);
        assertThat(telegram.delivered("Gemini daily quota exhausted")).hasSizeLessThanOrEqualTo(1);
        await().until(() -> telegram.delivered("Gemini daily quota exhausted").size() == 1);
        assertThat(telegram.delivered("LLM failover")).hasSize(1);
    }

    @Test
    void aHealthReportCachedByOneInstanceIsVisibleToTheOthers() {
        up.ollama.reset().tags(OllamaStub.MODEL).generateError(503, "server busy, please try again.  maximum pending requests exceeded");
        HealthReport probed = routers.get(0).template().requestBody("direct:check-health", null, HealthReport.class);
        HealthReport seenByA = routers.get(0).bean("ollamaHealth", OllamaHealth.class).current();
        for (RouterInstance other : routers.subList(1, 3)) {
            HealthReport shared = other.bean("healthCache", HealthCache.class).read().orElseThrow();
            assertThat(shared).isEqualTo(seenByA);
            assertThat(shared.reason()).startsWith("server busy");
            assertThat(shared.checkedAt()).isEqualTo(probed.checkedAt());
        }
    }

    @Test
    void aRedisRestartFailsTheGateClosedAndItRecoversWithoutARouterRestart() throws Exception {
        ollamaDownEverywhere();
        RouterInstance r = routers.get(1);
        resetGeminiCounters();
        assertThat(prompt(r, "before").headers().firstValue("X-LLM-Provider")).hasValue("gemini");

        redis.stop();
        int geminiBefore = up.geminiCalls();
        for (int i = 0; i < 20; i++) {
            HttpResponse<String> response = prompt(r, "during " + i);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("X-LLM-Provider")).hasValue("nemotron");
        }
        assertThat(up.geminiCalls()).isEqualTo(geminiBefore);
        JsonNode decision = JSON.readTree(r.get("/routing").body());
        assertThat(decision.at("/reason").asText()).contains("gemini quota gate failed closed");
        HttpResponse<String> health = RouterInstance.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + r.managementPort() + "/observe/health?data=true")).build());
        assertThat(health.statusCode()).isEqualTo(503);
        assertThat(health.body()).contains("\"name\":\"llm-redis\",\"status\":\"DOWN\"");

        redis.start();
        await().atMost(Duration.ofSeconds(15)).until(() ->
                "gemini".equals(prompt(r, "after").headers().firstValue("X-LLM-Provider").orElse("")));
        assertThat(up.geminiCalls()).isGreaterThan(geminiBefore);
    }
}
