package io.llmfailover.router.chat;

import io.llmfailover.router.core.FailureClass;
import io.llmfailover.router.core.HealthStatus;

/**
 * One provider could not answer: connection error, timeout, an HTTP error status, an answer without text, a
 * missing API key. The dispatch records it as an attempt and moves on to the next provider.
 */
public class ProviderCallException extends RuntimeException {

    private final boolean skipped;
    private final HealthStatus healthImpact;
    private final long retryAfterMs;
    private final FailureClass failureClass;

    /**
     * @param reason       what happened, for the attempt list (never a key)
     * @param skipped      true when the provider was not called at all
     * @param healthImpact for Ollama: the health this failure implies (null when it says nothing about health)
     */
    public ProviderCallException(String reason, boolean skipped, HealthStatus healthImpact) {
        this(reason, skipped, healthImpact, 0, skipped ? null : FailureClass.PERSISTENT);
    }

    /**
     * @param retryAfterMs the provider's own retry delay ({@code Retry-After}, Gemini's {@code retryDelay}); 0: none
     * @param failureClass what kind of error it was (null for a provider skipped without a call)
     */
    public ProviderCallException(String reason, boolean skipped, HealthStatus healthImpact, long retryAfterMs,
            FailureClass failureClass) {
        super(reason, null, false, false);
        this.skipped = skipped;
        this.healthImpact = healthImpact;
        this.retryAfterMs = retryAfterMs;
        this.failureClass = failureClass;
    }

    public static ProviderCallException failed(String reason, HealthStatus healthImpact) {
        return failed(reason, healthImpact, FailureClass.PERSISTENT);
    }

    public static ProviderCallException failed(String reason, HealthStatus healthImpact, FailureClass failureClass) {
        return new ProviderCallException(reason, false, healthImpact, 0, failureClass);
    }

    public static ProviderCallException skipped(String reason) {
        return new ProviderCallException(reason, true, null);
    }

    public boolean isSkipped() {
        return skipped;
    }

    /** What the failure says about the provider's health: null when nothing (a request it calls invalid). */
    public HealthStatus getHealthImpact() {
        return healthImpact;
    }

    /** What kind of error it was; null for a provider that was skipped (not called). */
    public FailureClass getFailureClass() {
        return failureClass;
    }

    /** The provider's own retry delay in milliseconds; 0 when it gave none. */
    public long getRetryAfterMs() {
        return retryAfterMs;
    }
}
