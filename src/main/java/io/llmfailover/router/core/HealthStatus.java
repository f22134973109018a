package io.llmfailover.router.core;

/** Ollama's health as the probe sees it. The code is the value of the {@code llm_ollama_health_state} gauge. */
public enum HealthStatus {
    HEALTHY(0),
    SLOW(1),
    DEGRADED(2),
    OFFLINE(3);

    private final int code;

    HealthStatus(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
