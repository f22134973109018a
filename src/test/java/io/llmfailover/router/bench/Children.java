package io.llmfailover.router.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The processes the harness started (router JVMs, redis-servers), by process id. Written to a pid file so that
 * bench/run.sh can end them if the harness itself is killed; ended by the harness's shutdown hook otherwise.
 */
final class Children {

    private static final Set<Long> PIDS = new LinkedHashSet<>();
    private static Path pidFile;
    private static boolean hooked;

    private Children() {
    }

    static synchronized void pidFile(Path file) {
        pidFile = file;
        if (!hooked) {
            hooked = true;
            Runtime.getRuntime().addShutdownHook(new Thread(Children::endAll, "bench-children"));
        }
        write();
    }

    static synchronized void register(long pid) {
        PIDS.add(pid);
        write();
    }

    static synchronized void unregister(long pid) {
        PIDS.remove(pid);
        write();
    }

    static synchronized Set<Long> snapshot() {
        return new LinkedHashSet<>(PIDS);
    }

    /** Registers every redis-server this JVM started (embedded-redis does not expose the process). */
    static void registerRedisServers() {
        ProcessHandle.current().children()
                .filter(ph -> ph.info().command().map(c -> c.contains("redis-server")).orElse(false))
                .forEach(ph -> register(ph.pid()));
    }

    /** Ends every registered process still alive (used on exit and on failure). */
    static synchronized void endAll() {
        for (Long pid : PIDS) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
        }
        for (Long pid : PIDS) {
            ProcessHandle.of(pid).ifPresent(ph -> {
                try {
                    ph.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
                } catch (Exception e) {
                    ph.destroyForcibly();
                }
            });
        }
        PIDS.clear();
        write();
    }

    private static void write() {
        PIDS.removeIf(pid -> ProcessHandle.of(pid).map(ph -> !ph.isAlive()).orElse(true));
        if (pidFile == null) {
            return;
        }
        try {
            Files.createDirectories(pidFile.getParent());
            Files.writeString(pidFile, PIDS.stream().map(String::valueOf).collect(Collectors.joining("\n")),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            // best effort: the shutdown hook still ends the processes
        }
    }
}
