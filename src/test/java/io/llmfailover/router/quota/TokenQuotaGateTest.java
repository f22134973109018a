package io.llmfailover.router.quota;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import io.llmfailover.router.redis.RedisStore;
import io.llmfailover.router.support.FreePorts;
import io.llmfailover.router.support.TestRedis;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** The token gate's scripts against a real redis-server, and the in-memory gate. */
class TokenQuotaGateTest {

    private static final Clock UTC = Clock.systemUTC();

    @Test
    void reservesAtomicallyAndSettlesExactlyUnderTwoInstances() throws Exception {
        TestRedis redis = TestRedis.shared();
        String prefix = TestRedis.uniquePrefix();
        long quota = 10_000;
        try (RedisStore a = new RedisStore(redis.url(), Duration.ofSeconds(2), 8);
                RedisStore b = new RedisStore(redis.url(), Duration.ofSeconds(2), 8)) {
            List<RedisTokenGate> gates = List.of(new RedisTokenGate(a, "claude", prefix, quota, UTC),
                    new RedisTokenGate(b, "claude", prefix, quota, UTC));
            ExecutorService pool = Executors.newFixedThreadPool(12);
            CountDownLatch go = new CountDownLatch(1);
            AtomicLong used = new AtomicLong();
            AtomicLong maxSeen = new AtomicLong();
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 12; t++) {
                RedisTokenGate gate = gates.get(t % 2);
                futures.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < 100; i++) {
                        QuotaDecision d = gate.reserve(150, 10);
                        if (d.allowed()) {
                            maxSeen.accumulateAndGet(d.count(), Math::max);
                            // answers of 40 to 140 tokens: always within the reservation
                            long u = 40 + (i % 3) * 50;
                            used.addAndGet(u);
                            d.reservation().settle(u);
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : futures) {
                f.get();
            }
            pool.shutdown();
            // no answer used more than it reserved: the count never passed the quota, and equals what was used
            assertThat(maxSeen.get()).isLessThanOrEqualTo(quota);
            assertThat(gates.get(0).peek().count()).isEqualTo(used.get());
            assertThat(used.get()).isGreaterThan(quota - 150 * 12 - 150);
            assertThat(gates.get(1).reserve(150, 10).allowed()).isFalse();
        }
    }

    @Test
    void anAnswerOverItsReservationIsAddedAndAGiveBackNeverGoesBelowZero() throws Exception {
        TestRedis redis = TestRedis.shared();
        try (RedisStore store = new RedisStore(redis.url(), Duration.ofSeconds(2), 4); Jedis jedis = redis.client()) {
            RedisTokenGate gate = new RedisTokenGate(store, "claude", TestRedis.uniquePrefix(), 1000, UTC);
            QuotaDecision first = gate.reserve(100, 20);
            assertThat(first.allowed()).isTrue();
            assertThat(first.count()).isEqualTo(100);
            first.reservation().settle(130); // the provider went past max_tokens: 30 more are counted
            assertThat(gate.peek().count()).isEqualTo(130);
            first.reservation().settle(0); // only the first settlement counts
            assertThat(gate.peek().count()).isEqualTo(130);

            QuotaDecision refused = gate.reserve(900, 20);
            assertThat(refused.allowed()).isFalse();
            assertThat(refused.reason()).isEqualTo("claude daily token quota reached (130+900 > 1000)");
            assertThat(refused.tokens()).isTrue();
            assertThat(gate.peek().count()).isEqualTo(130);

            QuotaDecision second = gate.reserve(500, 20);
            assertThat(second.count()).isEqualTo(630);
            jedis.del(gate.todayKey()); // Redis lost the hash; the give-back finds nothing to give back from
            second.reservation().release();
            assertThat(gate.peek().count()).isZero();
        }
    }

    @Test
    void theCountSurvivesRedisLosingTheHash() throws Exception {
        TestRedis redis = TestRedis.shared();
        try (RedisStore store = new RedisStore(redis.url(), Duration.ofSeconds(2), 4); Jedis jedis = redis.client()) {
            RedisTokenGate gate = new RedisTokenGate(store, "claude", TestRedis.uniquePrefix(), 1000, UTC);
            gate.reserve(300, 0).reservation().settle(200);
            gate.reserve(300, 0).reservation().settle(300);
            assertThat(gate.peek().count()).isEqualTo(500);
            jedis.del(gate.todayKey());
            assertThat(gate.peek().count()).isZero();
            // the next reservation first puts back the totals this instance saw
            QuotaDecision d = gate.reserve(100, 0);
            assertThat(d.count()).isEqualTo(600);
            assertThat(gate.reserve(401, 0).allowed()).isFalse();
        }
    }

    @Test
    void failsClosedWhenRedisIsDown() throws Exception {
        try (RedisStore store = new RedisStore("redis://127.0.0.1:" + FreePorts.next(), Duration.ofMillis(200), 2)) {
            RedisTokenGate gate = new RedisTokenGate(store, "claude", "t:", 1000, UTC);
            QuotaDecision d = gate.reserve(10, 1);
            assertThat(d.allowed()).isFalse();
            assertThat(d.gateError()).isTrue();
            assertThat(d.reason()).startsWith("claude token quota gate failed closed (");
            assertThat(gate.peek().available()).isFalse();
            assertThat(gate.peek().count()).isEqualTo(-1);
        }
    }

    @Test
    void inMemoryReservesSettlesAndRefuses() throws Exception {
        TokenQuotaGate gate = new TokenQuotaGate.InMemory("claude", 1000, UTC);
        ConcurrentLinkedQueue<TokenReservation> held = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            futures.add(pool.submit(() -> {
                for (int i = 0; i < 50; i++) {
                    QuotaDecision d = gate.reserve(30, 5);
                    if (d.allowed()) {
                        held.add(d.reservation());
                    }
                }
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        assertThat(held).hasSize(33);
        assertThat(gate.peek().count()).isEqualTo(990);
        held.forEach(r -> r.settle(10));
        assertThat(gate.peek().count()).isEqualTo(330);
        gate.setQuota(340);
        assertThat(gate.reserve(10, 0).allowed()).isTrue();
        assertThat(gate.reserve(1, 0).allowed()).isFalse();
    }
}
