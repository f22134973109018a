package io.llmfailover.router.settings;

import java.time.ZoneId;

/**
 * The quota gates (each provider's {@code daily-calls} and {@code daily-tokens}): the time zone of the quota day,
 * which is also the zone of every timestamp the router writes ({@code llm.quota.zone}), and what a token quota
 * reserves for the answer of a request that sets no {@code max_tokens} when its provider sets no {@code max-tokens}
 * ({@code llm.quota.default-reserve-tokens}).
 */
public record QuotaSettings(ZoneId zone, long defaultReserveTokens) {

    public QuotaSettings(ZoneId zone) {
        this(zone, 1024);
    }

    static QuotaSettings read(SettingsReader r) {
        return new QuotaSettings(r.zone("llm.quota.zone"), r.optional("llm.quota.default-reserve-tokens") == null ? 1024
                : r.whole("llm.quota.default-reserve-tokens", 1, 10_000_000));
    }
}
