package io.llmfailover.router.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

import io.llmfailover.router.support.RouterInstance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Editing a file in the routes folder while the router runs replaces its routes and keeps all the others. */
class RouteHotReloadTest {

    @TempDir
    Path routes;

    @Test
    void editedRouteFileTakesEffectWithoutLosingOtherRoutes() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            for (Path f : files.toList()) {
                Files.copy(f, routes.resolve(f.getFileName()));
            }
        }
        try (RouterInstance router = RouterInstance.start(Map.of(
                "llm.routes.dir", routes.toString(), "llm.ollama.url", "http://127.0.0.1:1"))) {
            int routeCount = router.context().getRoutes().size();
            assertThat(router.get("/routing").headers().firstValue("X-Routes-Edited")).isEmpty();

            Path file = routes.resolve("http-routing.camel.yaml");
            String yaml = Files.readString(file);
            String edited = yaml.replace("""
                    - setHeader:
                                id: http-routing-content-type""", """
                    - setHeader:
                                id: http-routing-edited
                                name: X-Routes-Edited
                                expression:
                                  constant:
                                    expression: "yes"
                            - setHeader:
                                id: http-routing-content-type""");
            assertThat(edited).isNotEqualTo(yaml);
            Files.writeString(file, edited);

            await().atMost(Duration.ofSeconds(20)).until(() ->
                    router.get("/routing").headers().firstValue("X-Routes-Edited").orElse("").equals("yes"));
            assertThat(router.context().getRoutes()).hasSize(routeCount);
            assertThat(router.context().getRoute("select-provider")).isNotNull();
            assertThat(router.context().getRoute("ollama-health-poll")).isNotNull();
            assertThat(router.get("/routing").body()).contains("\"primary\"");
        }
    }
}
