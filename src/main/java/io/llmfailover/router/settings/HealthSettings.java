package io.llmfailover.router.settings;

import java.time.Duration;

/**
 * The health probe of every self-hosted endpoint, {@code llm.health.*} (the model it asks is each provider's
 * {@code health-model}). {@code slowAfterStreams}: this many Ollama answers in a row streamed slower than
 * {@code minTokensPerSecond} make Ollama SLOW between probes. The cloud providers' passive health, {@code llm.breaker.*}:
 * this many failures in a row open a provider's breaker for the cool-down (ProviderBreakers), and the instances
 * sharing Redis tell each other every share interval (SharedBreakers).
 */
public record HealthSettings(Duration pollInterval, Duration probeTimeout, double minTokensPerSecond,
        Duration slowLatency, int recoveryProbes, int slowAfterStreams, int breakerFailures, Duration breakerCoolDown,
        Duration breakerShareInterval) {

    static HealthSettings read(SettingsReader r) {
        return new HealthSettings(r.duration("llm.health.poll-interval", Duration.ofMillis(100)),
                r.duration("llm.health.probe-timeout", Duration.ofMillis(50)),
                r.decimal("llm.health.min-tokens-per-second"),
                r.duration("llm.health.slow-latency", Duration.ofMillis(1)),
                (int) r.whole("llm.health.recovery-probes", 1, 1000),
                (int) r.whole("llm.health.slow-after-streams", 1, 1000),
                (int) r.whole("llm.breaker.failures", 1, 1000),
                r.duration("llm.breaker.cool-down", Duration.ofMillis(1)),
                r.duration("llm.breaker.share-interval", Duration.ofMillis(10)));
    }

    /** How long a cached health report lives in Redis: about twice the poll interval. */
    public Duration cacheTtl() {
        return pollInterval.multipliedBy(2).plus(probeTimeout);
    }
}
