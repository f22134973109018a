package io.llmfailover.router.health;

/** The effective health before and after one probe or passive mark. */
public record HealthChange(HealthReport before, HealthReport after) {

    public boolean statusChanged() {
        return before.status() != after.status();
    }
}
