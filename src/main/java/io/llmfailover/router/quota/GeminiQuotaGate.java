package io.llmfailover.router.quota;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.concurrent.atomic.AtomicLong;

import io.llmfailover.router.chat.QuotaDeniedException;
import io.llmfailover.router.core.PropertyNames;
import org.apache.camel.ExchangeProperty;

/**
 * A provider's daily call quota ({@code llm.providers.<id>.daily-calls}; Gemini's in the shipped configuration, hence
 * the name). {@link #tryAcquire()} runs right before every call to the provider; {@link #peek()} looks without
 * counting. Any failure of the store denies the call (fail closed: cost safety beats availability).
 */
public abstract class GeminiQuotaGate {

    private final String provider;
    private final String keyPrefix;
    private final Clock clock;
    private final AtomicLong quota;

    protected GeminiQuotaGate(String provider, String keyPrefix, long dailyQuota, Clock clock) {
        this.provider = provider;
        this.keyPrefix = keyPrefix;
        this.clock = clock;
        this.quota = new AtomicLong(dailyQuota);
    }

    /** Counts one Gemini call if today's quota allows it. Never throws. */
    public abstract QuotaDecision tryAcquire();

    /** Today's count and whether a call would be allowed, without counting. Never throws. */
    public abstract QuotaSnapshot peek();

    /** "redis" or "in-memory". */
    public abstract String mode();

    /** For the quota gate route's filter: the call was denied, or it took the last call of the day (audit, alert). */
    public boolean noteworthy(@ExchangeProperty(PropertyNames.QUOTA) QuotaDecision decision) {
        return !decision.allowed() || decision.count() >= decision.quota();
    }

    /** For the quota gate route's filter: the call was denied (quota spent, or the gate failed closed). */
    public boolean denied(@ExchangeProperty(PropertyNames.QUOTA) QuotaDecision decision) {
        return !decision.allowed();
    }

    /** The quota gate route's refusal: Gemini is skipped, and the walk puts its replacements in its place. */
    public void refuse(@ExchangeProperty(PropertyNames.QUOTA) QuotaDecision decision) {
        throw new QuotaDeniedException(decision.reason(), decision.gateError());
    }

    /** The provider whose calls this gate counts ({@code gemini}, {@code claude}, ...). */
    public String provider() {
        return provider;
    }

    public long quota() {
        return quota.get();
    }

    /** Changes the daily quota at runtime (applies to this instance; put it in configuration to keep it). */
    public void setQuota(long newQuota) {
        if (newQuota < 0) {
            throw new IllegalArgumentException(("gemini".equals(provider) ? "the Gemini daily quota" : provider
                    + " daily call quota") + " must be >= 0, got " + newQuota);
        }
        quota.set(newQuota);
    }

    /** Today's counter key: {@code <prefix><id>:calls:<yyyy-MM-dd>} with the date in {@code llm.quota.zone}. */
    public String todayKey() {
        return keyPrefix + provider + ":calls:" + LocalDate.now(clock);
    }

    protected LocalDate today() {
        return LocalDate.now(clock);
    }

    /** Seconds the counter key should live: until the end of today in the quota zone, plus an hour of slack. */
    protected long ttlSeconds() {
        ZonedDateTime now = ZonedDateTime.now(clock);
        ZonedDateTime midnight = now.toLocalDate().plusDays(1).atStartOfDay(clock.getZone());
        return Math.max(1, java.time.Duration.between(now, midnight).getSeconds()) + 3600;
    }

    protected QuotaDecision allowed(long count, long quota) {
        return new QuotaDecision(true, count, quota, "allowed", false, provider, false, null);
    }

    protected QuotaDecision exhausted(long count, long quota) {
        return new QuotaDecision(false, count, quota, provider + " daily quota reached (" + count + "/" + quota + ")",
                false, provider, false, null);
    }

    protected QuotaDecision failedClosed(long quota, String error) {
        return new QuotaDecision(false, -1, quota, provider + " quota gate failed closed (" + error + ")", true,
                provider, false, null);
    }

    protected QuotaSnapshot snapshot(long count, long quota, boolean available, String error) {
        return new QuotaSnapshot(count, quota, available, error, provider);
    }
}
