package io.llmfailover.router.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.llmfailover.router.alerts.AlertDedup;
import io.llmfailover.router.redis.RedisStore;
import io.llmfailover.router.support.TestRedis;
import org.junit.jupiter.api.Test;

/**
 * Redis restarted empty in the middle of the day (a real redis-server without persistence, stopped and started):
 * the Gemini quota is not handed out again from 0, and an alert mark is not lost. Two instances share the Redis, as
 * two routers do.
 */
class QuotaSurvivesRedisLossTest {

    private static final Clock UTC = Clock.systemUTC();
    private static final int QUOTA = 10;

    /** Calls until one is granted (the first calls after a restart may find the pool's old connections broken). */
    private static QuotaDecision grant(RedisQuotaGate gate) {
        List<QuotaDecision> seen = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            QuotaDecision d = gate.tryAcquire();
            seen.add(d);
            return !d.gateError();
        });
        return seen.get(seen.size() - 1);
    }

    /** Grants until the gate refuses; how many it granted. */
    private static int drain(RedisQuotaGate first, RedisQuotaGate second) {
        int granted = 0;
        for (int i = 0; i < 100; i++) {
            RedisQuotaGate gate = i % 2 == 0 ? first : second;
            QuotaDecision d = grant(gate);
            if (!d.allowed()) {
                return granted;
            }
            granted++;
        }
        throw new AssertionError("the quota never ran out");
    }

    @Test
    void aRestartedEmptyRedisGetsTodaysCountBackFromTheInstanceThatSawIt() {
        try (TestRedis redis = TestRedis.embedded();
                RedisStore storeA = new RedisStore(redis.url(), Duration.ofMillis(500), 4);
                RedisStore storeB = new RedisStore(redis.url(), Duration.ofMillis(500), 4)) {
            String prefix = TestRedis.uniquePrefix();
            RedisQuotaGate a = new RedisQuotaGate(storeA, prefix, QUOTA, UTC);
            RedisQuotaGate b = new RedisQuotaGate(storeB, prefix, QUOTA, UTC);
            for (int i = 0; i < 3; i++) {
                assertThat(grant(b).allowed()).isTrue();
            }
            for (int i = 0; i < 4; i++) {
                assertThat(grant(a).allowed()).isTrue();
            }
            assertThat(a.highestSeen()).isEqualTo(7);
            assertThat(b.highestSeen()).isEqualTo(3);

            redis.stop();
            redis.start();

            // the instance that saw the highest count checks first: the counter goes on from 7, and exactly the
            // day's quota is granted in all (without the floor, 10 more would be)
            QuotaDecision next = grant(a);
            assertThat(next.allowed()).isTrue();
            assertThat(next.count()).isEqualTo(8);
            assertThat(7 + 1 + drain(b, a)).isEqualTo(QUOTA);
            assertThat(b.peek().count()).isEqualTo(QUOTA);
        }
    }

    @Test
    void whatCanStillBeOverIssuedIsWhatOtherInstancesGetBeforeTheOneThatSawMostChecksAgain() {
        try (TestRedis redis = TestRedis.embedded();
                RedisStore storeA = new RedisStore(redis.url(), Duration.ofMillis(500), 4);
                RedisStore storeB = new RedisStore(redis.url(), Duration.ofMillis(500), 4)) {
            String prefix = TestRedis.uniquePrefix();
            RedisQuotaGate a = new RedisQuotaGate(storeA, prefix, QUOTA, UTC);
            RedisQuotaGate b = new RedisQuotaGate(storeB, prefix, QUOTA, UTC);
            for (int i = 0; i < 6; i++) {
                grant(i % 2 == 0 ? b : a); // b sees 1, 3, 5; a sees 2, 4, 6
            }
            redis.stop();
            redis.start();

            // b checks twice before a does: it raises the counter to 5 (the most it saw) and is granted 6 and 7; a
            // then finds 7, above its 6, and goes on. Of b's two grants before a checked again (the bound), one
            // repeats a number a had already been granted: one call over the quota
            int before = 6;
            assertThat(grant(b).count()).isEqualTo(6);
            assertThat(grant(b).count()).isEqualTo(7);
            int after = 2 + drain(a, b);
            assertThat(before + after).isEqualTo(QUOTA + 1);
            assertThat(a.peek().count()).isEqualTo(QUOTA);
        }
    }

    @Test
    void anAlertMarkLostWithRedisIsPutBackSoTheAlertDoesNotGoOutTwice() {
        try (TestRedis redis = TestRedis.embedded();
                RedisStore storeA = new RedisStore(redis.url(), Duration.ofMillis(500), 4);
                RedisStore storeB = new RedisStore(redis.url(), Duration.ofMillis(500), 4)) {
            String prefix = TestRedis.uniquePrefix();
            AlertDedup a = new AlertDedup(storeA, prefix);
            AlertDedup b = new AlertDedup(storeB, prefix);
            assertThat(a.firstInWindow("ollama-recovered", Duration.ofMinutes(10))).isTrue();
            assertThat(b.firstInWindow("ollama-recovered", Duration.ofMinutes(10))).isFalse();

            redis.stop();
            redis.start();
            // what the shared-state route does every llm.redis.check-interval; the first try may meet a broken
            // pooled connection
            await().atMost(Duration.ofSeconds(10)).until(() -> a.reassert() == 1);

            try (RedisStore storeC = new RedisStore(redis.url(), Duration.ofMillis(500), 4)) {
                assertThat(new AlertDedup(storeC, prefix).firstInWindow("ollama-recovered", Duration.ofMinutes(10)))
                        .as("an instance that never saw the mark finds it back").isFalse();
            }
            assertThat(a.reassert()).as("nothing to put back while the mark is there").isZero();
        }
    }
}
