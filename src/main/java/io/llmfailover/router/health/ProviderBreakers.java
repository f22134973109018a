package io.llmfailover.router.health;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.llmfailover.router.chat.CircuitOpenException;
import io.llmfailover.router.core.Provider;
import io.llmfailover.router.settings.Reconfigurable;
import io.llmfailover.router.settings.RouterSettings;

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
public final class ProviderBreakers implements Reconfigurable {

    /** One breaker's state, for {@code GET /routing} and the metrics. */
    public enum State { CLOSED, OPEN, HALF_OPEN }

    private static final long MAX_RETRY_AFTER_MS = 3_600_000;

    private final int threshold;
    private final long coolDownMs;
    private final Clock clock;
    /** By provider id, in the catalogue's order; replaced whole when the catalogue is reloaded. */
    private volatile Map<String, Breaker> breakers = Map.of();

    private static final class Breaker {
        final Provider provider;
        int failures;
        long openUntil;
        boolean trial;
        String lastReason;
        /** Opened or closed here since the last {@link #changes()}: to be told to the other instances. */
        boolean changed;
        /** Opened because another instance's breaker is open. */
        boolean adopted;

        Breaker(Provider provider) {
            this.provider = provider;
        }
    }

    /** A breaker opened (until {@code openUntil}, epoch ms) or closed ({@code openUntil} 0) on this instance. */
    public record Change(Provider provider, long openUntil, String reason) {
    }

    public ProviderBreakers(int threshold, Duration coolDown, Clock clock, List<Provider> guarded) {
        this.threshold = threshold;
        this.coolDownMs = coolDown.toMillis();
        this.clock = clock;
        guard(guarded);
    }

    /**
     * The providers with a breaker: the cloud ones (a self-hosted endpoint has its probe and health states). A reload
     * keeps the breakers of the providers it keeps.
     */
    public synchronized void guard(List<Provider> guarded) {
        Map<String, Breaker> next = new LinkedHashMap<>();
        for (Provider p : guarded) {
            Breaker kept = breakers.get(p.id());
            next.put(p.id(), kept != null ? kept : new Breaker(p));
        }
        breakers = java.util.Collections.unmodifiableMap(next);
    }

    /**
     * A provider route's first step: an open breaker skips the provider (nothing is sent); after the cool-down one
     * prompt goes through as the trial, the others still skip until it ends.
     */
    public void allow(String providerId) {
        Breaker b = breakers.get(providerId);
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
        for (Breaker b : breakers.values()) {
            synchronized (b) {
                b.adopted = false; // an operator's reset closes it everywhere: the other instances are told too
            }
            succeeded(b.provider);
        }
    }

    /** A call answered: the breaker closes. */
    public void succeeded(Provider p) {
        succeeded(p.id());
    }

    /** A call answered: the breaker of the provider with this id, if it has one, closes. */
    public void succeeded(String providerId) {
        Breaker b = breakers.get(providerId);
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
        failed(p.id(), reason, retryAfterMs);
    }

    /** {@link #failed(Provider, String, long)} by id; nothing for a provider without a breaker. */
    public void failed(String providerId, String reason, long retryAfterMs) {
        Breaker b = breakers.get(providerId);
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
        Breaker b = breakers.get(p.id());
        if (b != null) {
            synchronized (b) {
                b.trial = false;
            }
        }
    }

    /** What opened or closed here since the last call: the other instances are told ({@link SharedBreakers}). */
    public List<Change> changes() {
        List<Change> out = new ArrayList<>();
        for (Breaker b : breakers.values()) {
            synchronized (b) {
                if (b.changed) {
                    b.changed = false;
                    out.add(new Change(b.provider, b.openUntil, b.lastReason));
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
        Breaker b = breakers.get(p.id());
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
        Breaker b = breakers.get(p.id());
        if (b == null) {
            return State.CLOSED;
        }
        synchronized (b) {
            return b.openUntil == 0 ? State.CLOSED : clock.millis() < b.openUntil ? State.OPEN : State.HALF_OPEN;
        }
    }

    @Override // a reload: the cloud providers of the new catalogue have breakers (those kept keep theirs)
    public void reconfigure(RouterSettings next) {
        guard(next.providers().cloud());
    }

    /** The providers with a breaker, in the catalogue's order. */
    public List<Provider> guarded() {
        return breakers.values().stream().map(b -> b.provider).toList();
    }

    /** Each cloud provider's breaker state, by provider id. */
    public Map<String, String> states() {
        Map<String, String> out = new LinkedHashMap<>();
        for (Breaker b : breakers.values()) {
            out.put(b.provider.id(), state(b.provider).name().toLowerCase(java.util.Locale.ROOT));
        }
        return out;
    }
}
