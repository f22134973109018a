package io.llmfailover.router.settings;

import java.time.ZoneId;

/**
 * The Gemini quota gate: calls allowed per day ({@code llm.gemini.daily-quota}) and the time zone of the quota day,
 * which is also the zone of every timestamp the router writes ({@code llm.quota.zone}).
 */
public record QuotaSettings(long geminiDailyCalls, ZoneId zone) {

    static QuotaSettings read(SettingsReader r) {
        return new QuotaSettings(r.whole("llm.gemini.daily-quota", 0, Long.MAX_VALUE / 2), r.zone("llm.quota.zone"));
    }
}
