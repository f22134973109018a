package io.llmfailover.router.quota;

import java.time.Clock;
import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

import io.llmfailover.router.chat.Usage;

/**
 * What each provider's answers used, as the providers reported it (their usage), and what that cost at the configured
 * prices ({@code llm.providers.<id>.price-input} and {@code price-output}, per million tokens): tokens in and out
 * since start, and the spend of the quota day ({@code llm.quota.zone}). This instance's answers only (the metrics add
 * up across instances). An answer costs two adders, no allocation.
 */
public final class SpendLedger {

    private final Clock clock;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    public SpendLedger(Clock clock) {
        this.clock = clock;
    }

    /** One provider's totals. */
    public final class Entry {
        private final LongAdder in = new LongAdder();
        private final LongAdder out = new LongAdder();
        private final DoubleAdder today = new DoubleAdder();
        private volatile double priceInput;
        private volatile double priceOutput;
        private volatile long dayEndsAt = Long.MIN_VALUE;

        public long tokensIn() {
            return in.sum();
        }

        public long tokensOut() {
            return out.sum();
        }

        /** Spent today, in the currency of the prices. */
        public double spendToday() {
            roll();
            return today.sum();
        }

        public boolean priced() {
            return priceInput > 0 || priceOutput > 0;
        }

        void add(long prompt, long completion) {
            roll();
            in.add(prompt);
            out.add(completion);
            double cost = prompt * priceInput / 1e6 + completion * priceOutput / 1e6;
            if (cost > 0) {
                today.add(cost);
            }
        }

        private void roll() {
            if (clock.millis() >= dayEndsAt) {
                synchronized (this) {
                    long now = clock.millis();
                    if (now >= dayEndsAt) {
                        today.reset();
                        dayEndsAt = LocalDate.now(clock).plusDays(1).atStartOfDay(clock.getZone()).toInstant().toEpochMilli();
                    }
                }
            }
        }
    }

    /** Sets (or changes, on a reload) a provider's prices; its totals go on. */
    public Entry prices(String provider, double input, double output) {
        Entry e = entries.computeIfAbsent(provider, p -> new Entry());
        e.priceInput = input;
        e.priceOutput = output;
        return e;
    }

    /** Null for a provider not in the catalogue. */
    public Entry entry(String provider) {
        return entries.get(provider);
    }

    /** Every provider's totals, by id. */
    public Map<String, Entry> all() {
        return entries;
    }

    /** An answer of {@code provider} ended with this usage. */
    public void record(String provider, Usage usage) {
        if (usage.promptTokens() == 0 && usage.completionTokens() == 0) {
            return;
        }
        Entry e = entries.get(provider);
        if (e != null) {
            e.add(usage.promptTokens(), usage.completionTokens());
        }
    }
}
