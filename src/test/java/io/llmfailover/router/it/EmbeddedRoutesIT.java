package io.llmfailover.router.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import io.llmfailover.router.routing.RoutingDecision;
import io.llmfailover.router.support.OllamaStub;
import io.llmfailover.router.wiring.RouterConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;

/**
 * Another Camel application with our jar on its classpath: a plain CamelContext that only adds the routes packaged
 * in the jar (all but the HTTP front doors, which need an HTTP server) and calls direct:select-provider.
 */
class EmbeddedRoutesIT {

    @Test
    void anotherCamelContextLoadsTheJarsRoutesAndSelectsAProvider() throws Exception {
        Path jar = Path.of(System.getProperty("router.jar", "target/llm-failover-router.jar"));
        assertThat(jar).isRegularFile();
        try (OllamaStub ollama = new OllamaStub().healthy(); JarFile jf = new JarFile(jar.toFile());
                CamelContext host = new DefaultCamelContext()) {
            List<Resource> routes = new ArrayList<>();
            for (Enumeration<JarEntry> e = jf.entries(); e.hasMoreElements();) {
                JarEntry entry = e.nextElement();
                String name = entry.getName();
                if (name.startsWith("routes/") && name.endsWith(".camel.yaml") && !name.startsWith("routes/http-")) {
                    routes.add(ResourceHelper.fromBytes(name, jf.getInputStream(entry).readAllBytes()));
                }
            }
            assertThat(routes).extracting(Resource::getLocation)
                    .contains("routes/select-provider.camel.yaml", "routes/health-probe.camel.yaml");

            // the host's own settings; every other llm.* key comes from the defaults packaged in the jar
            host.getPropertiesComponent().addOverrideProperty("llm.ollama.url", ollama.url());
            host.getPropertiesComponent().addOverrideProperty("llm.health.poll-interval", "1h");
            new RouterConfiguration().configure(host);
            PluginHelper.getRoutesLoader(host).loadRoutes(routes);
            host.start();

            assertThat(host.getRoute("select-provider")).isNotNull();
            ProducerTemplate template = host.createProducerTemplate();
            await().until(() -> template.requestBody("direct:select-provider", null, RoutingDecision.class)
                    .primary().provider().equals("ollama"));
            RoutingDecision d = template.requestBody("direct:select-provider", "anything", RoutingDecision.class);
            assertThat(d.fallbackChain()).extracting(t -> t.provider()).containsExactly("gemini");
            assertThat(d.reason()).startsWith("ollama HEALTHY -> ollama at ");
            assertThat(d.primary().model()).isEqualTo("llama3.2:3b");
        }
    }
}
