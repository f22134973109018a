package io.llmfailover.router.events;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import io.llmfailover.router.core.PropertyNames;
import io.llmfailover.router.routing.ProviderTarget;
import io.llmfailover.router.routing.RoutingDecision;
import io.llmfailover.router.util.Texts;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;

/**
 * Remembers this instance's effective primary and turns a new routing decision into a {@link PrimaryChangedEvent}
 * when the primary differs (routes/primary-changed.camel.yaml). The first decision after the first probe only sets
 * the baseline: starting up is not a failover.
 */
public final class PrimaryTracker {

    private final Clock clock;
    private String primary;
    private long ollamaLostAtMillis = -1;
    private volatile String lastFailoverAt;
    private volatile String lastRecoveryAt;

    public PrimaryTracker(Clock clock) {
        this.clock = clock;
    }

    /**
     * @param decision the decision after a health change
     * @param trigger  probe, passive or forced
     * @return the change, or null when the primary is the same (or this is the baseline)
     */
    public synchronized PrimaryChangedEvent observe(@Body RoutingDecision decision,
            @ExchangeProperty(PropertyNames.HEALTH_TRIGGER) String trigger) {
        String next = decision.primary().provider();
        if (primary == null) {
            primary = next;
            if (!"ollama".equals(next)) {
                ollamaLostAtMillis = clock.millis();
            }
            return null;
        }
        if (primary.equals(next)) {
            return null;
        }
        String previous = primary;
        primary = next;
        long now = clock.millis();
        long downMs = 0;
        String time = Texts.now(clock, ChronoUnit.MILLIS);
        if ("ollama".equals(previous)) {
            ollamaLostAtMillis = now;
            lastFailoverAt = time;
        } else if ("ollama".equals(next)) {
            downMs = ollamaLostAtMillis < 0 ? 0 : now - ollamaLostAtMillis;
            lastRecoveryAt = time;
        }
        List<String> chain = new ArrayList<>(decision.fallbackChain().size());
        for (ProviderTarget t : decision.fallbackChain()) {
            chain.add(t.provider());
        }
        return new PrimaryChangedEvent(previous, next, List.copyOf(chain), decision.reason(), decision.health(), time,
                trigger == null ? "probe" : trigger, downMs);
    }

    /** The primary this instance last saw (null before the first probe). */
    public synchronized String primary() {
        return primary;
    }

    /** When Ollama last stopped being the primary, or null. */
    public String lastFailoverAt() {
        return lastFailoverAt;
    }

    /** When Ollama last became the primary again, or null. */
    public String lastRecoveryAt() {
        return lastRecoveryAt;
    }
}
