package io.llmfailover.router.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged router run the way a user runs it: {@code java -jar target/llm-failover-router-runner.jar}, in its
 * own JVM, configured only through environment variables.
 */
public final class RouterProcess implements AutoCloseable {

    private final Process process;
    private final Path log;
    private final long startedNanos;
    public final int httpPort;
    public final int managementPort;

    private RouterProcess(Process process, Path log, long startedNanos, int httpPort, int managementPort) {
        this.process = process;
        this.log = log;
        this.startedNanos = startedNanos;
        this.httpPort = httpPort;
        this.managementPort = managementPort;
    }

    public static Path runnerJar() {
        String jar = System.getProperty("router.runner.jar", "target/llm-failover-router-runner.jar");
        Path p = Path.of(jar).toAbsolutePath();
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException("run 'mvn package' first: " + p + " is missing");
        }
        return p;
    }

    /** Starts the jar in an empty working directory (so the routes packaged in the jar are used). */
    public static RouterProcess start(Map<String, String> env) {
        return start(env, Map.of());
    }

    /** Starts the jar in a working directory holding the given files (name to content). */
    public static RouterProcess start(Map<String, String> env, Map<String, String> files) {
        try {
            Path workDir = Files.createTempDirectory("router-run");
            for (Map.Entry<String, String> f : files.entrySet()) {
                Files.writeString(workDir.resolve(f.getKey()), f.getValue());
            }
            Path log = workDir.resolve("router.log");
            int httpPort = FreePorts.next();
            int managementPort = FreePorts.next();
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.add("-jar");
            cmd.add(runnerJar().toString());
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().keySet().removeIf(k -> k.startsWith("LLM_") || k.startsWith("CAMEL_"));
            pb.environment().put("LLM_HTTP_PORT", Integer.toString(httpPort));
            pb.environment().put("CAMEL_MANAGEMENT_PORT", Integer.toString(managementPort));
            pb.environment().putAll(env);
            long started = System.nanoTime();
            return new RouterProcess(pb.start(), log, started, httpPort, managementPort);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Duration sinceStart() {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public int waitForExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("router still running after " + timeout);
        }
        return process.exitValue();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        File dir = log.getParent().toFile();
        File[] children = dir.listFiles();
        if (children != null) {
            for (File f : children) {
                f.delete();
            }
        }
        dir.delete();
    }
}
