package io.llmfailover.router.quota;

/**
 * The answer of a provider's quota gates before one call ({@link QuotaGates#acquire}).
 *
 * @param allowed     true when this caller may make one call to the provider
 * @param count       calls allowed today, including this one when allowed (tokens counted, for a token refusal)
 * @param quota       the daily quota in force (calls; tokens for a token refusal)
 * @param reason      why the call was denied, or "allowed"
 * @param gateError   true when the gate failed closed because its store (Redis) failed
 * @param provider    the provider the gates guard
 * @param tokens      true when the token quota decided (a refusal of the token gate), false for the call quota
 * @param reservation the tokens reserved for this call, settled when its answer ends; null without a token quota
 */
public record QuotaDecision(boolean allowed, long count, long quota, String reason, boolean gateError, String provider,
        boolean tokens, TokenReservation reservation) {

    /** A decision of Gemini's call gate. */
    public QuotaDecision(boolean allowed, long count, long quota, String reason, boolean gateError) {
        this(allowed, count, quota, reason, gateError, "gemini", false, null);
    }

    /** The same decision, carrying the call's token reservation. */
    public QuotaDecision with(TokenReservation r) {
        return new QuotaDecision(allowed, count, quota, reason, gateError, provider, tokens, r);
    }

    /** Worth an audit line or an alert: a refusal, or the call that took the last slot of the day. */
    public boolean noteworthy() {
        return !allowed || !tokens && count >= quota;
    }
}
