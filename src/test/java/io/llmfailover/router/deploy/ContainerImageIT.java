package io.llmfailover.router.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

/**
 * The Dockerfile, checked offline after {@code mvn package} (no registry is reachable here, so the image itself is
 * built in the users' CI): what it copies exists, what it exposes and runs as matches the application.
 */
class ContainerImageIT {

    private static final Path DOCKERFILE = Path.of("Dockerfile");

    static List<String> instructions() throws IOException {
        List<String> result = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : Files.readAllLines(DOCKERFILE)) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || trimmed.isEmpty()) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            current.append(trimmed);
            result.add(current.toString());
            current.setLength(0);
        }
        return result;
    }

    static List<String> runtimeStage() throws IOException {
        List<String> all = instructions();
        int last = 0;
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).startsWith("FROM ")) {
                last = i;
            }
        }
        return all.subList(last, all.size());
    }

    static int dockerfileUser() throws IOException {
        String user = runtimeStage().stream().filter(i -> i.startsWith("USER ")).findFirst().orElseThrow().substring(5).strip();
        return Integer.parseInt(user.split(":")[0]);
    }

    static String dockerfileWorkdir() throws IOException {
        return runtimeStage().stream().filter(i -> i.startsWith("WORKDIR ")).findFirst().orElseThrow().substring(8).strip();
    }

    @Test
    void runtimeStageCopiesFilesThatExistAfterPackage() throws IOException {
        List<String> runtime = runtimeStage();
        assertThat(runtime.get(0)).matches("FROM eclipse-temurin:17-jre.*");
        String workdir = dockerfileWorkdir();
        List<String> copies = runtime.stream().filter(i -> i.startsWith("COPY ")).toList();
        assertThat(copies).hasSize(3);
        for (String copy : copies) {
            List<String> parts = new ArrayList<>(List.of(copy.substring(5).strip().split("\\s+")));
            boolean fromBuild = parts.removeIf(p -> p.equals("--from=build"));
            parts.removeIf(p -> p.startsWith("--"));
            String source = parts.get(0);
            Path local = fromBuild ? Path.of(source.replaceFirst("^/src/", "")) : Path.of(source);
            assertThat(local).as("%s copies %s", copy, local).exists();
            assertThat(parts.get(1)).startsWith(workdir);
        }
        // the jar it runs is the one it copied
        String entrypoint = runtime.stream().filter(i -> i.startsWith("ENTRYPOINT ")).findFirst().orElseThrow();
        String jar = copies.stream().filter(c -> c.contains("--from=build")).findFirst().orElseThrow().split("\\s+")[3];
        assertThat(entrypoint).contains("\"" + jar + "\"");
        assertThat(Path.of("target", "llm-failover-router-runner.jar")).isRegularFile();
    }

    @Test
    void portsUserAndJvmFlagsMatchTheApplication() throws IOException {
        List<String> runtime = runtimeStage();
        Properties app = Manifests.applicationProperties();
        Set<Integer> exposed = new TreeSet<>();
        runtime.stream().filter(i -> i.startsWith("EXPOSE ")).forEach(i -> {
            for (String p : i.substring(7).strip().split("\\s+")) {
                exposed.add(Integer.parseInt(p));
            }
        });
        assertThat(exposed).containsExactlyInAnyOrder(Manifests.portDefault(app.getProperty("llm.http.port")),
                Manifests.portDefault(app.getProperty("camel.management.port")));
        assertThat(dockerfileUser()).isGreaterThan(0);
        String env = String.join(" ", runtime.stream().filter(i -> i.startsWith("ENV ")).toList());
        assertThat(env).contains("-XX:MaxRAMPercentage=").contains("CAMEL_MANAGEMENT_HOST=0.0.0.0");
        // the management host the image sets is the variable the application reads
        assertThat(app.getProperty("camel.management.host")).contains("env:CAMEL_MANAGEMENT_HOST");
        // the application reads application.properties and routes/ from the working directory
        assertThat(dockerfileWorkdir()).isEqualTo("/app");
    }
}
