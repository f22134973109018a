package io.llmfailover.router.health;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.llmfailover.router.chat.CircuitOpenException;
import io.llmfailover.router.core.Provider;

/**
 * Passive health for the cloud providers (Gemini, NVIDIA, Anthropic; Ollama has its probe and its health states): a
 * breaker each. After {@code llm.breaker.failures} failures in a row of the kinds that say the provider is unwell
 * (a 408, 429, 5xx or 529, a connection that fails, no first token in time, a stream that breaks) it opens for
 * {@code llm.breaker.cool-down}; a failure that comes with the provider's own retry delay ({@code Retry-After},
 * Gemini's {@code retryDelay}) opens it at once for that delay (at most an hour): while open, the provider is
 * skipped (an attempt with the reason, no call, nothing counted against Gemini's quota). Then one prompt tries it
 * (half open): a success closes the breaker, a failure opens it again. A request the provider calls invalid (another
 * 4xx) says nothing about its health and leaves the breaker alone. Thread-safe. Instances sharing Redis tell each
 * other when a breaker opens or closes ({@link SharedBreakers}): {@link #changes()} and {@link #adopt}.
 */
public final class ProviderBreakers {

    /** One breaker's state, for {@code GET /routing} and the metrics. */
    public enum State { CLOSED, OPEN, HALF_OPEN }

    private static final long MAX_RETRY_AFTER_MS = 3_600_000;

    private final int threshold;
    private final long coolDownMs;
    private final Clock clock;
    private final Map<Provider, Breaker> breakers = new EnumMap<>(Provider.class);

    private static final class Breaker {
        int failures;
        long openUntil;
        boolean trial;
        String lastReason;
        /** Opened or closed here since the last {@link #changes()}: to be told to the other instances. */
        boolean changed;
        /** Opened because another instance's breaker is open. */
        boolean adopted;
    }

    /** A breaker opened (until {@code openUntil}, epoch ms) or closed ({@code openUntil} 0) on this instance. */
    public record Change(Provider provider, long openUntil, String reason) {
    }

    public ProviderBreakers(int threshold, Duration coolDown, Clock clock) {
        this.threshold = threshold;
        this.coolDownMs = coolDown.toMillis();
        this.clock = clock;
        for (Provider p : Provider.values()) {
            if (p != Provider.OLLAMA) {
                breakers.put(p, new Breaker());
            }
        }
    }

    /**
     * A provider route's first step: an open breaker skips the provider (nothing is sent); after the cool-down one
     * prompt goes through as the trial, the others still skip until it ends.
     */
    public void allow(String providerId) {
        Breaker b = breakers.get(Provider.fromId(providerId));
        if (b == null) {
            return;
        }
        synchronized (b) {
            if (b.openUntil == 0) {
                return;
            }
            long now = clock.millis();
            if (now < b.openUntil) {
                throw new CircuitOpenException((b.adopted ? "circuit open on another instance"
                        : "circuit open after " + b.failures + " failure" + (b.failures == 1 ? "" : "s") + " in a row")
                        + " (last: " + b.lastReason + "); tried again in " + Math.max(1, (b.openUntil - now + 999) / 1000)
                        + " s");
            }
            if (b.trial) {
                throw new CircuitOpenException("circuit half open: another prompt is trying it");
            }
            b.trial = true;
        }
    }

    /**
     * Closes every breaker (an operator who knows the providers are back; a test starting afresh), on every instance
     * sharing Redis too.
     */
    public void reset() {
        for (Map.Entry<Provider, Breaker> e : breakers.entrySet()) {
            Breaker b = e.getValue();
            synchronized (b) {
                b.adopted = false; // an operator's reset closes it everywhere: the other instances are told too
            }
            succeeded(e.getKey());
        }
    }

    /** A call answered: the breaker closes. */
    public void succeeded(Provider p) {
        Breaker b = breakers.get(p);
        if (b == null) {
            return;
        }
        synchronized (b) {
            b.changed |= b.openUntil != 0 && !b.adopted;
            b.failures = 0;
            b.openUntil = 0;
            b.trial = false;
            b.lastReason = null;
            b.adopted = false;
        }
    }

    /**
     * A call failed in a way that says the provider is unwell.
     *
     * @param retryAfterMs the provider's own retry delay (0: none given)
     */
    public void failed(Provider p, String reason, long retryAfterMs) {
        Breaker b = breakers.get(p);
        if (b == null) {
            return;
        }
        synchronized (b) {
            b.failures++;
            b.lastReason = reason;
            boolean trialFailed = b.trial;
            b.trial = false;
            long until = 0;
            if (retryAfterMs > 0) {
                // the provider's own word, however short (at most an hour: a delay past that is not believed)
                until = clock.millis() + Math.min(retryAfterMs, MAX_RETRY_AFTER_MS);
            } else if (trialFailed || b.failures >= threshold) {
                until = clock.millis() + coolDownMs;
            }
            if (until > 0) {
                b.openUntil = until;
                b.adopted = false;
                b.changed = true;
            }
        }
    }

    /** A call ended without saying anything about the provider (cancelled, an invalid request): a trial is over. */
    public void neutral(Provider p) {
        Breaker b = breakers.get(p);
        if (b != null) {
            synchronized (b) {
                b.trial = false;
            }
        }
    }

    /** What opened or closed here since the last call: the other instances are told ({@link SharedBreakers}). */
    public List<Change> changes() {
        List<Change> out = new ArrayList<>();
        for (Map.Entry<Provider, Breaker> e : breakers.entrySet()) {
            Breaker b = e.getValue();
            synchronized (b) {
                if (b.changed) {
                    b.changed = false;
                    out.add(new Change(e.getKey(), b.openUntil, b.lastReason));
                }
            }
        }
        return out;
    }

    /**
     * Another instance's breaker for this provider is open until {@code openUntil} (epoch ms), or (0) no longer open:
     * this instance skips the provider as long, and closes a breaker it opened only because of that one.
     */
    public void adopt(Provider p, long openUntil, String reason) {
        Breaker b = breakers.get(p);
        if (b == null) {
            return;
        }
        synchronized (b) {
            if (openUntil == 0) {
                if (b.adopted && !b.trial) {
                    b.openUntil = 0;
                    b.adopted = false;
                }
            } else if (openUntil > b.openUntil && openUntil > clock.millis() && !b.trial) {
                b.openUntil = openUntil;
                b.adopted = true;
                b.lastReason = reason;
            }
        }
    }

    public State state(Provider p) {
        Breaker b = breakers.get(p);
        if (b == null) {
            return State.CLOSED;
        }
        synchronized (b) {
            return b.openUntil == 0 ? State.CLOSED : clock.millis() < b.openUntil ? State.OPEN : State.HALF_OPEN;
        }
    }

    /** Each cloud provider's breaker state, by provider id. */
    public Map<String, String> states() {
        Map<String, String> out = new LinkedHashMap<>();
        for (Provider p : breakers.keySet()) {
            out.put(p.id(), state(p).name().toLowerCase(java.util.Locale.ROOT));
        }
        return out;
    }
}
