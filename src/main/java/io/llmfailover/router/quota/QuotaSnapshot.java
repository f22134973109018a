package io.llmfailover.router.quota;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A read-only look at today's Gemini counter ({@link GeminiQuotaGate#peek()}).
 *
 * @param count     Gemini calls allowed so far today (-1 when the store could not be read)
 * @param quota     the daily quota in force
 * @param available true when a call would be allowed now (count below quota and the store readable)
 * @param error     why the store could not be read, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record QuotaSnapshot(long count, long quota, boolean available, String error) {

    /** A human note for a routing decision: why Gemini is skipped, or null when it is not. */
    public String unavailableReason() {
        return available ? null : "gemini " + skipReason();
    }

    /** Why Gemini is left out, without its name: {@code daily quota reached (150/150)}; null when available. */
    public String skipReason() {
        if (available) {
            return null;
        }
        return error != null ? "quota gate failed closed (" + error + ")" : "daily quota reached (" + count + "/" + quota + ")";
    }
}
