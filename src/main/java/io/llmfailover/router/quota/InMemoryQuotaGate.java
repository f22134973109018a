package io.llmfailover.router.quota;

import java.time.Clock;
import java.time.LocalDate;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The quota gate of a single instance without Redis: one counter per day, in this JVM only. Exact for this
 * instance; several instances each count their own quota, which is why production runs use Redis.
 */
public final class InMemoryQuotaGate extends GeminiQuotaGate {

    private final AtomicReference<DayCount> current = new AtomicReference<>(new DayCount(LocalDate.MIN, 0));

    public InMemoryQuotaGate(long dailyQuota, Clock clock) {
        this("gemini", dailyQuota, clock);
    }

    public InMemoryQuotaGate(String provider, long dailyQuota, Clock clock) {
        super(provider, "", dailyQuota, clock);
    }

    @Override
    public QuotaDecision tryAcquire() {
        LocalDate today = today();
        long quota = quota();
        while (true) {
            DayCount before = current.get();
            long count = before.day.equals(today) ? before.count : 0;
            if (count >= quota) {
                return exhausted(count, quota);
            }
            if (current.compareAndSet(before, new DayCount(today, count + 1))) {
                return allowed(count + 1, quota);
            }
        }
    }

    @Override
    public QuotaSnapshot peek() {
        DayCount c = current.get();
        long count = c.day.equals(today()) ? c.count : 0;
        long quota = quota();
        return snapshot(count, quota, count < quota, null);
    }

    @Override
    public String mode() {
        return "in-memory";
    }

    private record DayCount(LocalDate day, long count) {
    }
}
