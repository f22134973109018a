package io.llmfailover.router.config;

import io.vertx.core.VertxOptions;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.PlatformHttpConstants;
import org.apache.camel.component.platform.http.spi.PlatformHttpEngine;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpEngine;

/**
 * The front doors' HTTP server.
 * <ul>
 * <li>Sizes the Vert.x worker pool: platform-http holds one worker thread per request until the answer is written,
 * and LLM answers take seconds, so the pool must hold the peak number of prompts in flight
 * ({@code llm.http.max-in-flight}), not Vert.x's default of 20.</li>
 * <li>Tells platform-http which server its routes belong to. With the management server running too, Camel 4.17's
 * engine cannot tell the two servers apart and falls back to port 8080; an engine that knows
 * {@code llm.http.port} makes any port work.</li>
 * </ul>
 */
public class HttpServerConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) {
        RouterSettings settings = context.getRegistry().findSingleByType(RouterSettings.class);
        int workers = settings == null ? 1000 : settings.maxInFlight();
        context.getRegistry().bind("vertxOptions", VertxOptions.class,
                new VertxOptions().setWorkerPoolSize(Math.max(20, workers)));
        if (settings != null) {
            context.getRegistry().bind(PlatformHttpConstants.PLATFORM_HTTP_ENGINE_NAME, PlatformHttpEngine.class,
                    new FrontDoorEngine(settings.httpPort()));
        }
    }

    /** The Vert.x platform-http engine, bound to the front doors' port. */
    static final class FrontDoorEngine extends VertxPlatformHttpEngine {
        private final int port;

        FrontDoorEngine(int port) {
            this.port = port;
        }

        @Override
        public int getServerPort() {
            return port;
        }
    }
}
