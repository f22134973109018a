package io.llmfailover.router.wiring;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;

/** Where a key's value comes from, for an error that names it; and every key the configuration sets. */
final class ConfigSources {

    private ConfigSources() {
    }

    /**
     * Every {@code llm.*} key the configuration sets: the properties files' and Camel's initial and override
     * properties, the system properties, and the environment's {@code LLM_*} variable names as they are.
     */
    static Set<String> configuredNames(PropertiesComponent pc) {
        Set<String> names = new HashSet<>(pc.loadProperties(k -> k.startsWith("llm.")).stringPropertyNames());
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("llm.")).forEach(names::add);
        System.getenv().keySet().stream().filter(k -> k.startsWith("LLM_")).forEach(names::add);
        return names;
    }

    /** E.g. {@code environment variable LLM_PROVIDERS_GPU2_BASE_URL} or {@code file /app/application.properties}. */
    static String sourceOf(CamelContext context, String key) {
        String env = key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
        if (System.getenv(env) != null) {
            return "environment variable " + env;
        }
        if (key.equals(env)) {
            return "environment variable " + key;
        }
        if (context.getPropertiesComponent() instanceof org.apache.camel.component.properties.PropertiesComponent pc
                && pc.getOverrideProperties() != null && pc.getOverrideProperties().containsKey(key)) {
            return "the application's override properties";
        }
        if (System.getProperty(key) != null) {
            return "system property -D" + key;
        }
        Path file = SettingsReload.watchedFile(context);
        if (contains(file, key)) {
            return "file " + file.toAbsolutePath().normalize();
        }
        return "the packaged application.properties";
    }

    private static boolean contains(Path file, String key) {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        } catch (IOException e) {
            return false;
        }
        return p.containsKey(key);
    }
}
