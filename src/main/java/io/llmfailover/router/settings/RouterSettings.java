package io.llmfailover.router.settings;

import java.util.Optional;
import java.util.function.Function;

/**
 * Every {@code llm.*} setting, read once at startup and checked, one record per section. The wiring binds each
 * section on its own, so a class asks only for the section it uses.
 */
public record RouterSettings(GeneralSettings general, ProviderCatalog providers, HealthSettings health,
        RoutingSettings routing, QuotaSettings quota, RedisSettings redis, HttpSettings http, TelegramSettings telegram,
        AlertSettings alerts, StreamSettings stream, RetrySettings retry) {

    /** Reads and checks every section through the lookup (normally Camel's properties component). */
    public static RouterSettings load(Function<String, Optional<String>> lookup) {
        SettingsReader r = new SettingsReader(lookup);
        return new RouterSettings(GeneralSettings.read(r), ProviderCatalog.read(r), HealthSettings.read(r),
                RoutingSettings.read(r), QuotaSettings.read(r), RedisSettings.read(r), HttpSettings.read(r),
                TelegramSettings.read(r), AlertSettings.read(r), StreamSettings.read(r), RetrySettings.read(r));
    }
}
