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
 * function, then applies each part the way camel-main applies a configuration class: its {@code @BeanInject} fields
 * are set, its {@code @BindToRegistry} methods bind the beans (their parameters found in the registry by type), and
 * its {@code configure} runs. The parts come in layers: a part's beans need only beans of the parts before it, and
 * none of a part's methods needs another of the same part.
 * <ol>
 * <li>{@link SettingsBeans}: every {@code llm.*} setting, checked, one record per section;</li>
 * <li>{@link SharedBeans}: JSON, the clock, the shared state (Redis or none), metrics, upstream HTTP;</li>
 * <li>{@link StateBeans}: what outlives a prompt: quota counter, health cache, alert marks, forced primary, audit;</li>
 * <li>{@link HealthBeans}, {@link RoutingBeans}, {@link AlertBeans}: Ollama's health, the provider order, alerts;</li>
 * <li>{@link PromptBeans}: the front doors, the walk along the chain, the provider adapters;</li>
 * <li>{@link EmbeddingBeans}: the embeddings' walk and doors ({@code direct:embed});</li>
 * <li>{@link ManagementBeans}: JMX, health checks, gauges, the startup report.</li>
 * </ol>
 */
@Configuration
public class RouterConfiguration implements CamelConfiguration {

    static final String PACKAGED_DEFAULTS = "META-INF/llm-failover-router/application.properties";

    /** In layers: each part's beans are made from those of the parts before it. */
    private static final List<Supplier<CamelConfiguration>> PARTS = List.of(SettingsBeans::new, SharedBeans::new,
            StateBeans::new, HealthBeans::new, RoutingBeans::new, AlertBeans::new, PromptBeans::new,
            EmbeddingBeans::new, ManagementBeans::new);

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
