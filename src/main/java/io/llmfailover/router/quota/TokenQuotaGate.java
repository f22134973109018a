package io.llmfailover.router.quota;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A provider's daily token quota ({@code llm.providers.<id>.daily-tokens}). Before a call, {@link #reserve} sets
 * aside what the call may use at most (its {@code max_tokens} and an estimate of its prompt), refusing atomically when
 * that would pass the quota; when the answer ends, {@link TokenReservation#settle} gives back what was not used (or
 * adds what was used beyond the reservation). So the day's count is exact up to the under-reservations of answers
 * (README, "The quota gate"). Any failure of the store refuses the call (fail closed).
 */
public abstract class TokenQuotaGate {

    private final String provider;
    private final String keyPrefix;
    private final Clock clock;
    private final AtomicLong quota;

    protected TokenQuotaGate(String provider, String keyPrefix, long dailyTokens, Clock clock) {
        this.provider = provider;
        this.keyPrefix = keyPrefix;
        this.clock = clock;
        this.quota = new AtomicLong(dailyTokens);
    }

    /** Reserves {@code amount} tokens ({@code promptEstimate} of them for the prompt), or refuses. Never throws. */
    public abstract QuotaDecision reserve(long amount, long promptEstimate);

    /** Tokens counted today (reserved and not given back, plus overshoots), without counting. Never throws. */
    public abstract QuotaSnapshot peek();

    /** Applies a settlement: {@code used} tokens of the reservation's amount. Never throws. */
    protected abstract void settle(TokenReservation r, long used);

    public String provider() {
        return provider;
    }

    public long quota() {
        return quota.get();
    }

    /** Changes the daily token quota (a reload; the count of the day goes on). */
    public void setQuota(long newQuota) {
        if (newQuota < 0) {
            throw new IllegalArgumentException(provider + " daily token quota must be >= 0, got " + newQuota);
        }
        quota.set(newQuota);
    }

    /** Today's key: {@code <prefix><id>:tokens:<yyyy-MM-dd>} (a hash: r reserved and added, b given back). */
    public String todayKey() {
        return keyPrefix + provider + ":tokens:" + LocalDate.now(clock);
    }

    protected long ttlSeconds() {
        ZonedDateTime now = ZonedDateTime.now(clock);
        ZonedDateTime midnight = now.toLocalDate().plusDays(1).atStartOfDay(clock.getZone());
        return Math.max(1, java.time.Duration.between(now, midnight).getSeconds()) + 3600;
    }

    protected QuotaDecision granted(String key, long count, long quota, long amount, long promptEstimate) {
        return new QuotaDecision(true, count, quota, "allowed", false, provider, true,
                new TokenReservation(this, key, amount, promptEstimate));
    }

    protected QuotaDecision refused(long count, long quota, long amount) {
        return new QuotaDecision(false, count, quota, provider + " daily token quota reached (" + count + "+" + amount
                + " > " + quota + ")", false, provider, true, null);
    }

    protected QuotaDecision failedClosed(long quota, String error) {
        return new QuotaDecision(false, -1, quota, provider + " token quota gate failed closed (" + error + ")", true,
                provider, true, null);
    }

    protected QuotaSnapshot snapshot(long count, long quota, String error) {
        return new QuotaSnapshot(count, quota, error == null && count < quota, error, provider);
    }

    /** The token gate of a single instance without Redis: exact for this instance. */
    public static final class InMemory extends TokenQuotaGate {

        private String day = "";
        private long count;

        public InMemory(String provider, long dailyTokens, Clock clock) {
            super(provider, "", dailyTokens, clock);
        }

        @Override
        public synchronized QuotaDecision reserve(long amount, long promptEstimate) {
            String key = roll();
            long quota = quota();
            if (count + amount > quota) {
                return refused(count, quota, amount);
            }
            count += amount;
            return granted(key, count, quota, amount, promptEstimate);
        }

        @Override
        public synchronized QuotaSnapshot peek() {
            roll();
            return snapshot(count, quota(), null);
        }

        @Override
        protected synchronized void settle(TokenReservation r, long used) {
            if (r.key().equals(roll())) {
                count = Math.max(0, count - r.amount() + used);
            }
        }

        private String roll() {
            String key = todayKey();
            if (!key.equals(day)) {
                day = key;
                count = 0;
            }
            return key;
        }
    }
}
