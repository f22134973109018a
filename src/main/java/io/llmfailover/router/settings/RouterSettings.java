package io.llmfailover.router.settings;

import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Every {@code llm.*} setting, read once at startup and checked, one record per section. The wiring binds each
 * section on its own, so a class asks only for the section it uses.
 */
public record RouterSettings(GeneralSettings general, ProviderCatalog providers, HealthSettings health,
        RoutingSettings routing, QuotaSettings quota, RedisSettings redis, HttpSettings http, TelegramSettings telegram,
        AlertSettings alerts, StreamSettings stream, RetrySettings retry) {

    /**
     * Reads and checks every section through the lookup (normally Camel's properties component).
     *
     * @param names every key the configuration sets (properties, system properties, environment variable names):
     *              where the provider catalogue and the task matrices are found
     */
    public static RouterSettings load(Function<String, Optional<String>> lookup, Set<String> names) {
        SettingsReader r = new SettingsReader(lookup, names);
        ProviderCatalog providers = ProviderCatalog.read(r);
        return new RouterSettings(GeneralSettings.read(r), providers, HealthSettings.read(r),
                RoutingSettings.read(r, providers), QuotaSettings.read(r), RedisSettings.read(r), HttpSettings.read(r),
                TelegramSettings.read(r), AlertSettings.read(r), StreamSettings.read(r), RetrySettings.read(r));
    }
}
