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

/**
 * Every {@code llm.*} setting, read and checked once (a bad value stops startup here, with one line naming it), and
 * each section on its own for the beans that use it.
 */
@Configuration
public class SettingsBeans implements CamelConfiguration {

    private RouterSettings settings;

    @BindToRegistry
    public RouterSettings routerSettings(CamelContext context) {
        return read(context);
    }

    @BindToRegistry
    public GeneralSettings generalSettings(CamelContext context) {
        return read(context).general();
    }

    @BindToRegistry
    public ProviderCatalog providerCatalog(CamelContext context) {
        return read(context).providers();
    }

    @BindToRegistry
    public HealthSettings healthSettings(CamelContext context) {
        return read(context).health();
    }

    @BindToRegistry
    public RoutingSettings routingSettings(CamelContext context) {
        return read(context).routing();
    }

    @BindToRegistry
    public QuotaSettings quotaSettings(CamelContext context) {
        return read(context).quota();
    }

    @BindToRegistry
    public RedisSettings redisSettings(CamelContext context) {
        return read(context).redis();
    }

    @BindToRegistry
    public HttpSettings httpSettings(CamelContext context) {
        return read(context).http();
    }

    @BindToRegistry
    public TelegramSettings telegramSettings(CamelContext context) {
        return read(context).telegram();
    }

    @BindToRegistry
    public AlertSettings alertSettings(CamelContext context) {
        return read(context).alerts();
    }

    /** Read once, whichever method Camel calls first. */
    private synchronized RouterSettings read(CamelContext context) {
        if (settings == null) {
            settings = RouterSettings.load(context.getPropertiesComponent()::resolveProperty);
        }
        return settings;
    }
}
