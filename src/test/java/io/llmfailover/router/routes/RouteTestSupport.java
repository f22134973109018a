package io.llmfailover.router.routes;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import io.llmfailover.router.core.HealthStatus;
import io.llmfailover.router.health.HealthReport;
import io.llmfailover.router.wiring.RouterConfiguration;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.main.junit5.Configure;

/**
 * Route tests in Camel's own style (camel-test-main-junit5): each test class starts camel-main with the router's
 * beans ({@link RouterConfiguration}) and only the route files it names, replaces beans with {@code @ReplaceInRegistry}
 * and endpoints with mocks or advice, and sends exchanges straight into one route. No HTTP server, no management
 * server, no timer probe: they run in milliseconds and show how each route is meant to behave. The end-to-end
 * tests over real sockets live next to the code they exercise.
 * <p>
 * Subclasses carry {@code @CamelMainTest(propertyPlaceholderLocations = RouteTestSupport.PROPERTIES)}: the llm.*
 * defaults of application.properties, none of its servers.
 */
abstract class RouteTestSupport {

    /** src/test/resources/route-tests.properties: no HTTP or management server, state in memory, no keys. */
    static final String PROPERTIES = "classpath:route-tests.properties";

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-26T05:05:00Z"), ZoneOffset.UTC);

    /** The route files (under routes/) this test loads, comma-separated, e.g. {@code select-provider}. */
    protected abstract String routeFiles();

    @Configure
    protected void configure(MainConfigurationProperties configuration) {
        configuration.addConfiguration(RouterConfiguration.class);
        StringBuilder pattern = new StringBuilder();
        for (String name : routeFiles().split(",")) {
            pattern.append(pattern.length() == 0 ? "" : ",").append("file:routes/").append(name.trim())
                    .append(".camel.yaml");
        }
        configuration.withRoutesIncludePattern(pattern.toString());
    }

    static HealthReport report(HealthStatus status, String reason) {
        return new HealthReport(status, reason, 12, status == HealthStatus.HEALTHY ? 42.0 : 0.0, "2026-11-26T05:05:00Z");
    }
}
