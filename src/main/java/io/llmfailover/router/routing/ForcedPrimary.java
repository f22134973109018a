package io.llmfailover.router.routing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

import io.llmfailover.router.core.Provider;

/**
 * An operator's override of the primary provider for a while (JMX operation {@code forcePrimary}). While active,
 * the forced provider goes first in every decision, the rest of the chain keeps its order, and the decision's
 * reason says so. It ends by itself at {@code until}.
 */
public final class ForcedPrimary {

    /** One override. */
    public record Forced(Provider provider, Instant until, String untilText) {
    }

    private final Clock clock;
    private volatile Forced current;

    public ForcedPrimary(Clock clock) {
        this.clock = clock;
    }

    public Forced force(Provider provider, Duration duration) {
        Instant until = clock.instant().plus(duration);
        String text = OffsetDateTime.ofInstant(until, clock.getZone()).truncatedTo(ChronoUnit.SECONDS)
                .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        Forced f = new Forced(provider, until, text);
        current = f;
        return f;
    }

    /** Ends the override now; returns the one that was active, or null. */
    public Forced clear() {
        Forced f = active();
        current = null;
        return f;
    }

    /** The override in force now, or null (none, or expired). */
    public Forced active() {
        Forced f = current;
        if (f != null && !clock.instant().isBefore(f.until())) {
            current = null;
            return null;
        }
        return f;
    }
}
