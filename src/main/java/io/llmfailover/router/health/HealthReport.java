package io.llmfailover.router.health;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.llmfailover.router.core.HealthStatus;

/**
 * One verdict on Ollama's health.
 *
 * @param status          HEALTHY, SLOW, DEGRADED or OFFLINE
 * @param reason          why, in words an on-call engineer understands
 * @param latencyMs       wall time of the probe (tags + generate), in milliseconds
 * @param tokensPerSecond generation speed reported by Ollama (eval_count / eval_duration), 0 when unknown
 * @param checkedAt       when the verdict was reached, ISO-8601 with offset in {@code llm.quota.zone}
 */
public record HealthReport(HealthStatus status, String reason, long latencyMs, double tokensPerSecond, String checkedAt) {

    @JsonIgnore
    public boolean isHealthy() {
        return status == HealthStatus.HEALTHY;
    }

    /** The same verdict with another reason (used while recovering, and for passive marks). */
    public HealthReport withReason(String newReason) {
        return new HealthReport(status, newReason, latencyMs, tokensPerSecond, checkedAt);
    }

    /** Getter-style accessor for Camel's simple language ({@code ${exchangeProperty.llmHealth.status}}). */
    public HealthStatus getStatus() {
        return status;
    }
}
