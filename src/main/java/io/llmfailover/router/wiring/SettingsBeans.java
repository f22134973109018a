package io.llmfailover.router.wiring;

import java.lang.reflect.RecordComponent;

import io.llmfailover.router.settings.InvalidSettingException;
import io.llmfailover.router.settings.LiveSettings;
import io.llmfailover.router.settings.ProviderFunction;
import io.llmfailover.router.settings.RouterSettings;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Configuration;
import org.apache.camel.spi.Registry;

/**
 * Every {@code llm.*} setting, read and checked once (a bad value stops startup here, with one line naming it), bound
 * as {@code routerSettings} and each section on its own, named after its type ({@code generalSettings},
 * {@code providerCatalog}, {@code healthSettings}, {@code routingSettings}, {@code quotaSettings},
 * {@code redisSettings}, {@code httpSettings}, {@code telegramSettings}, {@code alertSettings}), so a bean asks only
 * for the section it uses.
 */
@Configuration
public class SettingsBeans implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) throws Exception {
        RouterSettings settings;
        try {
            settings = RouterSettings.load(context.getPropertiesComponent()::resolveProperty,
                    ConfigSources.configuredNames(context.getPropertiesComponent()));
        } catch (InvalidSettingException e) {
            throw e.from(ConfigSources.sourceOf(context, e.getKey()));
        }
        Registry registry = context.getRegistry();
        registry.bind("routerSettings", RouterSettings.class, settings);
        LiveSettings live = new LiveSettings(settings);
        registry.bind("liveSettings", LiveSettings.class, live);
        if (!context.getPropertiesComponent().hasPropertiesFunction(ProviderFunction.NAME)) {
            context.getPropertiesComponent().addPropertiesFunction(new ProviderFunction(live));
        }
        for (RecordComponent section : RouterSettings.class.getRecordComponents()) {
            String type = section.getType().getSimpleName();
            registry.bind(Character.toLowerCase(type.charAt(0)) + type.substring(1), section.getType(),
                    section.getAccessor().invoke(settings));
        }
    }
}
