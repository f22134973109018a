package io.llmfailover.router.settings;

import java.time.Duration;

/**
 * When a failed provider is tried once more in the same prompt, {@code llm.retry.*} (README, "When a provider
 * fails"): after a transient error, a jittered pause around {@code llm.retry.pause}; after a 429, the provider's own
 * wait when it is at most {@code llm.retry.max-wait}. Each provider's {@code llm.<provider>.max-attempts} bounds it.
 */
public record RetrySettings(Duration pause, Duration maxWait) {

    static RetrySettings read(SettingsReader r) {
        return new RetrySettings(r.duration("llm.retry.pause", Duration.ofMillis(1)),
                r.duration("llm.retry.max-wait", Duration.ZERO));
    }
}
