package io.llmfailover.router.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.llmfailover.router.redis.RedisStore;
import io.llmfailover.router.support.FreePorts;
import io.llmfailover.router.support.TestRedis;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** The Gemini quota gate against a real redis-server (embedded-redis, or REDIS_URL). */
class RedisQuotaGateTest {

    private static final Clock UTC = Clock.systemUTC();

    @Test
    void exactUnderTwoInstancesWithEightThreadsEach() throws Exception {
        TestRedis redis = TestRedis.shared();
        String prefix = TestRedis.uniquePrefix();
        int quota = 500;
        int threadsPerInstance = 8;
        int attemptsPerThread = 150; // 2 x 8 x 150 = 2,400 attempts for 500 slots
        try (RedisStore storeA = new RedisStore(redis.url(), Duration.ofSeconds(2), 8);
                RedisStore storeB = new RedisStore(redis.url(), Duration.ofSeconds(2), 8)) {
            List<RedisQuotaGate> instances = List.of(
                    new RedisQuotaGate(storeA, prefix, quota, UTC), new RedisQuotaGate(storeB, prefix, quota, UTC));
            AtomicLong allowed = new AtomicLong();
            AtomicLong denied = new AtomicLong();
            ExecutorService pool = Executors.newFixedThreadPool(threadsPerInstance * 2);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (RedisQuotaGate gate : instances) {
                for (int t = 0; t < threadsPerInstance; t++) {
                    futures.add(pool.submit(() -> {
                        go.await();
                        for (int i = 0; i < attemptsPerThread; i++) {
                            QuotaDecision d = gate.tryAcquire();
                            assertThat(d.gateError()).isFalse();
                            (d.allowed() ? allowed : denied).incrementAndGet();
                        }
                        return null;
                    }));
                }
            }
            long start = System.nanoTime();
            go.countDown();
            for (Future<?> f : futures) {
                f.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            pool.shutdown();
            int attempts = 2 * threadsPerInstance * attemptsPerThread;
            System.out.printf("quota exactness: %d attempts, %d allowed, quota %d; %.0f tryAcquire/s%n",
                    attempts, allowed.get(), quota, attempts / seconds);
            assertThat(allowed.get()).isEqualTo(quota);
            assertThat(denied.get()).isEqualTo(attempts - quota);
            try (Jedis jedis = redis.client()) {
                assertThat(jedis.get(instances.get(0).todayKey())).isEqualTo("500");
            }
            assertThat(instances.get(1).peek()).isEqualTo(new QuotaSnapshot(500, 500, false, null));
            QuotaDecision last = instances.get(0).tryAcquire();
            assertThat(last.allowed()).isFalse();
            assertThat(last.reason()).isEqualTo("gemini daily quota reached (500/500)");
        }
    }

    @Test
    void keyIsPrefixedAndDatedInTheQuotaZoneAndItsTtlIsSetOnce() {
        TestRedis redis = TestRedis.shared();
        String prefix = TestRedis.uniquePrefix();
        // 20:00 UTC on 26 Nov is already 27 Nov in Tokyo
        Clock tokyo = Clock.fixed(Instant.parse("2026-11-26T20:00:00Z"), ZoneId.of("Asia/Tokyo"));
        try (RedisStore store = new RedisStore(redis.url(), Duration.ofSeconds(2), 4); Jedis jedis = redis.client()) {
            RedisQuotaGate gate = new RedisQuotaGate(store, prefix, 100, tokyo);
            String key = prefix + "gemini:calls:2026-11-27";
            assertThat(gate.todayKey()).isEqualTo(key);
            assertThat(gate.tryAcquire().allowed()).isTrue();
            long ttl = jedis.ttl(key);
            // until midnight in Tokyo (19 h) plus an hour of slack
            assertThat(ttl).isBetween(19L * 3600, 20L * 3600);
            jedis.expire(key, 100);
            for (int i = 0; i < 10; i++) {
                assertThat(gate.tryAcquire().allowed()).isTrue();
            }
            assertThat(jedis.ttl(key)).isBetween(1L, 100L);
            assertThat(jedis.get(key)).isEqualTo("11");
        }
    }

    @Test
    void peekNeverCounts() {
        TestRedis redis = TestRedis.shared();
        try (RedisStore store = new RedisStore(redis.url(), Duration.ofSeconds(2), 4)) {
            RedisQuotaGate gate = new RedisQuotaGate(store, TestRedis.uniquePrefix(), 2, UTC);
            assertThat(gate.peek()).isEqualTo(new QuotaSnapshot(0, 2, true, null));
            gate.tryAcquire();
            for (int i = 0; i < 100; i++) {
                assertThat(gate.peek().count()).isEqualTo(1);
            }
            gate.tryAcquire();
            assertThat(gate.peek()).isEqualTo(new QuotaSnapshot(2, 2, false, null));
            assertThat(gate.peek().unavailableReason()).isEqualTo("gemini daily quota reached (2/2)");
        }
    }

    @Test
    void zeroQuotaDeniesEverything() {
        try (RedisStore store = new RedisStore(TestRedis.shared().url(), Duration.ofSeconds(2), 4)) {
            RedisQuotaGate gate = new RedisQuotaGate(store, TestRedis.uniquePrefix(), 0, UTC);
            QuotaDecision d = gate.tryAcquire();
            assertThat(d.allowed()).isFalse();
            assertThat(d.count()).isZero();
            assertThat(gate.peek().count()).isZero();
        }
    }

    @Test
    void failsClosedWhenRedisStopsMidRunAndRecoversWhenItReturns() throws Exception {
        try (TestRedis redis = TestRedis.embedded();
                RedisStore store = new RedisStore(redis.url(), Duration.ofMillis(300), 8)) {
            RedisQuotaGate gate = new RedisQuotaGate(store, TestRedis.uniquePrefix(), 1_000_000, UTC);
            AtomicBoolean stopped = new AtomicBoolean();
            AtomicLong allowedAfterStop = new AtomicLong();
            AtomicLong deniedAfterStop = new AtomicLong();
            AtomicLong allowedBeforeStop = new AtomicLong();
            AtomicLong thrown = new AtomicLong();
            AtomicBoolean run = new AtomicBoolean(true);
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<?>> futures = new ArrayList<>();
            List<String> reasons = java.util.Collections.synchronizedList(new ArrayList<>());
            for (int t = 0; t < 8; t++) {
                futures.add(pool.submit(() -> {
                    while (run.get()) {
                        boolean wasStopped = stopped.get();
                        QuotaDecision d;
                        try {
                            d = gate.tryAcquire();
                        } catch (RuntimeException e) {
                            thrown.incrementAndGet();
                            continue;
                        }
                        if (wasStopped) {
                            if (d.allowed()) {
                                allowedAfterStop.incrementAndGet();
                            } else {
                                deniedAfterStop.incrementAndGet();
                                reasons.add(d.reason());
                            }
                        } else if (d.allowed()) {
                            allowedBeforeStop.incrementAndGet();
                        }
                    }
                }));
            }
            await().until(() -> allowedBeforeStop.get() > 200);
            redis.stop();
            stopped.set(true);
            await().until(() -> deniedAfterStop.get() > 20);
            run.set(false);
            for (Future<?> f : futures) {
                f.get();
            }
            pool.shutdown();
            assertThat(thrown.get()).as("tryAcquire never throws").isZero();
            assertThat(allowedAfterStop.get()).as("no call allowed once redis is down").isZero();
            assertThat(reasons).allSatisfy(r -> assertThat(r).startsWith("gemini quota gate failed closed (redis redis://127.0.0.1:"));
            QuotaDecision down = gate.tryAcquire();
            assertThat(down.gateError()).isTrue();
            assertThat(gate.peek().available()).isFalse();
            assertThat(gate.peek().error()).contains("unavailable");

            redis.start();
            // a restarted server lost its script cache and its counter: the gate reloads the script by itself
            await().atMost(Duration.ofSeconds(10)).until(() -> gate.tryAcquire().allowed());
        }
    }

    @Test
    void aHungRedisCostsOneTimeoutNotOnePerCall() throws Exception {
        // a server that accepts connections and never answers
        try (java.net.ServerSocket hung = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
                RedisStore store = new RedisStore("redis://127.0.0.1:" + hung.getLocalPort(), Duration.ofMillis(300), 4)) {
            Thread acceptor = new Thread(() -> {
                List<java.net.Socket> held = new ArrayList<>();
                try {
                    while (!hung.isClosed()) {
                        held.add(hung.accept());
                    }
                } catch (java.io.IOException closed) {
                    // test over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            RedisQuotaGate gate = new RedisQuotaGate(store, "hung:", 10, UTC);
            long start = System.nanoTime();
            for (int i = 0; i < 50; i++) {
                QuotaSnapshot s = gate.peek();
                assertThat(s.available()).isFalse();
                assertThat(s.error()).contains("unavailable");
            }
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            // without failing fast this is 50 x 300 ms = 15 s
            assertThat(tookMs).isLessThan(3_000);
            assertThat(gate.tryAcquire().gateError()).isTrue();
        }
    }

    @Test
    void errorsNeverShowTheRedisPassword() {
        int closed = FreePorts.next();
        try (RedisStore store = new RedisStore("redis://router:s3cr3t-pw@127.0.0.1:" + closed, Duration.ofMillis(200), 2)) {
            RedisQuotaGate gate = new RedisQuotaGate(store, "x:", 10, UTC);
            QuotaDecision d = gate.tryAcquire();
            assertThat(d.allowed()).isFalse();
            assertThat(d.gateError()).isTrue();
            assertThat(d.reason()).contains("redis://router:***@127.0.0.1:" + closed).doesNotContain("s3cr3t-pw");
            assertThat(gate.peek().error()).doesNotContain("s3cr3t-pw");
        }
    }
}
