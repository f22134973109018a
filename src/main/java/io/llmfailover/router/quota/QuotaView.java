package io.llmfailover.router.quota;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One provider's day as {@code GET /routing} ({@code quotas}) and JMX ({@code Quotas}) show it: calls and tokens
 * counted today with their quotas (null without that quota; -1 when the store cannot be read), and what this
 * instance's answers cost today at the configured prices.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record QuotaView(Long calls, Long callQuota, Long tokens, Long tokenQuota, double spendToday, String error) {

    static QuotaView of(QuotaGates.Gates g, SpendLedger.Entry spend) {
        QuotaSnapshot c = g == null || g.calls() == null ? null : g.calls().peek();
        QuotaSnapshot t = g == null || g.tokens() == null ? null : g.tokens().peek();
        String error = c != null && c.error() != null ? c.error() : t != null ? t.error() : null;
        return new QuotaView(c == null ? null : c.count(), c == null ? null : c.quota(), t == null ? null : t.count(),
                t == null ? null : t.quota(), spend == null ? 0 : spend.spendToday(), error);
    }

    /** {@code calls 3/10, tokens 1200/50000, spend today 0.0123}. */
    public String text() {
        StringBuilder b = new StringBuilder();
        if (calls != null) {
            b.append("calls ").append(calls).append('/').append(callQuota).append(", ");
        }
        if (tokens != null) {
            b.append("tokens ").append(tokens).append('/').append(tokenQuota).append(", ");
        }
        b.append("spend today ").append(String.format(java.util.Locale.ROOT, "%.6f", spendToday));
        return error == null ? b.toString() : b + " (gate failed closed: " + error + ")";
    }
}
