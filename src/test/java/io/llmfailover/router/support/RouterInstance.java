package io.llmfailover.router.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.llmfailover.router.Application;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.Main;

/**
 * One real router instance, started the way {@code java -jar} starts it ({@link Application#create}), with the
 * real YAML routes from routes/, on free ports. Several can run side by side in one JVM.
 */
public final class RouterInstance implements AutoCloseable {

    private static final AtomicInteger COUNTER = new AtomicInteger();
    /** HTTP/1.1 like the clients the router serves (no h2c upgrade dance), and no request can hang a test. */
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private final Main main;
    private final int httpPort;
    private final int managementPort;
    private ProducerTemplate template;

    private RouterInstance(Main main, int httpPort, int managementPort) {
        this.main = main;
        this.httpPort = httpPort;
        this.managementPort = managementPort;
    }

    /**
     * Starts a router. Defaults for tests: a long poll interval (the timer probes once at startup; tests probe on
     * demand through direct:check-health), in-memory state, no API keys.
     */
    public static RouterInstance start(Map<String, String> properties) {
        Map<String, String> props = new HashMap<>();
        int httpPort = FreePorts.next();
        int managementPort = FreePorts.next();
        props.put("camel.main.name", "llm-failover-router-test-" + COUNTER.incrementAndGet());
        props.put("llm.http.port", Integer.toString(httpPort));
        props.put("camel.management.port", Integer.toString(managementPort));
        props.put("llm.health.poll-interval", "1h");
        props.put("llm.health.probe-timeout", "2s");
        props.put("llm.redis.url", "");
        props.put("llm.gemini.api-key", "");
        props.put("llm.nemotron.api-key", "");
        props.put("llm.claude.api-key", "");
        props.putAll(properties);
        Main main = Application.create(props);
        try {
            main.start();
        } catch (Exception e) {
            throw new IllegalStateException("router did not start: " + e.getMessage(), e);
        }
        RouterInstance instance = new RouterInstance(main, httpPort, managementPort);
        await().atMost(Duration.ofSeconds(20)).until(() -> main.getCamelContext() != null
                && main.getCamelContext().isStarted());
        return instance;
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    public synchronized ProducerTemplate template() {
        if (template == null) {
            template = context().createProducerTemplate();
        }
        return template;
    }

    public <T> T bean(String name, Class<T> type) {
        T bean = context().getRegistry().lookupByNameAndType(name, type);
        if (bean == null) {
            throw new IllegalStateException("no bean " + name);
        }
        return bean;
    }

    public int httpPort() {
        return httpPort;
    }

    public int managementPort() {
        return managementPort;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    /** A router started on these properties, once its first Ollama probe is done (so its chain is settled). */
    public static RouterInstance startProbed(Map<String, String> properties) {
        RouterInstance r = start(properties);
        org.awaitility.Awaitility.await().until(() -> r.bean("ollamaHealth",
                io.llmfailover.router.health.OllamaHealth.class).lastProbe() != null);
        return r;
    }

    /** POSTs a JSON body to one of the router's doors. */
    public HttpResponse<String> postJson(String path, String body) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).GET().build());
    }

    public static HttpResponse<String> send(HttpRequest request) {
        if (request.timeout().isEmpty()) {
            request = HttpRequest.newBuilder(request, (name, value) -> true).timeout(REQUEST_TIMEOUT).build();
        }
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            if (template != null) {
                template.close();
            }
            main.stop();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
