package io.llmfailover.router.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Prometheus' own {@code promtool}: from the PATH, or extracted once from Debian's {@code prometheus} package
 * ({@code apt-get download}, no root needed) into target/tools, so {@code mvn verify} needs nothing installed.
 */
public final class Promtool {

    private static Path binary;

    private Promtool() {
    }

    public static synchronized Path binary() throws IOException, InterruptedException {
        if (binary != null) {
            return binary;
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path p = Path.of(dir, "promtool");
            if (Files.isExecutable(p)) {
                return binary = p;
            }
        }
        Path tools = Path.of("target", "tools").toAbsolutePath();
        Path extracted = tools.resolve("usr/bin/promtool");
        if (!Files.isExecutable(extracted)) {
            Files.createDirectories(tools);
            run(tools, List.of("apt-get", "download", "prometheus"));
            Path deb;
            try (var files = Files.list(tools)) {
                deb = files.filter(f -> f.getFileName().toString().startsWith("prometheus_")
                        && f.getFileName().toString().endsWith(".deb")).findFirst()
                        .orElseThrow(() -> new IOException("apt-get download prometheus left no .deb in " + tools));
            }
            run(tools, List.of("dpkg-deb", "-x", deb.toString(), tools.toString()));
        }
        if (!Files.isExecutable(extracted)) {
            throw new IOException("promtool is not on the PATH and could not be extracted from Debian's prometheus package");
        }
        return binary = extracted;
    }

    /** Runs {@code promtool check metrics} on the text; returns its exit code and output. */
    public static Result checkMetrics(String exposition) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(binary().toString(), "check", "metrics").redirectErrorStream(true).start();
        p.getOutputStream().write(exposition.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("promtool did not finish");
        }
        return new Result(p.exitValue(), out);
    }

    /** Runs {@code promtool} with these arguments (e.g. {@code check rules FILE}, {@code test rules FILE}). */
    public static Result run(String... args) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of(binary().toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("promtool did not finish");
        }
        return new Result(p.exitValue(), out);
    }

    public record Result(int exitCode, String output) {
    }

    private static void run(Path dir, List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + out);
        }
    }
}
