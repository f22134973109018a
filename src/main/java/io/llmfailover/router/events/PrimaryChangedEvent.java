package io.llmfailover.router.events;

import java.util.List;

import io.llmfailover.router.health.HealthReport;

/**
 * The effective primary provider changed. Goes through {@code direct:primary-changed} once per change per instance,
 * and on to {@code seda:primary-changed-events} for anyone else who listens.
 *
 * @param from          the previous primary provider
 * @param to            the new primary provider
 * @param fallbackChain the new fallback chain, in order
 * @param reason        the new decision's reason, e.g. {@code ollama OFFLINE -> gemini at 2026-11-26T13:05:00+08:00}
 * @param health        the health report behind it
 * @param time          when the change was seen, ISO-8601 in {@code llm.quota.zone}
 * @param trigger       what caused it: {@code probe}, {@code passive} (a failed Ollama call) or {@code forced}
 * @param ollamaDownMs  for a recovery (to ollama): how long Ollama was not the primary; otherwise 0
 */
public record PrimaryChangedEvent(String from, String to, List<String> fallbackChain, String reason,
        HealthReport health, String time, String trigger, long ollamaDownMs) {

    public static final String FAILOVER = "failover";
    public static final String RECOVERY = "recovery";
    public static final String SWITCH = "switch";

    /** {@code failover} (Ollama lost), {@code recovery} (back on Ollama) or {@code switch} (between fallbacks). */
    public String kind() {
        if ("ollama".equals(from) && !"ollama".equals(to)) {
            return FAILOVER;
        }
        if ("ollama".equals(to) && !"ollama".equals(from)) {
            return RECOVERY;
        }
        return SWITCH;
    }
}
