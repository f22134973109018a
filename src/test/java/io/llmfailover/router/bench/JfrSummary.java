package io.llmfailover.router.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jdk.jfr.consumer.RecordedClass;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Aggregates a JFR recording of the router over a time window: CPU samples by library (top frame), hottest methods
 * (self and inclusive), allocation by class and by site, lock contention, GC and CPU load. Markdown out.
 *
 * <pre>
 * usage: JfrSummary recording.jfr [top [from to]]   (from, to: ISO instants, e.g. 2026-11-26T08:00:00Z)
 * </pre>
 */
public final class JfrSummary {

    private JfrSummary() {
    }

    public static void main(String[] args) throws IOException {
        int top = args.length > 1 ? Integer.parseInt(args[1]) : 25;
        Instant from = args.length > 3 ? Instant.parse(args[2]) : Instant.MIN;
        Instant to = args.length > 3 ? Instant.parse(args[3]) : Instant.MAX;
        System.out.println(summarize(Path.of(args[0]), from, to, top));
    }

    /** Libraries, by package prefix, in the order they are matched. */
    private static final String[][] GROUPS = {
        {"io.llmfailover.", "router code"},
        {"org.apache.camel.component.platform.http.", "camel platform-http"},
        {"org.apache.camel.component.http.", "camel-http"},
        {"org.apache.camel.component.micrometer.", "camel-micrometer"},
        {"org.apache.camel.language.simple.", "camel simple language"},
        {"org.apache.camel.component.bean.", "camel bean"},
        {"org.apache.camel.dsl.yaml.", "camel yaml dsl"},
        {"org.apache.camel.", "camel core"},
        {"org.apache.hc.", "Apache HttpClient 5"},
        {"io.vertx.", "Vert.x"},
        {"io.netty.", "Netty"},
        {"com.fasterxml.jackson.", "Jackson"},
        {"io.micrometer.", "Micrometer"},
        {"redis.clients.", "Jedis"},
        {"org.apache.logging.", "Log4j"},
        {"org.slf4j.", "SLF4J"},
        {"java.util.concurrent.", "JDK j.u.concurrent"},
        {"java.util.regex.", "JDK regex"},
        {"java.lang.invoke.", "JDK method handles"},
        {"java.lang.reflect.", "JDK reflection"},
        {"jdk.internal.reflect.", "JDK reflection"},
        {"sun.nio.", "JDK NIO"},
        {"java.nio.", "JDK NIO"},
        {"java.net.", "JDK net"},
        {"java.io.", "JDK I/O"},
        {"java.", "JDK other"},
        {"jdk.", "JDK other"},
        {"sun.", "JDK other"},
    };

    /**
     * Known costs of the hot path: share of CPU samples with any of these frames on the stack (a sample may count
     * in several rows). The first rows are the waste removed in issue 6; the others are kept as reference.
     */
    private static final String[][] COSTS = {
        {"exchange copied by a `method:` expression or `${body.x}` navigation", "ExchangeHelper.createCopy",
            "BeanExpression.invokeBean+ConcurrentHashMap.putAll"},
        {"byte[] reply pumped through an InputStream (platform-http)", "AsyncInputStream", "PumpImpl",
            "writeResponseAsFallback"},
        {"request body wrapped in a stream cache, read back to byte[]", "IOConverter.toBytes", "toStreamCache"},
        {"HttpClient cookie store", "BasicCookieStore", "RequestAddCookies", "ResponseProcessCookies"},
        {"camel-micrometer route policy (camel.metrics.enableRoutePolicy)", "MicrometerRoutePolicy"},
        {"camel-micrometer exchange event notifier (camel.metrics.enableExchangeEventNotifier)",
            "MicrometerExchangeEventNotifier"},
        {"JMX per-processor statistics (camel.main.jmxManagementStatisticsLevel)", "DefaultInstrumentationProcessor",
            "ManagedPerformanceCounter"},
        {"stream-caching check before each step (camel.main.streamCachingEnabled)", "StreamCachingAdvice"},
        {"Jackson: parse and render JSON on both legs", "com.fasterxml.jackson."},
        {"camel-http producer, HttpClient 5 and its socket I/O", "HttpProducer.process"},
    };

    public static String summarize(Path file, Instant from, Instant to, int top) throws IOException {
        long[] costs = new long[COSTS.length];
        Map<String, Long> byThread = new HashMap<>();
        Map<String, Long> byGroup = new HashMap<>();
        Map<String, Long> self = new HashMap<>();
        Map<String, Long> inclusive = new HashMap<>();
        Map<String, Long> firstAppFrame = new HashMap<>();
        Map<String, Long> allocByClass = new HashMap<>();
        Map<String, Long> allocBySite = new HashMap<>();
        Map<String, Long> monitors = new HashMap<>();
        Map<String, Long> parks = new HashMap<>();
        Map<String, Map<String, Long>> callers = new HashMap<>();
        Map<String, Map<String, Long>> allocCallers = new HashMap<>();
        long samples = 0;
        long allocTotal = 0;
        long gcCount = 0;
        Duration gcTotal = Duration.ZERO;
        Duration gcLongest = Duration.ZERO;
        double cpuMachine = 0;
        double cpuJvm = 0;
        long cpuN = 0;
        Instant first = null;
        Instant last = null;
        try (RecordingFile rf = new RecordingFile(file)) {
            while (rf.hasMoreEvents()) {
                RecordedEvent e = rf.readEvent();
                Instant t = e.getStartTime();
                if (t.isBefore(from) || t.isAfter(to)) {
                    continue;
                }
                first = first == null || t.isBefore(first) ? t : first;
                last = last == null || t.isAfter(last) ? t : last;
                String type = e.getEventType().getName();
                switch (type) {
                    case "jdk.ExecutionSample" -> {
                        RecordedStackTrace st = e.getStackTrace();
                        if (st == null || st.getFrames().isEmpty()) {
                            continue;
                        }
                        samples++;
                        RecordedThread th = e.getThread("sampledThread");
                        byThread.merge(threadGroup(th), 1L, Long::sum);
                        List<RecordedFrame> frames = st.getFrames();
                        String topMethod = method(frames.get(0));
                        self.merge(topMethod, 1L, Long::sum);
                        callers.computeIfAbsent(topMethod, k -> new HashMap<>()).merge(chain(frames, 1, 7), 1L,
                                Long::sum);
                        byGroup.merge(group(topMethod), 1L, Long::sum);
                        countCosts(frames, costs);
                        Set<String> seen = new HashSet<>();
                        boolean firstApp = true;
                        for (RecordedFrame f : frames) {
                            String m = method(f);
                            if (seen.add(m)) {
                                inclusive.merge(m, 1L, Long::sum);
                            }
                            if (firstApp && m.startsWith("io.llmfailover.")) {
                                firstAppFrame.merge(m, 1L, Long::sum);
                                firstApp = false;
                            }
                        }
                    }
                    case "jdk.ObjectAllocationSample" -> {
                        long w = e.getLong("weight");
                        allocTotal += w;
                        RecordedClass c = e.getClass("objectClass");
                        allocByClass.merge(c == null ? "?" : c.getName(), w, Long::sum);
                        String site = site(e.getStackTrace());
                        allocBySite.merge(site, w, Long::sum);
                        if (e.getStackTrace() != null) {
                            List<RecordedFrame> fr = e.getStackTrace().getFrames();
                            int at = 0;
                            while (at < fr.size() && isJdk(method(fr.get(at)))) {
                                at++;
                            }
                            allocCallers.computeIfAbsent(site, k -> new HashMap<>()).merge(chain(fr, at + 1, 6), w,
                                    Long::sum);
                        }
                    }
                    case "jdk.JavaMonitorEnter" -> {
                        RecordedClass c = e.getClass("monitorClass");
                        monitors.merge((c == null ? "?" : c.getName()) + " at " + site(e.getStackTrace()),
                                e.getDuration().toNanos(), Long::sum);
                    }
                    case "jdk.ThreadPark" -> parks.merge(threadGroup(e.getThread()) + " at " + site(e.getStackTrace()),
                            e.getDuration().toNanos(), Long::sum);
                    case "jdk.GarbageCollection" -> {
                        gcCount++;
                        gcTotal = gcTotal.plus(e.getDuration("sumOfPauses"));
                        Duration longest = e.getDuration("longestPause");
                        gcLongest = longest.compareTo(gcLongest) > 0 ? longest : gcLongest;
                    }
                    case "jdk.CPULoad" -> {
                        cpuMachine += e.getFloat("machineTotal");
                        cpuJvm += e.getFloat("jvmUser") + e.getFloat("jvmSystem");
                        cpuN++;
                    }
                    default -> {
                    }
                }
            }
        }
        double seconds = first == null ? 1 : Math.max(1e-3, Duration.between(first, last).toMillis() / 1000.0);
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "Window: %.1f s, %d CPU samples (jdk.ExecutionSample, settings=profile)",
                seconds, samples));
        if (cpuN > 0) {
            md.append(String.format(Locale.ROOT, "; CPU load: router JVM %.0f%%, whole machine %.0f%% (of all cores)",
                    100 * cpuJvm / cpuN, 100 * cpuMachine / cpuN));
        }
        md.append(String.format(Locale.ROOT, "; GC: %d collections, %.1f ms paused in total, longest pause %.1f ms.%n%n",
                gcCount, gcTotal.toNanos() / 1e6, gcLongest.toNanos() / 1e6));
        md.append("### Known costs (share of CPU samples with the cost on the stack)\n\n| cost | share |\n|---|---:|\n");
        for (int i = 0; i < COSTS.length; i++) {
            md.append("| ").append(COSTS[i][0]).append(" | ")
                    .append(String.format(Locale.ROOT, "%.1f %%", 100.0 * costs[i] / Math.max(1, samples))).append(" |\n");
        }
        md.append('\n');
        table(md, "CPU samples by thread", "thread", byThread, samples, 12, "%");
        table(md, "CPU samples by library of the top frame (where the CPU time is spent)", "library", byGroup, samples,
                30, "%");
        table(md, "Hottest methods, self time", "method", self, samples, top, "%");
        table(md, "Hottest methods, inclusive (on the stack), Camel / router / libraries", "method",
                filter(inclusive, m -> !m.startsWith("java.") && !m.startsWith("jdk.") && !m.startsWith("sun.")),
                samples, top, "%");
        table(md, "Router code on the stack (inclusive, first router frame)", "method", firstAppFrame, samples, 15,
                "%");
        md.append(String.format(Locale.ROOT, "Allocation: %.0f MB/s sampled (jdk.ObjectAllocationSample weight).%n%n",
                allocTotal / seconds / 1e6));
        table(md, "Allocation by class", "class", allocByClass, allocTotal, 20, "%");
        table(md, "Allocation by site (first frame outside java.*, jdk.*, sun.*)", "site", allocBySite, allocTotal, top,
                "%");
        stacks(md, "Who calls the hottest methods (most frequent caller chain, innermost first)", self, callers,
                samples, 10);
        stacks(md, "Who allocates (most frequent caller chain of the top allocation sites)", allocBySite, allocCallers,
                allocTotal, 8);
        if (!monitors.isEmpty()) {
            table(md, "Contended locks (jdk.JavaMonitorEnter, > 20 ms), total blocked time", "monitor", monitors, -1, 10,
                    "ms");
        }
        if (!parks.isEmpty()) {
            table(md, "Parked threads (jdk.ThreadPark, > 20 ms), total parked time (idle pools included)", "where", parks,
                    -1, 10, "ms");
        }
        return md.toString();
    }

    private static void stacks(StringBuilder md, String title, Map<String, Long> top, Map<String, Map<String, Long>> chains,
            long total, int n) {
        md.append("### ").append(title).append("\n\n| method | share | called from |\n|---|---:|---|\n");
        top.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).limit(n).forEach(e -> {
            Map<String, Long> c = chains.getOrDefault(e.getKey(), Map.of());
            String chain = c.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse("");
            md.append("| `").append(shortName(e.getKey())).append("` | ")
                    .append(String.format(Locale.ROOT, "%.1f %%", 100.0 * e.getValue() / Math.max(1, total)))
                    .append(" | ").append(chain.replace("|", "\\|")).append(" |\n");
        });
        md.append('\n');
    }

    private static String chain(List<RecordedFrame> frames, int from, int depth) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < Math.min(frames.size(), from + depth); i++) {
            if (sb.length() > 0) {
                sb.append(" < ");
            }
            sb.append(shortName(method(frames.get(i))));
        }
        return sb.toString();
    }

    /** {@code org.apache.camel.support.AbstractExchange.copy} becomes {@code AbstractExchange.copy}. */
    private static String shortName(String method) {
        int paren = method.indexOf(':');
        String m = paren < 0 ? method : method.substring(0, paren);
        int lastDot = m.lastIndexOf('.');
        int classDot = lastDot < 0 ? -1 : m.lastIndexOf('.', lastDot - 1);
        return (classDot < 0 ? m : m.substring(classDot + 1)) + (paren < 0 ? "" : method.substring(paren));
    }

    private static boolean isJdk(String m) {
        return m.startsWith("java.") || m.startsWith("jdk.") || m.startsWith("sun.");
    }

    private static void countCosts(List<RecordedFrame> frames, long[] costs) {
        for (int i = 0; i < COSTS.length; i++) {
            boolean hit = false;
            for (int k = 1; k < COSTS[i].length && !hit; k++) {
                String[] all = COSTS[i][k].split("\\+");
                boolean every = true;
                for (String needle : all) {
                    boolean found = false;
                    for (RecordedFrame f : frames) {
                        if (method(f).contains(needle)) {
                            found = true;
                            break;
                        }
                    }
                    every &= found;
                }
                hit = every;
            }
            if (hit) {
                costs[i]++;
            }
        }
    }

    private static Map<String, Long> filter(Map<String, Long> m, java.util.function.Predicate<String> keep) {
        return m.entrySet().stream().filter(e -> keep.test(e.getKey()))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    private static void table(StringBuilder md, String title, String col, Map<String, Long> m, long total, int top,
            String unit) {
        md.append("### ").append(title).append("\n\n| ").append(col).append(" | ").append(unit.equals("%")
                ? "share" : "time").append(" |\n|---|---:|\n");
        m.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).limit(top).forEach(e -> {
            String v = unit.equals("%") ? String.format(Locale.ROOT, "%.1f %%", 100.0 * e.getValue() / Math.max(1, total))
                    : String.format(Locale.ROOT, "%.0f ms", e.getValue() / 1e6);
            md.append("| `").append(e.getKey().replace("|", "\\|")).append("` | ").append(v).append(" |\n");
        });
        md.append('\n');
    }

    private static String method(RecordedFrame f) {
        RecordedMethod m = f.getMethod();
        if (m == null) {
            return "?";
        }
        return m.getType().getName() + "." + m.getName();
    }

    private static String group(String method) {
        for (String[] g : GROUPS) {
            if (method.startsWith(g[0])) {
                return g[1];
            }
        }
        return "other";
    }

    private static String site(RecordedStackTrace st) {
        if (st == null) {
            return "?";
        }
        for (RecordedFrame f : st.getFrames()) {
            String m = method(f);
            if (!isJdk(m)) {
                return m + ":" + f.getLineNumber();
            }
        }
        return st.getFrames().isEmpty() ? "?" : method(st.getFrames().get(0));
    }

    private static String threadGroup(RecordedThread t) {
        if (t == null) {
            return "?";
        }
        String name = t.getJavaName() == null ? t.getOSName() : t.getJavaName();
        return name == null ? "?" : name.replaceAll("[0-9]+", "N");
    }
}
