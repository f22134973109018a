package io.llmfailover.router.wiring;

import java.util.concurrent.Executor;

import io.llmfailover.router.frontdoor.NotFoundException;
import io.llmfailover.router.frontdoor.OllamaFormat;
import io.llmfailover.router.frontdoor.OpenAiFormat;
import io.llmfailover.router.frontdoor.RequestTooLargeException;
import io.llmfailover.router.settings.HttpSettings;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Processor;
import org.apache.camel.StartupListener;
import org.apache.camel.component.platform.http.PlatformHttpComponent;
import org.apache.camel.component.platform.http.PlatformHttpConstants;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.component.platform.http.spi.PlatformHttpConsumer;
import org.apache.camel.component.platform.http.spi.PlatformHttpEngine;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpEngine;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The front doors' HTTP server.
 * <ul>
 * <li>Runs each request with the {@link FrontDoorConsumer}: no thread waits while a provider answers, and a streamed
 * answer is written as it comes.</li>
 * <li>Tells platform-http which server its routes belong to. With the management server running too, Camel 4.17's
 * engine cannot tell the two servers apart and falls back to port 8080; an engine that knows
 * {@code llm.http.port} makes any port work.</li>
 * </ul>
 */
public class FrontDoorServer implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger("io.llmfailover.router.Startup");

    @Override
    public void configure(CamelContext context) throws Exception {
        HttpSettings settings = context.getRegistry().findSingleByType(HttpSettings.class);
        Executor routeThreads = context.getRegistry().lookupByNameAndType(SharedBeans.STEP_THREADS, Executor.class);
        if (settings != null && routeThreads != null) {
            context.getRegistry().bind(PlatformHttpConstants.PLATFORM_HTTP_ENGINE_NAME, PlatformHttpEngine.class,
                    new FrontDoorEngine(settings.port(), routeThreads));
            context.addStartupListener(new TooLargeReplies(settings));
        }
    }

    /**
     * Two things the front doors need from Vert.x before any route runs: a JSON body sent without a JSON content type
     * (curl -d) is read as JSON, and a body over {@code camel.server.max-body-size} (= {@code llm.http.max-body}),
     * which Vert.x refuses with a bare 413, is answered in the door's own error format: Ollama's under /api/,
     * OpenAI's elsewhere.
     */
    static final class TooLargeReplies implements StartupListener {
        private static final java.util.Set<String> JSON_DOORS = java.util.Set.of("/v1/chat/completions", "/api/chat",
                "/api/generate", "/v1/embeddings", "/api/embed");

        private final HttpSettings settings;

        TooLargeReplies(HttpSettings settings) {
            this.settings = settings;
        }

        @Override
        public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        }

        @Override
        public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
            VertxPlatformHttpRouter router = VertxPlatformHttpRouter.lookup(context,
                    VertxPlatformHttpRouter.getRouterNameFromPort(settings.port()));
            OpenAiFormat openAi = context.getRegistry().findSingleByType(OpenAiFormat.class);
            OllamaFormat ollama = context.getRegistry().findSingleByType(OllamaFormat.class);
            if (router == null || openAi == null || ollama == null) {
                return;
            }
            LOG.info("Front doors on http://{}:{} (/v1, /api, /routing) over Vert.x with {}",
                    context.getPropertiesComponent().resolveProperty("camel.server.host").orElse("0.0.0.0"),
                    settings.port(), router.vertx().isNativeTransportEnabled() ? "the native epoll transport"
                            : "Java NIO (native transport unavailable: " + router.vertx().unavailableNativeTransportCause() + ")");
            // Camel's own endpoint summary names the front doors' host for the management server too (log4j2.properties
            // turns it off): this line names the address the management server really binds
            String host = context.getPropertiesComponent().resolveProperty("camel.management.host").orElse("0.0.0.0");
            LOG.info("Management on http://{}:{}/observe/health, /observe/metrics and /observe/jolokia{}", host,
                    context.getPropertiesComponent().resolveProperty("camel.management.port").orElse("9876"),
                    host.startsWith("127.") || host.equals("localhost") ? " (this machine only: CAMEL_MANAGEMENT_HOST "
                            + "opens it to others)" : "");
            // curl -d sends JSON as application/x-www-form-urlencoded, and so do some scripts: Ollama accepts that,
            // so the JSON doors read such a body as JSON instead of letting platform-http parse it as a form
            router.route().order(Integer.MIN_VALUE).handler(ctx -> {
                String path = ctx.request().path();
                if (ctx.request().method() == HttpMethod.POST && path != null && JSON_DOORS.contains(path)) {
                    String type = ctx.request().getHeader("Content-Type");
                    if (type == null || type.isBlank() || type.startsWith("application/x-www-form-urlencoded")) {
                        ctx.request().headers().set("Content-Type", "application/json");
                    }
                }
                ctx.next();
            });
            RequestTooLargeException tooLarge = new RequestTooLargeException(settings.maxBody());
            byte[] openAiBody = openAi.error(tooLarge);
            byte[] ollamaBody = ollama.error(tooLarge);
            // an unknown path or a wrong method under a door answers in that door's JSON error format (Vert.x-web
            // would send an HTML page, which OpenAI and Ollama clients cannot parse)
            // (the doors' router is mounted as a sub-router: what reaches this last route matched no door, by path
            // or by method, and platform-http's endpoint list tells which)
            PlatformHttpComponent doors = context.getComponent("platform-http", PlatformHttpComponent.class);
            router.routeWithRegex("/(v1|api)(/.*)?").last().handler(ctx -> doorError(ctx, doors, openAi, ollama));
            router.route().failureHandler(ctx -> {
                if (ctx.statusCode() != 413 || ctx.response().headWritten()) {
                    ctx.next();
                    return;
                }
                boolean ollamaDoor = ctx.request().path() != null && ctx.request().path().startsWith("/api/");
                ctx.response().setStatusCode(413)
                        .putHeader("Content-Type", ollamaDoor ? "application/json; charset=utf-8" : "application/json")
                        .end(Buffer.buffer(ollamaDoor ? ollamaBody : openAiBody));
            });
        }
    }

    /**
     * A 404 (no such path) or 405 (a door's path, another method) under {@code /v1/} (OpenAI's {@code Invalid URL (GET /v1/x)}) or {@code /api/} (Ollama's
     * {@code {"error":..}}), with the path cut short; elsewhere Vert.x's own answer.
     */
    static void doorError(io.vertx.ext.web.RoutingContext ctx, PlatformHttpComponent doors, OpenAiFormat openAi,
            OllamaFormat ollama) {
        String path = ctx.request().path() == null ? "" : ctx.request().path();
        boolean openAiDoor = path.equals("/v1") || path.startsWith("/v1/");
        boolean ollamaDoor = path.startsWith("/api/");
        if (ctx.response().headWritten() || !openAiDoor && !ollamaDoor) {
            ctx.next();
            return;
        }
        int status = doors.getHttpEndpoints().stream().anyMatch(e -> path.equals(e.getUri())) ? 405 : 404;
        String shown = path.length() <= 128 ? path : path.substring(0, 128) + "...";
        String message = status == 404 ? "Invalid URL (" + ctx.request().method() + " " + shown + ")"
                : "Method " + ctx.request().method() + " is not allowed for " + shown;
        NotFoundException error = new NotFoundException(message, null, null);
        ctx.response().setStatusCode(status)
                .putHeader("Content-Type", ollamaDoor ? "application/json; charset=utf-8" : "application/json")
                .end(Buffer.buffer(ollamaDoor ? ollama.error(error) : openAi.error(error)));
    }

    /** The Vert.x platform-http engine, bound to the front doors' port, with the {@link FrontDoorConsumer}. */
    static final class FrontDoorEngine extends VertxPlatformHttpEngine {
        private final int port;
        private final Executor routeThreads;

        FrontDoorEngine(int port, Executor routeThreads) {
            this.port = port;
            this.routeThreads = routeThreads;
        }

        @Override
        public PlatformHttpConsumer createConsumer(PlatformHttpEndpoint endpoint, Processor processor) {
            return new FrontDoorConsumer(endpoint, processor, getHandlers(),
                    VertxPlatformHttpRouter.getRouterNameFromPort(port), routeThreads);
        }

        @Override
        public int getServerPort() {
            return port;
        }
    }
}
