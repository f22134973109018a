package io.llmfailover.router.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

/** The single-instance quota gate used when llm.redis.url is empty. */
class InMemoryQuotaGateTest {

    @Test
    void exactUnderSixteenThreads() throws Exception {
        InMemoryQuotaGate gate = new InMemoryQuotaGate(500, Clock.systemUTC());
        AtomicLong allowed = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
            futures.add(pool.submit(() -> {
                for (int i = 0; i < 1000; i++) {
                    if (gate.tryAcquire().allowed()) {
                        allowed.incrementAndGet();
                    }
                }
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        assertThat(allowed.get()).isEqualTo(500);
        assertThat(gate.peek()).isEqualTo(new QuotaSnapshot(500, 500, false, null));
        assertThat(gate.mode()).isEqualTo("in-memory");
    }

    @Test
    void aNewDayInTheQuotaZoneStartsFromZero() {
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-26T15:59:00Z"));
        ZoneId singapore = ZoneId.of("Asia/Singapore"); // midnight there is 16:00 UTC
        Clock clock = new Clock() {
            @Override
            public ZoneId getZone() {
                return singapore;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
        InMemoryQuotaGate gate = new InMemoryQuotaGate(2, clock);
        assertThat(gate.tryAcquire().allowed()).isTrue();
        assertThat(gate.tryAcquire().allowed()).isTrue();
        assertThat(gate.tryAcquire().allowed()).isFalse();
        now.set(Instant.parse("2026-11-26T16:00:01Z"));
        assertThat(gate.peek().count()).isZero();
        assertThat(gate.tryAcquire().count()).isEqualTo(1);
    }

    @Test
    void quotaCanChangeAtRuntimeButNotBelowZero() {
        InMemoryQuotaGate gate = new InMemoryQuotaGate(1, Clock.systemUTC());
        assertThat(gate.tryAcquire().allowed()).isTrue();
        assertThat(gate.tryAcquire().allowed()).isFalse();
        gate.setQuota(2);
        assertThat(gate.tryAcquire().allowed()).isTrue();
        assertThatThrownBy(() -> gate.setQuota(-1)).hasMessage("the Gemini daily quota must be >= 0, got -1");
        assertThat(gate.quota()).isEqualTo(2);
    }
}
