package io.llmfailover.router.wiring;

import io.llmfailover.router.settings.AlertSettings;
import io.llmfailover.router.settings.GeneralSettings;
import io.llmfailover.router.settings.HealthSettings;
import io.llmfailover.router.settings.HttpSettings;
import io.llmfailover.router.settings.ProviderCatalog;
import io.llmfailover.router.settings.QuotaSettings;
import io.llmfailover.router.settings.RedisSettings;
import io.llmfailover.router.settings.RouterSettings;
import io.llmfailover.router.settings.RoutingSettings;
import io.llmfailover.router.settings.TelegramSettings;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Configuration;

/** Every {@code llm.*} setting, read and checked once, and each section on its own for the beans that use it. */
@Configuration
public class SettingsBeans implements CamelConfiguration {

    @BindToRegistry(lazy = true)
    public RouterSettings routerSettings(CamelContext context) {
        return RouterSettings.load(context.getPropertiesComponent()::resolveProperty);
    }

    @BindToRegistry(lazy = true)
    public GeneralSettings generalSettings(RouterSettings s) {
        return s.general();
    }

    @BindToRegistry(lazy = true)
    public ProviderCatalog providerCatalog(RouterSettings s) {
        return s.providers();
    }

    @BindToRegistry(lazy = true)
    public HealthSettings healthSettings(RouterSettings s) {
        return s.health();
    }

    @BindToRegistry(lazy = true)
    public RoutingSettings routingSettings(RouterSettings s) {
        return s.routing();
    }

    @BindToRegistry(lazy = true)
    public QuotaSettings quotaSettings(RouterSettings s) {
        return s.quota();
    }

    @BindToRegistry(lazy = true)
    public RedisSettings redisSettings(RouterSettings s) {
        return s.redis();
    }

    @BindToRegistry(lazy = true)
    public HttpSettings httpSettings(RouterSettings s) {
        return s.http();
    }

    @BindToRegistry(lazy = true)
    public TelegramSettings telegramSettings(RouterSettings s) {
        return s.telegram();
    }

    @BindToRegistry(lazy = true)
    public AlertSettings alertSettings(RouterSettings s) {
        return s.alerts();
    }
}
