package io.llmfailover.router.health;

import java.time.Clock;
import java.time.temporal.ChronoUnit;

import io.llmfailover.router.core.HealthStatus;
import io.llmfailover.router.util.Texts;
import org.apache.camel.Body;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ollama's effective health: what the decision matrix branches on.
 * <ul>
 * <li>Failover is immediate: a non-HEALTHY probe (or a failed Ollama call, see {@link #markFailed}) takes effect at
 * once.</li>
 * <li>Recovery needs {@code llm.health.recovery-probes} consecutive HEALTHY probes (no flapping). Only the very first
 * probe after startup is trusted alone, so a healthy Ollama is used within one poll interval.</li>
 * </ul>
 */
public final class OllamaHealth {

    private static final Logger LOG = LoggerFactory.getLogger(OllamaHealth.class);

    private final String name;
    private final int recoveryProbes;
    private final Clock clock;
    private final HealthCache cache;

    private volatile HealthReport effective;
    private volatile HealthReport lastProbe;
    private int healthyStreak;
    private int slowStreams;
    private boolean trustFirstProbe = true;

    public OllamaHealth(int recoveryProbes, Clock clock, HealthCache cache) {
        this("ollama", recoveryProbes, clock, cache);
    }

    /** The health of the self-hosted endpoint {@code name} (its provider id), for logs and passive marks. */
    public OllamaHealth(String name, int recoveryProbes, Clock clock, HealthCache cache) {
        this.name = name;
        this.recoveryProbes = recoveryProbes;
        this.clock = clock;
        this.cache = cache;
        this.effective = cache.read().map(this::seeded)
                .orElseGet(() -> new HealthReport(HealthStatus.OFFLINE, "not probed yet", 0, 0.0, now()));
    }

    private HealthReport seeded(HealthReport cached) {
        trustFirstProbe = cached.isHealthy();
        LOG.info("Starting {} from the cached health report: {} ({})", name, cached.status(), cached.reason());
        return cached;
    }

    /** The provider id of the endpoint this health is of. */
    public String name() {
        return name;
    }

    /** The health report routing uses now. */
    public HealthReport current() {
        return effective;
    }

    /** The latest probe verdict, before hysteresis (null before the first probe). */
    public HealthReport lastProbe() {
        return lastProbe;
    }

    /** Applies one probe verdict. */
    public synchronized HealthChange record(@Body HealthReport probe) {
        HealthReport before = effective;
        lastProbe = probe;
        HealthReport after;
        if (!probe.isHealthy()) {
            healthyStreak = 0;
            trustFirstProbe = false;
            after = probe;
        } else if (before.isHealthy() || trustFirstProbe) {
            healthyStreak = 0;
            trustFirstProbe = false;
            after = probe;
        } else {
            healthyStreak++;
            if (healthyStreak >= recoveryProbes) {
                healthyStreak = 0;
                after = probe.withReason("recovered after " + recoveryProbes + " consecutive healthy probes; "
                        + probe.reason());
            } else {
                after = new HealthReport(before.status(), "recovering: " + healthyStreak + " of " + recoveryProbes
                        + " healthy probes (was: " + stripRecovering(before.reason()) + ")",
                        probe.latencyMs(), probe.tokensPerSecond(), probe.checkedAt());
            }
        }
        return apply(before, after);
    }

    /**
     * Passive health: a prompt sent to Ollama just failed. Ollama stops being used at once, and only
     * {@code recovery-probes} healthy probes bring it back.
     */
    public synchronized HealthChange markFailed(HealthStatus status, String reason) {
        HealthReport before = effective;
        healthyStreak = 0;
        trustFirstProbe = false;
        if (!before.isHealthy()) {
            return new HealthChange(before, before);
        }
        return apply(before, new HealthReport(status, name + " call failed: " + reason, 0, 0.0, now()));
    }

    /**
     * Passive health from live traffic: one Ollama answer streamed at this speed. After {@code slowAfter} answers in
     * a row below {@code minTokensPerSecond} a HEALTHY Ollama becomes SLOW (the probe brings it back as usual); an
     * answer at speed resets the count.
     */
    public synchronized HealthChange streamed(double tokensPerSecond, double minTokensPerSecond, int slowAfter) {
        HealthReport before = effective;
        if (tokensPerSecond >= minTokensPerSecond) {
            slowStreams = 0;
            return new HealthChange(before, before);
        }
        slowStreams++;
        if (slowStreams < slowAfter || before.status() != HealthStatus.HEALTHY) {
            return new HealthChange(before, before);
        }
        slowStreams = 0;
        healthyStreak = 0;
        trustFirstProbe = false;
        return apply(before, new HealthReport(HealthStatus.SLOW, String.format(java.util.Locale.ROOT,
                "%d answers in a row streamed below %s tokens/s (last %.1f)", slowAfter,
                Texts.number(minTokensPerSecond), tokensPerSecond), 0, tokensPerSecond, now()));
    }

    /**
     * Forgets the cached report (here and in Redis) and the recovery count: the next probe is trusted alone, as after
     * a restart. Routing keeps the current report until that probe answers.
     */
    public synchronized void reset() {
        cache.clear();
        healthyStreak = 0;
        trustFirstProbe = true;
    }

    private HealthChange apply(HealthReport before, HealthReport after) {
        effective = after;
        cache.write(after);
        HealthChange change = new HealthChange(before, after);
        if (change.statusChanged()) {
            LOG.info("{} health {} -> {}: {}", name, before.status(), after.status(), after.reason());
        }
        return change;
    }

    private static String stripRecovering(String reason) {
        if (reason.startsWith("recovering: ")) {
            int i = reason.indexOf("(was: ");
            if (i >= 0 && reason.endsWith(")")) {
                return reason.substring(i + 6, reason.length() - 1);
            }
        }
        return reason;
    }

    private String now() {
        return Texts.now(clock, ChronoUnit.MILLIS);
    }
}
