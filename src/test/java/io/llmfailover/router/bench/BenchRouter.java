package io.llmfailover.router.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import io.llmfailover.router.support.FreePorts;
import io.llmfailover.router.support.RouterProcess;

/**
 * The packaged router in its own JVM: {@code java [jvmArgs] -jar target/llm-failover-router-runner.jar}, started in
 * an empty working directory (no {@code routes/} folder there, so the routes packaged in the jar are used),
 * configured only by environment variables. Its log stays in that directory.
 */
final class BenchRouter implements AutoCloseable {

    /** The jar the routers run: a copy taken when the bench starts, so a rebuild during the run cannot touch it. */
    static volatile Path jar;

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    final String name;
    final int httpPort;
    final int managementPort;
    final Path workDir;
    private final Process process;

    private BenchRouter(String name, Process process, Path workDir, int httpPort, int managementPort) {
        this.name = name;
        this.process = process;
        this.workDir = workDir;
        this.httpPort = httpPort;
        this.managementPort = managementPort;
    }

    static BenchRouter start(String name, Path tmpDir, Map<String, String> env, List<String> jvmArgs) {
        return start(name, tmpDir, env, jvmArgs, jar != null ? jar : RouterProcess.runnerJar());
    }

    /** A router from another jar (an older build, for a side-by-side comparison). */
    static BenchRouter start(String name, Path tmpDir, Map<String, String> env, List<String> jvmArgs, Path routerJar) {
        try {
            Path workDir = tmpDir.resolve("router-" + name);
            Files.createDirectories(workDir);
            int httpPort = FreePorts.next();
            int managementPort = FreePorts.next();
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.addAll(jvmArgs);
            cmd.add("-jar");
            cmd.add(routerJar.toString());
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true)
                    .redirectOutput(workDir.resolve("router.log").toFile());
            pb.environment().keySet().removeIf(k -> k.startsWith("LLM_") || k.startsWith("CAMEL_")
                    || k.equals("JAVA_TOOL_OPTIONS"));
            pb.environment().put("LLM_HTTP_PORT", Integer.toString(httpPort));
            pb.environment().put("CAMEL_MANAGEMENT_PORT", Integer.toString(managementPort));
            pb.environment().putAll(env);
            Process p = pb.start();
            Children.register(p.pid());
            return new BenchRouter(name, p, workDir, httpPort, managementPort);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String baseUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    long pid() {
        return process.pid();
    }

    /** GET /routing (null when it does not answer 200). */
    String routing() {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/routing"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Waits until GET /routing answers and its body satisfies the condition. */
    BenchRouter awaitRouting(Predicate<String> condition, Duration atMost) {
        long deadline = System.nanoTime() + atMost.toNanos();
        String last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("router " + name + " exited with " + process.exitValue() + "; log:\n"
                        + tail(60));
            }
            last = routing();
            if (last != null && condition.test(last)) {
                return this;
            }
            Bench.sleep(50);
        }
        throw new IllegalStateException("router " + name + " not ready within " + atMost + "; last /routing: " + last
                + "\nlog:\n" + tail(60));
    }

    BenchRouter awaitPrimary(String provider, Duration atMost) {
        return awaitRouting(body -> body.contains("\"primary\":{\"provider\":\"" + provider + "\""), atMost);
    }

    String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(workDir.resolve("router.log"), StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    long countInLog(String needle) {
        try (var lines = Files.lines(workDir.resolve("router.log"), StandardCharsets.UTF_8)) {
            return lines.filter(l -> l.contains(needle)).count();
        } catch (IOException | UncheckedIOException e) {
            return -1;
        }
    }

    @Override
    public void close() {
        // its CPU time so far stays in the scenario's accounting after it is gone
        CpuMonitor.ended(process.pid(), CpuMonitor.processTicks(process.pid()));
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        Children.unregister(process.pid());
    }
}
