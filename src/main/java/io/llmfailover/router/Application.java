package io.llmfailover.router;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.llmfailover.router.metrics.RouterMeterRegistry;
import io.llmfailover.router.settings.InvalidSettingException;
import io.llmfailover.router.wiring.FrontDoorServer;
import io.llmfailover.router.wiring.RouterConfiguration;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.main.Main;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the router. Routes come from the {@code routes/} folder of the working directory when there is one (with
 * hot reload: edit a file and its routes are replaced while the others keep running), otherwise from the copies
 * packaged in the jar. {@code LLM_ROUTES_DIR} points at another folder. Likewise an {@code application.properties}
 * in the working directory overrides the packaged one key by key; environment variables override both.
 */
public final class Application {

    private static final Logger LOG = LoggerFactory.getLogger(Application.class);

    private Application() {
    }

    public static void main(String[] args) {
        Main main = create(Map.of());
        try {
            main.run();
        } catch (Throwable e) {
            InvalidSettingException invalid = findInvalidSetting(e);
            if (invalid != null) {
                LOG.error(invalid.getMessage());
                System.exit(2);
            }
            LOG.error("Startup failed: {}", e.getMessage(), e);
            System.exit(1);
        }
        System.exit(main.getExitCode() < 0 ? 0 : main.getExitCode());
    }

    /** A configured, not yet started Camel Main for this router; tests start several of these side by side. */
    public static Main create(Map<String, String> overrideProperties) {
        Main main = new Main();
        // an application.properties in the working directory (e.g. mounted from a ConfigMap) wins, key by key,
        // over the one packaged in the jar
        main.setPropertyPlaceholderLocations("file:" + configFile(overrideProperties)
                + ";optional=true,classpath:application.properties;optional=true");
        main.configure().addConfiguration(RouterConfiguration.class);
        main.configure().addConfiguration(FrontDoorServer.class);
        Path routesDir = routesDirectory(overrideProperties);
        if (routesDir != null) {
            String dir = routesDir.toAbsolutePath().normalize().toString();
            main.configure().withRoutesIncludePattern("file:" + dir + "/*.camel.yaml");
            main.configure().withRoutesReloadEnabled(true);
            main.configure().withRoutesReloadDirectory(dir);
            main.configure().withRoutesReloadPattern("*.camel.yaml");
            main.configure().withRoutesReloadRemoveAllRoutes(false);
        } else {
            main.configure().withRoutesIncludePattern("classpath:routes/*.camel.yaml");
        }
        overrideProperties.forEach(main::addOverrideProperty);
        // before Camel registers any meter, so the Prometheus hygiene filter sees them all; Camel's route metrics come
        // from this registry's route policies (camel.metrics.enable-route-policy is off: see UNMEASURED_ROUTES)
        RouterMeterRegistry meters = new RouterMeterRegistry();
        main.bind(MicrometerConstants.METRICS_REGISTRY_NAME, meters);
        main.bind("routeMetrics", meters.routePolicies());
        return main;
    }

    /**
     * The configuration file read (and watched for reloads): {@code llm.config.file} / {@code LLM_CONFIG_FILE}, by
     * default application.properties in the working directory.
     */
    static String configFile(Map<String, String> overrides) {
        String configured = overrides.get("llm.config.file");
        if (configured == null) {
            configured = System.getenv("LLM_CONFIG_FILE");
        }
        if (configured == null) {
            configured = System.getProperty("llm.config.file");
        }
        return configured == null || configured.isBlank() ? "application.properties" : configured;
    }

    static Path routesDirectory(Map<String, String> overrides) {
        String configured = overrides.get("llm.routes.dir");
        if (configured == null) {
            configured = System.getenv("LLM_ROUTES_DIR");
        }
        if (configured == null) {
            configured = System.getProperty("llm.routes.dir");
        }
        Path dir = Path.of(configured == null || configured.isBlank() ? "routes" : configured);
        if (Files.isDirectory(dir)) {
            return dir;
        }
        if (configured != null && !configured.isBlank()) {
            LOG.warn("Routes folder {} not found: using the routes packaged in the jar", dir.toAbsolutePath());
        }
        return null;
    }

    static InvalidSettingException findInvalidSetting(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InvalidSettingException ise) {
                return ise;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }
}
