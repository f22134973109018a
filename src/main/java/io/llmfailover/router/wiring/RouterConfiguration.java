package io.llmfailover.router.wiring;

import java.io.InputStream;
import java.util.List;
import java.util.Properties;
import java.util.function.Supplier;

import io.llmfailover.router.settings.MillisFunction;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Configuration;
import org.apache.camel.spi.CamelBeanPostProcessor;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.support.PluginHelper;

/**
 * The router's beans, for this application and for any Camel application that embeds the routes: add this class to
 * {@code camel.main.configuration-classes} (or call {@code new RouterConfiguration().configure(camelContext)}).
 * <p>
 * It loads the packaged {@code llm.*} defaults under whatever the host sets, registers the {@code millis} placeholder
 * function, then applies each part the way camel-main applies a configuration class: its {@code @BindToRegistry}
 * methods bind the beans (lazily: a bean is made when first looked up, its parameters found in the registry by
 * type, so no part depends on the order of the others), its {@code @BeanInject} fields are set, and its
 * {@code configure} runs.
 */
@Configuration
public class RouterConfiguration implements CamelConfiguration {

    static final String PACKAGED_DEFAULTS = "META-INF/llm-failover-router/application.properties";

    /** Settings first (the others read them), the management part last (it checks and reports the whole). */
    private static final List<Supplier<CamelConfiguration>> PARTS = List.of(SettingsBeans::new, SharedBeans::new,
            HealthBeans::new, RoutingBeans::new, ProviderBeans::new, FrontDoorBeans::new, AlertBeans::new,
            ManagementBeans::new);

    @Override
    public void configure(CamelContext context) throws Exception {
        PropertiesComponent pc = context.getPropertiesComponent();
        addPackagedDefaults(pc);
        if (!pc.hasPropertiesFunction(MillisFunction.NAME)) {
            pc.addPropertiesFunction(new MillisFunction());
        }
        CamelBeanPostProcessor postProcessor = PluginHelper.getBeanPostProcessor(context);
        for (Supplier<CamelConfiguration> factory : PARTS) {
            CamelConfiguration part = factory.get();
            String name = part.getClass().getName();
            postProcessor.postProcessBeforeInitialization(part, name);
            postProcessor.postProcessAfterInitialization(part, name);
            part.configure(context);
        }
    }

    /** Adds the packaged llm.* defaults with the lowest precedence (initial properties), for embedding hosts. */
    static void addPackagedDefaults(PropertiesComponent pc) throws Exception {
        try (InputStream in = RouterConfiguration.class.getClassLoader().getResourceAsStream(PACKAGED_DEFAULTS)) {
            if (in == null) {
                return;
            }
            Properties defaults = new Properties();
            defaults.load(in);
            for (String key : defaults.stringPropertyNames()) {
                if (key.startsWith("llm.")) {
                    pc.addInitialProperty(key, defaults.getProperty(key));
                }
            }
        }
    }
}
