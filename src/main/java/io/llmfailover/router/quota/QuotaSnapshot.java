package io.llmfailover.router.quota;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A read-only look at today's counter of one provider's gate ({@link GeminiQuotaGate#peek()},
 * {@link TokenQuotaGate#peek()}).
 *
 * @param count     calls (or tokens) counted so far today (-1 when the store could not be read)
 * @param quota     the daily quota in force
 * @param available true when a call would be allowed now (count below quota and the store readable)
 * @param error     why the store could not be read, or null
 * @param provider  whose counter it is (not written as JSON: the holder names it)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record QuotaSnapshot(long count, long quota, boolean available, String error, @JsonIgnore String provider) {

    /** Gemini's call counter (the shipped quota). */
    public QuotaSnapshot(long count, long quota, boolean available, String error) {
        this(count, quota, available, error, "gemini");
    }

    /** A human note for a routing decision: why the provider is skipped, or null when it is not. */
    public String unavailableReason() {
        return available ? null : provider + " " + skipReason();
    }

    /** Why the provider is left out, without its name: {@code daily quota reached (150/150)}; null when available. */
    public String skipReason() {
        if (available) {
            return null;
        }
        return error != null ? "quota gate failed closed (" + error + ")" : "daily quota reached (" + count + "/" + quota + ")";
    }
}
