package io.llmfailover.router.quota;

/**
 * The answer of {@link GeminiQuotaGate#tryAcquire()}.
 *
 * @param allowed   true when this caller may make one Gemini call
 * @param count     Gemini calls allowed today, including this one when allowed
 * @param quota     the daily quota in force
 * @param reason    why the call was denied, or "allowed"
 * @param gateError true when the gate failed closed because its store (Redis) failed
 */
public record QuotaDecision(boolean allowed, long count, long quota, String reason, boolean gateError) {
}
