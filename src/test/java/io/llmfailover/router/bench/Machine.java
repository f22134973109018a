package io.llmfailover.router.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** What the bench ran on: CPU model, cores, RAM, Java, OS, date and the commit of the working tree. */
final class Machine {

    private Machine() {
    }

    static Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cpu", cpuModel());
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("ramGiB", memTotalGiB());
        m.put("java", javaVersion());
        m.put("os", osName());
        m.put("date", ZonedDateTime.now(ZoneOffset.UTC).truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        m.put("commit", git());
        m.put("setup", "load generator and stub share one JVM (each its own Vert.x, 2 event loops); the router is its own JVM"
                + " (java -jar target/llm-failover-router-runner.jar, default JVM flags); all three share the cores"
                + " above; all traffic on 127.0.0.1");
        return m;
    }

    private static String cpuModel() {
        for (String line : lines(Path.of("/proc/cpuinfo"))) {
            if (line.startsWith("model name")) {
                return line.substring(line.indexOf(':') + 1).trim();
            }
        }
        return System.getProperty("os.arch");
    }

    private static Double memTotalGiB() {
        for (String line : lines(Path.of("/proc/meminfo"))) {
            if (line.startsWith("MemTotal:")) {
                long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                return Bench.round(kb / 1024.0 / 1024.0, 1);
            }
        }
        return null;
    }

    private static String osName() {
        for (String line : lines(Path.of("/etc/os-release"))) {
            if (line.startsWith("PRETTY_NAME=")) {
                return line.substring(12).replace("\"", "") + ", kernel " + System.getProperty("os.version");
            }
        }
        return System.getProperty("os.name") + " " + System.getProperty("os.version");
    }

    private static String javaVersion() {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String out = run(List.of(java, "-version"));
        if (out != null && !out.isBlank()) {
            return String.join(" | ", out.strip().split("\\R"));
        }
        return System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version");
    }

    private static String git() {
        String rev = run(List.of("git", "rev-parse", "--short", "HEAD"));
        if (rev == null || rev.isBlank()) {
            return "unknown";
        }
        String status = run(List.of("git", "status", "--porcelain", "--untracked-files=no"));
        return rev.strip() + (status != null && !status.isBlank() ? " (with uncommitted changes)" : "");
    }

    private static String run(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return null;
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static List<String> lines(Path p) {
        try {
            return Files.readAllLines(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return List.of();
        }
    }
}
