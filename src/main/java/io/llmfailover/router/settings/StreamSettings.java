package io.llmfailover.router.settings;

import java.time.Duration;

/**
 * How answers stream, {@code llm.stream.*}: every provider is called with its streaming API.
 *
 * @param firstTokenTimeout the longest wait from a request sent to its first piece of text; without one in time the
 *                          walk moves on to the next provider
 * @param idleTimeout       the longest silence after the first text; then the answer has stalled
 * @param continueOnCut     a streamed answer that is cut or stalls after its first text is continued by the next
 *                          provider that accepts the text so far as a prefill
 */
public record StreamSettings(Duration firstTokenTimeout, Duration idleTimeout, boolean continueOnCut) {

    static StreamSettings read(SettingsReader r) {
        return new StreamSettings(r.duration("llm.stream.first-token-timeout", Duration.ofMillis(10)),
                r.duration("llm.stream.idle-timeout", Duration.ofMillis(10)), r.bool("llm.stream.continue-on-cut"));
    }
}
