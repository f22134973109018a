package io.llmfailover.router.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * CPU use of the whole machine vs the bench's own processes (this JVM, the router JVMs, redis-server), from
 * /proc/stat and /proc/[pid]/stat, so a report says whether something else competed for the cores during a
 * scenario. Linux only; elsewhere it reports nothing.
 */
final class CpuMonitor {

    /** Jiffies: machine busy, machine total, and per bench process (utime + stime of all its threads). */
    record Snapshot(long nanos, long busy, long total, Map<Long, Long> processes) {
    }

    /** CPU ticks of the processes that ended, as last read: a scenario's routers are closed before its end. */
    private static final Map<Long, Long> ENDED = new LinkedHashMap<>();

    private CpuMonitor() {
    }

    static void ended(long pid, long ticks) {
        if (ticks >= 0) {
            synchronized (ENDED) {
                ENDED.put(pid, ticks);
            }
        }
    }

    static Snapshot take() {
        long busy = -1;
        long total = -1;
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat"), StandardCharsets.US_ASCII).get(0).trim().split("\\s+");
            long sum = 0;
            for (int i = 1; i <= 8 && i < f.length; i++) {
                sum += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            busy = sum - idle;
            total = sum;
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        Map<Long, Long> procs = new LinkedHashMap<>();
        Set<Long> pids = new java.util.HashSet<>(Children.snapshot());
        pids.add(ProcessHandle.current().pid());
        synchronized (ENDED) {
            procs.putAll(ENDED);
        }
        for (long pid : pids) {
            long j = processJiffies(pid);
            if (j >= 0) {
                procs.put(pid, j);
            }
        }
        return new Snapshot(System.nanoTime(), busy, total, procs);
    }

    /** Cores used on average between two snapshots: by the machine, by the bench's processes, by everything else. */
    static Map<String, Object> between(Snapshot a, Snapshot b) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (a.total() < 0 || b.total() <= a.total()) {
            return m;
        }
        int cores = Runtime.getRuntime().availableProcessors();
        double totalJiffies = b.total() - a.total();
        double busyCores = (b.busy() - a.busy()) / totalJiffies * cores;
        double ours = 0;
        for (Map.Entry<Long, Long> e : b.processes().entrySet()) {
            Long before = a.processes().get(e.getKey());
            ours += e.getValue() - (before == null ? 0 : before);
        }
        double oursCores = ours / totalJiffies * cores;
        m.put("machineBusyCores", Bench.round(busyCores, 2));
        m.put("benchProcessesCores", Bench.round(Math.min(busyCores, oursCores), 2));
        m.put("otherProcessesCores", Bench.round(Math.max(0, busyCores - oursCores), 2));
        return m;
    }

    /** Clock ticks per second of /proc/[pid]/stat's utime and stime (USER_HZ, 100 on Linux). */
    static final int TICKS_PER_SECOND = 100;

    /** CPU time of one process so far (all threads, user + system), in clock ticks; -1 when unknown. */
    static long processTicks(long pid) {
        return processJiffies(pid);
    }

    /** System (kernel) CPU time of one process so far, in clock ticks; -1 when unknown. */
    static long processSystemTicks(long pid) {
        try {
            String s = Files.readString(Path.of("/proc/" + pid + "/stat"), StandardCharsets.US_ASCII);
            return Long.parseLong(s.substring(s.lastIndexOf(')') + 2).split(" ")[12]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * CPU time of a process's threads so far, in clock ticks, grouped by thread name with digits replaced by N
     * ({@code vert.x-worker-thread-N}, {@code C2 CompilerThreN}; Linux keeps 15 characters of a name).
     */
    static Map<String, Long> threadTicks(long pid) {
        Map<String, Long> byName = new java.util.TreeMap<>();
        try (java.util.stream.Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String name = Files.readString(task.resolve("comm"), StandardCharsets.US_ASCII).trim()
                            .replaceAll("[0-9]+", "N");
                    String s = Files.readString(task.resolve("stat"), StandardCharsets.US_ASCII);
                    String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
                    byName.merge(name, Long.parseLong(f[11]) + Long.parseLong(f[12]), Long::sum);
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or the process ended
        }
        return byName;
    }

    /** Per thread group: ticks in {@code after} minus ticks in {@code before}, largest first, in CPU seconds. */
    static Map<String, Double> threadSeconds(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Double> out = new LinkedHashMap<>();
        after.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
                .filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(8)
                .forEach(e -> out.put(e.getKey(), Bench.round(e.getValue() / (double) TICKS_PER_SECOND, 2)));
        return out;
    }

    private static long processJiffies(long pid) {
        try {
            String s = Files.readString(Path.of("/proc/" + pid + "/stat"), StandardCharsets.US_ASCII);
            // the command name (field 2) may hold spaces: fields after the closing parenthesis
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
