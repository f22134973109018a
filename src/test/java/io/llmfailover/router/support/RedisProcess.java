package io.llmfailover.router.support;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import redis.embedded.core.ExecutableProvider;

/**
 * One real redis-server process (the binary embedded-redis ships), as a server, a cluster node or a sentinel, with a
 * config file of its own in a folder of the test's. {@link #kill()} is SIGKILL, as a crash; every process still
 * running when the JVM exits is killed by a shutdown hook, so a failed test leaves none behind.
 */
public final class RedisProcess implements AutoCloseable {

    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();
    private static volatile Path binary;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly)));
    }

    private final Path dir;
    private final int port;
    private final List<String> command;
    private Process process;

    private RedisProcess(Path dir, int port, List<String> command) {
        this.dir = dir;
        this.port = port;
        this.command = command;
    }

    /** A redis-server on 127.0.0.1:port without persistence, with these extra config lines; started and answering. */
    public static RedisProcess server(Path dir, int port, String... config) {
        return start(dir, port, false, config);
    }

    /** A sentinel ({@code redis-server <conf> --sentinel}) on 127.0.0.1:port; started and answering. */
    public static RedisProcess sentinel(Path dir, int port, String... config) {
        return start(dir, port, true, config);
    }

    private static RedisProcess start(Path dir, int port, boolean sentinel, String... config) {
        try {
            Path conf = dir.resolve((sentinel ? "sentinel-" : "redis-") + port + ".conf");
            List<String> lines = new ArrayList<>(List.of("port " + port, "bind 127.0.0.1", "dir " + dir,
                    "logfile " + dir.resolve(port + ".log")));
            if (!sentinel) {
                lines.addAll(List.of("save \"\"", "appendonly no"));
            }
            lines.addAll(List.of(config));
            Files.write(conf, lines);
            List<String> command = new ArrayList<>(List.of(binary().toString(), conf.toString()));
            if (sentinel) {
                command.add("--sentinel");
            }
            RedisProcess p = new RedisProcess(dir, port, command);
            p.start();
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static synchronized Path binary() throws IOException {
        if (binary == null) {
            binary = ExecutableProvider.newJarResourceProvider().get().toPath();
        }
        return binary;
    }

    /** Starts the process (again, after {@link #kill()}) and waits until it answers on its port. */
    public void start() {
        try {
            process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve(port + ".out").toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LIVE.add(process);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(this::answers);
    }

    /** True when something answers a PING on the port (+PONG, or -NOAUTH when it wants a password). */
    public boolean answers() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            s.setSoTimeout(500);
            OutputStream out = s.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String line = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            return line != null && (line.startsWith("+") || line.startsWith("-"));
        } catch (IOException e) {
            return false;
        }
    }

    public int port() {
        return port;
    }

    public String hostPort() {
        return "127.0.0.1:" + port;
    }

    /** SIGKILL, as a crash or a lost machine: no shutdown, no goodbye to the replicas. */
    public void kill() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (process != null) {
            LIVE.remove(process);
        }
    }

    public boolean alive() {
        return process != null && process.isAlive();
    }

    /** What the process wrote to its log (for a failing test's message). */
    public String log() {
        try {
            Path log = dir.resolve(port + ".log");
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Override
    public void close() {
        kill();
    }
}
