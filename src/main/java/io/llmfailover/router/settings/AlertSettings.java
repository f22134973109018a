package io.llmfailover.router.settings;

import java.time.Duration;

/** How often alerts may go out and how a failed send is retried, {@code llm.alerts.*}. */
public record AlertSettings(Duration failoverWindow, Duration quotaWindow, int maxAttempts, Duration retryBackoff,
        Duration maxRetryAfter, int queueSize, Duration providerWindow) {

    static AlertSettings read(SettingsReader r) {
        return new AlertSettings(r.duration("llm.alerts.failover-window", Duration.ofSeconds(1)),
                r.duration("llm.alerts.quota-window", Duration.ofSeconds(1)), (int) r.whole("llm.alerts.max-attempts", 1, 100),
                r.duration("llm.alerts.retry-backoff", Duration.ofMillis(1)),
                r.duration("llm.alerts.max-retry-after", Duration.ofSeconds(1)),
                (int) r.whole("llm.alerts.queue-size", 1, 1_000_000),
                r.duration("llm.alerts.provider-window", Duration.ofSeconds(1)));
    }
}
