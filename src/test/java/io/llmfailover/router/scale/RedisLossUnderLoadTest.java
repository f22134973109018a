package io.llmfailover.router.scale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.llmfailover.router.chat.ChatResponse;
import io.llmfailover.router.quota.GeminiQuotaGate;
import io.llmfailover.router.support.RouterInstance;
import io.llmfailover.router.support.TestRedis;
import io.llmfailover.router.support.Upstreams;
import org.junit.jupiter.api.Test;

/**
 * Redis restarted empty in the middle of the day while two router instances send Gemini prompts at concurrency 32
 * (README, "The Gemini quota gate"): no prompt is lost (while Redis is down the gate fails closed and NVIDIA answers),
 * and the day's Gemini calls exceed the quota by no more than the documented bound: the calls granted between the
 * loss and the next check of the instance that saw the highest count, which under load is at most the prompts in
 * flight, not the quota again (without the floor it would be the quota again). A check that Redis counted as it went
 * down but whose answer was lost denies its call: the day may end a few calls short, never over the bound.
 */
class RedisLossUnderLoadTest {

    private static final int QUOTA = 100;
    private static final int THREADS = 32;

    @Test
    void aRedisRestartedEmptyUnderLoadOverIssuesAtMostThePromptsInFlight() throws Exception {
        try (TestRedis redis = TestRedis.embedded(); Upstreams up = new Upstreams().allHealthy()) {
            Map<String, String> props = new HashMap<>(up.routerProperties());
            props.put("llm.redis.url", redis.url());
            props.put("llm.redis.key-prefix", TestRedis.uniquePrefix());
            props.put("llm.routing.healthy", "gemini,nemotron");
            props.put("llm.gemini.daily-quota", Integer.toString(QUOTA));
            props.put("llm.redis.timeout", "200ms");
            Map<String, String> a = new HashMap<>(props);
            a.put("llm.instance-id", "router-a");
            Map<String, String> b = new HashMap<>(props);
            b.put("llm.instance-id", "router-b");
            ExecutorService load = Executors.newFixedThreadPool(THREADS);
            try (RouterInstance routerA = RouterInstance.startProbed(a); RouterInstance routerB = RouterInstance.startProbed(b)) {
                List<RouterInstance> both = List.of(routerA, routerB);
                AtomicBoolean stop = new AtomicBoolean();
                AtomicInteger answered = new AtomicInteger();
                Map<String, AtomicInteger> byProvider = new ConcurrentHashMap<>();
                List<Future<?>> workers = new java.util.ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    RouterInstance r = both.get(t % 2);
                    workers.add(load.submit(() -> {
                        while (!stop.get()) {
                            // a lost prompt throws here, and the worker's future fails the test below
                            ChatResponse answer = r.template().requestBody("direct:chat", "Hi", ChatResponse.class);
                            byProvider.computeIfAbsent(answer.provider(), k -> new AtomicInteger()).incrementAndGet();
                            answered.incrementAndGet();
                        }
                        return null;
                    }));
                }
                // half the day's quota spent under load, then Redis restarts empty (no persistence)
                await().atMost(Duration.ofSeconds(60)).until(() -> up.geminiCalls() >= QUOTA / 2);
                redis.stop();
                int beforeRestart = answered.get();
                redis.start();
                // the rest of the day: well past the quota (NVIDIA answers in Gemini's place)
                await().atMost(Duration.ofSeconds(60)).until(() -> answered.get() >= beforeRestart + 2 * QUOTA);
                stop.set(true);
                for (Future<?> w : workers) {
                    w.get();
                }
                int geminiCalls = up.geminiCalls();
                int overIssued = geminiCalls - QUOTA;
                System.out.printf("RedisLossUnderLoadTest: %d prompts answered (%s), Gemini called %d times against a "
                        + "quota of %d: %d over%n", answered.get(), byProvider, geminiCalls, QUOTA, overIssued);
                assertThat(byProvider.keySet()).containsOnly("gemini", "nemotron");
                // over: grants no instance had seen (bound: the prompts in flight); under: a check Redis counted as it
                // went down but whose answer never came back (denied, so never called: the gate fails closed)
                assertThat(overIssued).as("over-issue after the loss").isBetween(-THREADS, THREADS);
                assertThat(routerA.bean("geminiQuotaGate", GeminiQuotaGate.class).peek().count()).isEqualTo(QUOTA);
            } finally {
                load.shutdownNow();
            }
        }
    }
}
