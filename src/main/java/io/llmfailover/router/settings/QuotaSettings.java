package io.llmfailover.router.settings;

import java.time.ZoneId;

/**
 * The quota gates (each provider's {@code daily-calls} and {@code daily-tokens}): the time zone of the quota day,
 * which is also the zone of every timestamp the router writes ({@code llm.quota.zone}).
 */
public record QuotaSettings(ZoneId zone) {

    static QuotaSettings read(SettingsReader r) {
        return new QuotaSettings(r.zone("llm.quota.zone"));
    }
}
