package io.llmfailover.router.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.tools.attach.VirtualMachine;
import io.llmfailover.router.bench.LoadGen.Run;
import io.llmfailover.router.bench.LoadGen.Sample;
import io.llmfailover.router.bench.StubUpstreams.Api;
import io.llmfailover.router.bench.StubUpstreams.Gemini429;
import io.llmfailover.router.support.TestRedis;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import redis.clients.jedis.Jedis;

/**
 * The soak ({@code bench/run.sh --soak}): one packaged router with a real redis-server (no persistence) under a
 * closed loop of 32 prompts at a time for 12 minutes (default; {@code --soak-minutes N}), a fault every minute,
 * cycling:
 * <ol>
 * <li><b>ollama</b>: Ollama killed, back after a third of the minute;</li>
 * <li><b>gemini429</b>: Ollama killed (so Gemini is primary), then Gemini answers 429 for a third of the minute,
 * in turn with {@code RetryInfo.retryDelay: 15s}, with nothing said about when to come back, and with an HTTP
 * {@code Retry-After: 5}; Ollama back at two thirds;</li>
 * <li><b>redis</b>: Ollama killed, then redis-server stopped and started again empty 5 s later; Ollama back at two
 * thirds.</li>
 * </ol>
 * Gemini's stub answers in 100 ms (a cloud API, slower than the local Ollama), and the Gemini daily quota is set so
 * that it is spent after the third gemini429 slot and before the last Redis restart. Every 10 s the router's memory and threads are sampled: heap
 * after a full GC (forced through JMX, the JVM attached by the Attach API), heap after the last GC and heap in use,
 * direct buffers, RSS and threads from /proc, live JVM threads from the router's Micrometer endpoint. Writes
 * soak.md and soak.json: the samples and their least-squares slopes, every prompt's outcome, Gemini's calls per
 * quota day against the quota, and each fault's time line. {@code --smoke}: one minute, a fault every 15 s.
 */
public final class SoakBench {

    static final int CONCURRENCY = 32;
    static final long GEMINI_DELAY_MS = 100;
    static final String POLL_INTERVAL = "500ms";
    /**
     * Gemini calls per minute of soak, averaged over the fault cycle (Gemini serves ~20 s of the ollama minute,
     * ~10 s of the gemini429 minute and ~34 s of the redis minute, at up to 300 calls/s at concurrency 32 with the
     * stub's 100 ms on this 2-core machine): the quota is this times three quarters of the run, so that it is spent
     * after every 429 variant has met Gemini (the third gemini429 slot) and before the last Redis restart.
     */
    static final long GEMINI_CALLS_PER_MINUTE = 5_700;
    static final int BUCKET_MS = 10;

    enum Kind {
        OLLAMA("ollama"), GEMINI_429("gemini429"), REDIS("redis");

        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    /** Durations of one mode. */
    record Plan(boolean smoke, Duration warmup, Duration run, Duration slot, Duration sampleEvery, long quota) {
        static Plan of(boolean smoke, Integer minutes, Long quota) {
            if (smoke) {
                Duration run = Duration.ofMinutes(minutes == null ? 1 : minutes);
                return new Plan(true, Duration.ofSeconds(3), run, Duration.ofSeconds(15), Duration.ofSeconds(5),
                        quota != null ? quota : 3_500 * run.toMinutes());
            }
            int m = minutes == null ? 12 : minutes;
            return new Plan(false, Duration.ofSeconds(30), Duration.ofMinutes(m), Duration.ofSeconds(60),
                    Duration.ofSeconds(10), quota != null ? quota : GEMINI_CALLS_PER_MINUTE * m * 3 / 4);
        }

        /** Samples from this time on count for the "settled" slopes: after the first full fault cycle. */
        long settledFromMs() {
            return Math.min(3 * slot.toMillis(), run.toMillis() / 4);
        }
    }

    /** One fault action, as done. */
    record Event(int slot, String action, long nanos, long endNanos, double tookMs) {
    }

    /** Outcome categories counted per 10 ms bucket of completion time. */
    static final int C_OLLAMA = 0;
    static final int C_GEMINI = 1;
    static final int C_NEMOTRON = 2;
    static final int C_CLAUDE = 3;
    static final int C_OTHER = 4;
    /** a complete 200 whose walk went through more than one provider (a failed or a skipped attempt first) */
    static final int C_RETRIED = 5;
    static final int C_NOT_200 = 6;
    static final int C_LOST = 7;
    static final int CATEGORIES = 8;
    static final String[] CATEGORY_NAMES = {"ollama", "gemini", "nemotron", "claude", "other", "afterAnotherAttempt",
        "not200", "lost"};

    private final Plan plan;
    private final Path out;
    private final Path tmp;
    private final String label;
    private final Map<String, String> extraEnv;
    private final Map<String, Object> results = new LinkedHashMap<>();
    private final List<String> errors = new ArrayList<>();
    private final List<Event> events = java.util.Collections.synchronizedList(new ArrayList<>());
    private final List<Map<String, Object>> samples = java.util.Collections.synchronizedList(new ArrayList<>());
    private final List<Map<String, Object>> redisLosses = java.util.Collections.synchronizedList(new ArrayList<>());

    private Vertx vertx;
    private Vertx stubVertx;
    private StubUpstreams stub;
    private TestRedis redis;
    private String prefix;
    private BenchRouter router;
    private JMXConnector jmx;
    /** The machine's CPU at the previous sample, to tell the bench's use from other tenants'. */
    private CpuMonitor.Snapshot lastCpu;

    // the tally, filled on the load generator's event loops
    private long soakStart;
    private long epochMsAtStart;
    private AtomicLongArray buckets;
    private AtomicLongArray windowMaxLatency;
    private final Map<String, LongAdder> notOk = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> lostKinds = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> byProvider = new ConcurrentHashMap<>();
    private final Map<String, String> notOkExamples = new ConcurrentHashMap<>();
    /** Non-200 answers by their body, numbers replaced by #: what each kind of error answer said. */
    private final Map<String, LongAdder> notOkReasons = new ConcurrentHashMap<>();
    /** Live threads by name (digits replaced by #) at the first and the latest sample. */
    private volatile Map<String, Long> threadsFirst;
    private volatile Map<String, Long> threadsLast;
    private final Map<Integer, Histogram> slotLatency = new ConcurrentHashMap<>();
    private final Histogram latency = new ConcurrentHistogram(3);

    SoakBench(Plan plan, Path out, String label, Map<String, String> extraEnv) {
        this.plan = plan;
        this.out = out.toAbsolutePath();
        this.label = label;
        this.extraEnv = extraEnv;
        this.tmp = Path.of("bench/results/tmp/soak").toAbsolutePath();
    }

    public static void main(String[] args) throws Exception {
        boolean smoke = "true".equalsIgnoreCase(System.getenv("BENCH_SMOKE"));
        Integer minutes = null;
        Long quota = null;
        Path out = null;
        String label = null;
        Map<String, String> env = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--soak" -> {
                    // the switch bench/run.sh chose this class by
                }
                case "--smoke" -> smoke = true;
                case "--soak-minutes" -> minutes = Integer.parseInt(args[++i]);
                case "--soak-quota" -> quota = Long.parseLong(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--label" -> label = args[++i];
                case "--router-env" -> {
                    String kv = args[++i];
                    env.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
                }
                default -> throw new IllegalArgumentException("unknown argument " + args[i] + " (usage: SoakBench "
                        + "[--soak] [--smoke] [--soak-minutes N] [--soak-quota Q] [--out DIR] [--label TEXT] "
                        + "[--router-env K=V]...)");
            }
        }
        if (out == null) {
            out = Path.of(smoke ? "bench/results/tmp/smoke" : "bench/results");
        }
        SoakBench soak = new SoakBench(Plan.of(smoke, minutes, quota), out, label, env);
        Map<String, Object> r = soak.run();
        @SuppressWarnings("unchecked")
        List<String> errs = (List<String>) r.get("errors");
        System.out.println("soak: wrote " + soak.out.resolve("soak.md") + (errs.isEmpty() ? "" : " with errors: " + errs));
        System.exit(errs.isEmpty() ? 0 : 1);
    }

    /** Runs the soak and writes soak.md and soak.json; returns what they hold. */
    Map<String, Object> run() throws IOException {
        long started = System.nanoTime();
        Files.createDirectories(tmp);
        Children.pidFile(tmp.resolve("children.pid"));
        Path jar = tmp.resolve("llm-failover-router-runner.jar");
        Files.copy(io.llmfailover.router.support.RouterProcess.runnerJar(), jar,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        BenchRouter.jar = jar;
        results.put("mode", plan.smoke() ? "smoke" : "full");
        results.put("command", "bench/run.sh --soak" + (plan.smoke() ? " --smoke" : "")
                + (plan.run().toMinutes() != (plan.smoke() ? 1 : 12) ? " --soak-minutes " + plan.run().toMinutes() : ""));
        if (label != null) {
            results.put("label", label);
        }
        results.put("machine", Machine.describe());
        vertx = Bench.harnessVertx();
        stubVertx = Bench.harnessVertx();
        try {
            stub = new StubUpstreams(stubVertx, 2);
            stub.delay(Api.GEMINI, GEMINI_DELAY_MS);
            stub.recordArrivals(Api.GEMINI, true);
            redis = TestRedis.embedded();
            Children.registerRedisServers();
            prefix = "soak-" + UUID.randomUUID().toString().substring(0, 8) + ":";
            results.put("setup", setup());
            router = BenchRouter.start("soak", tmp, Bench.routerEnv(stub, POLL_INTERVAL, plan.quota(), redis.url(),
                    prefix, extraEnv), List.of("-Xlog:gc:file=gc.log"));
            router.awaitPrimary("ollama", Duration.ofSeconds(90));
            attach();
            soak();
        } catch (Exception e) {
            errors.add("soak: " + e);
            e.printStackTrace();
        } finally {
            if (jmx != null) {
                try {
                    jmx.close();
                } catch (IOException e) {
                    // closing anyway
                }
            }
            if (router != null) {
                results.put("routerLog", routerLog());
                router.close();
            }
            if (redis != null) {
                redis.close();
            }
            if (stub != null) {
                stub.close();
            }
            StubUpstreams.await(vertx.close());
            StubUpstreams.await(stubVertx.close());
            Children.endAll();
            results.put("totalSeconds", Bench.round((System.nanoTime() - started) / 1e9, 1));
            results.put("errors", errors);
            write();
        }
        return results;
    }

    private Map<String, Object> setup() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("concurrency", CONCURRENCY);
        s.put("warmupSeconds", plan.warmup().toSeconds());
        s.put("runSeconds", plan.run().toSeconds());
        s.put("faultEverySeconds", plan.slot().toSeconds());
        s.put("sampleEverySeconds", plan.sampleEvery().toSeconds());
        s.put("geminiDailyQuota", plan.quota());
        s.put("geminiStubDelayMs", GEMINI_DELAY_MS);
        s.put("healthPollInterval", POLL_INTERVAL);
        s.put("recoveryProbes", 2);
        s.put("breaker", "defaults: 3 failures in a row open it for 30 s; a retry delay opens it for that delay");
        s.put("redis", "one embedded redis-server on 127.0.0.1, save \"\" and appendonly no: a restart starts empty");
        s.put("prompt", "POST /api/chat, stream false, \"Why is the sky blue?\"");
        s.put("complete", "HTTP 200 whose body holds \"done\":true and the stub's answer text");
        if (!extraEnv.isEmpty()) {
            s.put("extraRouterEnv", extraEnv);
        }
        return s;
    }

    // ---- the run ---------------------------------------------------------------------------------------------

    private void soak() throws Exception {
        Bench.log("soak: warm-up " + plan.warmup().toSeconds() + " s");
        try (LoadGen gen = new LoadGen(vertx, router.httpPort, CONCURRENCY * 2)) {
            gen.closedLoop(Bench.CHAT_PATH, Bench.CHAT_BODY, CONCURRENCY, plan.warmup().toNanos(), 0, false);
            long runNanos = plan.run().toNanos();
            int nBuckets = (int) ((runNanos + Duration.ofMinutes(5).toNanos()) / (BUCKET_MS * 1_000_000L));
            buckets = new AtomicLongArray(nBuckets * CATEGORIES);
            windowMaxLatency = new AtomicLongArray((int) (nBuckets * BUCKET_MS / 1000) + 1);
            ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "soak-sampler");
                t.setDaemon(true);
                return t;
            });
            ExecutorService side = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "soak-side");
                t.setDaemon(true);
                return t;
            });
            // the baseline, idle after the warm-up; then the samples fall half-way between the fault steps (which
            // come at whole multiples of the sampling period), so a forced GC never lands on an injection
            soakStart = System.nanoTime();
            long[] cpu = {CpuMonitor.processTicks(router.pid()), soakStart};
            sample(cpu);
            epochMsAtStart = System.currentTimeMillis();
            soakStart = System.nanoTime();
            cpu[1] = soakStart;
            cpu[0] = CpuMonitor.processTicks(router.pid());
            Bench.log("soak: " + plan.run().toMinutes() + " min at concurrency " + CONCURRENCY + ", a fault every "
                    + plan.slot().toSeconds() + " s, Gemini quota " + plan.quota());
            CpuMonitor.Snapshot cpuAtStart = CpuMonitor.take();
            lastCpu = cpuAtStart;
            CompletableFuture<Run> load = CompletableFuture.supplyAsync(() -> gen.closedLoop(Bench.CHAT_PATH,
                    Bench.CHAT_BODY, CONCURRENCY, runNanos, 0, false, this::answered));
            sampler.scheduleAtFixedRate(() -> sample(cpu), plan.sampleEvery().toMillis() / 2,
                    plan.sampleEvery().toMillis(), TimeUnit.MILLISECONDS);
            try {
                faults(side);
            } finally {
                // whatever happened, leave every upstream up for the end of the load
                stub.gemini429(Gemini429.OFF);
                stub.ensureUp(Api.OLLAMA);
            }
            Run run = load.join();
            results.put("cpu", CpuMonitor.between(cpuAtStart, CpuMonitor.take()));
            sampler.shutdown();
            sampler.awaitTermination(60, TimeUnit.SECONDS);
            side.shutdownNow();
            sample(cpu);
            long soakEnd = run.endNanos;
            Bench.log("soak: load done, " + (run.ok + run.failed) + " prompts");
            analyse(run, soakEnd);
        }
    }

    /** Every answer, as it completes: counted in its 10 ms bucket of completion time. */
    private void answered(Sample s, Buffer body, Throwable error) {
        long done = s.sendNanos() + s.latencyNanos();
        int bucket = (int) Math.max(0, Math.min(buckets.length() / CATEGORIES - 1,
                (done - soakStart) / (BUCKET_MS * 1_000_000L)));
        int cat;
        if (error != null) {
            cat = C_LOST;
            String kind = error.getClass().getSimpleName() + ": " + error.getMessage();
            count(lostKinds, kind.length() > 120 ? kind.substring(0, 120) : kind);
        } else if (s.status() == 200) {
            String text = body == null ? "" : body.toString(StandardCharsets.UTF_8);
            if (!text.contains("\"done\":true") || !text.contains(" says hi.")) {
                cat = C_LOST;
                count(lostKinds, "HTTP 200 with an incomplete answer");
                notOkExamples.putIfAbsent("incomplete 200", text.length() > 300 ? text.substring(0, 300) : text);
            } else {
                cat = switch (s.provider() == null ? "" : s.provider()) {
                    case "ollama" -> C_OLLAMA;
                    case "gemini" -> C_GEMINI;
                    case "nemotron" -> C_NEMOTRON;
                    case "claude" -> C_CLAUDE;
                    default -> C_OTHER;
                };
                count(byProvider, s.provider() == null ? "(none)" : s.provider());
                if (s.attempts() > 1) {
                    buckets.incrementAndGet(bucket * CATEGORIES + C_RETRIED);
                }
                latency.recordValue(s.latencyNanos());
                slotLatency.computeIfAbsent(slotOf(s.sendNanos()), k -> new ConcurrentHistogram(3))
                        .recordValue(s.latencyNanos());
            }
        } else {
            cat = C_NOT_200;
            String key = "HTTP " + s.status() + (s.provider() == null ? "" : " (" + s.provider() + ")");
            count(notOk, key);
            if (body != null) {
                String text = body.toString(StandardCharsets.UTF_8);
                notOkExamples.putIfAbsent(key, text.length() > 1000 ? text.substring(0, 1000) : text);
                String reason = text.replaceAll("[0-9]+", "#");
                count(notOkReasons, key + ": " + (reason.length() > 600 ? reason.substring(0, 600) : reason));
            }
        }
        buckets.incrementAndGet(bucket * CATEGORIES + cat);
        int w = (int) Math.min(windowMaxLatency.length() - 1, Math.max(0, (done - soakStart) / 1_000_000_000L));
        windowMaxLatency.accumulateAndGet(w, s.latencyNanos(), Math::max);
    }

    private int slotOf(long nanos) {
        return (int) Math.max(0, (nanos - soakStart) / plan.slot().toNanos());
    }

    private static void count(Map<String, LongAdder> m, String key) {
        if (m.size() < 30 || m.containsKey(key)) {
            m.computeIfAbsent(key, k -> new LongAdder()).increment();
        }
    }

    /** The fault every slot, cycling ollama, gemini429, redis; a slot whose last step would fall after the run is left out. */
    private void faults(ExecutorService side) {
        long slot = plan.slot().toNanos();
        Gemini429[] variants = {Gemini429.RETRY_DELAY, Gemini429.NO_DELAY, Gemini429.RETRY_AFTER_HEADER};
        for (int k = 0; (long) k * slot + slot * 2 / 3 < plan.run().toNanos(); k++) {
            long t0 = soakStart + k * slot;
            Kind kind = Kind.values()[k % 3];
            Bench.sleepUntil(t0);
            int i = k;
            switch (kind) {
                case OLLAMA -> {
                    act(i, "ollama killed", () -> stub.kill(Api.OLLAMA));
                    Bench.sleepUntil(t0 + slot / 3);
                    act(i, "ollama back", () -> stub.ensureUp(Api.OLLAMA));
                }
                case GEMINI_429 -> {
                    Gemini429 variant = variants[(k / 3) % variants.length];
                    act(i, "ollama killed", () -> stub.kill(Api.OLLAMA));
                    Bench.sleepUntil(t0 + slot / 12);
                    act(i, "gemini 429 on (" + variant + ")", () -> stub.gemini429(variant));
                    Bench.sleepUntil(t0 + slot * 5 / 12);
                    act(i, "gemini 429 off", () -> stub.gemini429(Gemini429.OFF));
                    Bench.sleepUntil(t0 + slot * 2 / 3);
                    act(i, "ollama back", () -> stub.ensureUp(Api.OLLAMA));
                }
                case REDIS -> {
                    act(i, "ollama killed", () -> stub.kill(Api.OLLAMA));
                    Bench.sleepUntil(t0 + slot / 6);
                    Map<String, Object> loss = new LinkedHashMap<>();
                    loss.put("slot", i);
                    loss.put("counterBeforeStop", counter());
                    act(i, "redis stopped", () -> redis.stop());
                    Bench.sleepUntil(t0 + slot / 4);
                    act(i, "redis started empty", () -> {
                        redis.start();
                        Children.registerRedisServers();
                    });
                    long started = System.nanoTime();
                    loss.put("keysRightAfterStart", dbSize());
                    redisLosses.add(loss);
                    long until = t0 + slot * 2 / 3;
                    side.submit(() -> watchCounter(loss, started, until));
                    Bench.sleepUntil(until);
                    act(i, "ollama back", () -> stub.ensureUp(Api.OLLAMA));
                }
                default -> throw new IllegalStateException();
            }
        }
    }

    private void act(int slot, String action, Runnable body) {
        long t = System.nanoTime();
        body.run();
        long end = System.nanoTime();
        double took = (end - t) / 1e6;
        events.add(new Event(slot, action, t, end, Bench.round(took, 1)));
        Bench.log(String.format("soak: t=%.1f s slot %d: %s (%.1f ms)", (t - soakStart) / 1e9, slot, action, took));
    }

    /** After a Redis restart: when the Gemini counter is back (raised by the router's next check) and at what. */
    private void watchCounter(Map<String, Object> loss, long started, long until) {
        while (System.nanoTime() < until) {
            Long c = counter();
            if (c != null) {
                loss.put("counterBackAfterMs", Bench.round((System.nanoTime() - started) / 1e6, 1));
                loss.put("counterWhenBack", c);
                return;
            }
            Bench.sleep(10);
        }
        loss.put("counterBackAfterMs", null);
    }

    private String todayKey() {
        return prefix + "gemini:calls:" + LocalDate.now(ZoneOffset.UTC);
    }

    /** Today's Gemini counter in Redis (null: no key, or Redis does not answer). */
    private Long counter() {
        try (Jedis j = redis.client()) {
            String v = j.get(todayKey());
            return v == null ? null : Long.parseLong(v);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private Long dbSize() {
        try (Jedis j = redis.client()) {
            return j.dbSize();
        } catch (RuntimeException e) {
            return null;
        }
    }

    // ---- sampling --------------------------------------------------------------------------------------------

    private void attach() {
        try {
            VirtualMachine vm = VirtualMachine.attach(Long.toString(router.pid()));
            String address;
            try {
                address = vm.startLocalManagementAgent();
            } finally {
                vm.detach();
            }
            jmx = JMXConnectorFactory.connect(new JMXServiceURL(address));
        } catch (Exception e) {
            errors.add("attach to the router for JMX (no heap after a full GC): " + e);
        }
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    /** One sample of the router's memory and threads, and of the load since the previous one. */
    private void sample(long[] cpu) {
        try {
            long now = System.nanoTime();
            Map<String, Object> s = new LinkedHashMap<>();
            double t = Math.max(0, (now - soakStart) / 1e9);
            s.put("t_s", Bench.round(t, 1));
            s.put("fault", faultAt(now));
            Double afterLastGc = null;
            Double afterFullGc = null;
            Double fullGcMs = null;
            if (jmx != null) {
                MBeanServerConnection mbs = jmx.getMBeanServerConnection();
                List<MemoryPoolMXBean> pools = ManagementFactory.getPlatformMXBeans(mbs, MemoryPoolMXBean.class);
                afterLastGc = mib(heapAfterGc(pools));
                MemoryMXBean mem = ManagementFactory.newPlatformMXBeanProxy(mbs, ManagementFactory.MEMORY_MXBEAN_NAME,
                        MemoryMXBean.class);
                long g0 = System.nanoTime();
                mem.gc();
                fullGcMs = Bench.round((System.nanoTime() - g0) / 1e6, 1);
                afterFullGc = mib(heapAfterGc(pools));
                java.lang.management.ThreadMXBean tm = ManagementFactory.newPlatformMXBeanProxy(mbs,
                        ManagementFactory.THREAD_MXBEAN_NAME, java.lang.management.ThreadMXBean.class);
                Map<String, Long> names = new TreeMap<>();
                for (java.lang.management.ThreadInfo ti : tm.getThreadInfo(tm.getAllThreadIds())) {
                    if (ti != null) {
                        names.merge(ti.getThreadName().replaceAll("[0-9]+", "#"), 1L, Long::sum);
                    }
                }
                if (threadsFirst == null) {
                    threadsFirst = names;
                }
                java.lang.management.ClassLoadingMXBean cl = ManagementFactory.newPlatformMXBeanProxy(mbs,
                        ManagementFactory.CLASS_LOADING_MXBEAN_NAME, java.lang.management.ClassLoadingMXBean.class);
                s.put("classesLoaded", (long) cl.getLoadedClassCount());
                threadsLast = names;
            }
            Map<String, Double> metrics = metrics();
            long[] proc = StreamBench.status(router.pid());
            s.put("heapAfterFullGcMiB", afterFullGc);
            s.put("heapAfterLastGcMiB", afterLastGc);
            s.put("heapUsedMiB", mib(metrics.get("heap")));
            s.put("nonHeapMiB", mib(metrics.get("nonheap")));
            s.put("metaspaceMiB", mib(metrics.get("metaspace")));
            s.put("codeCacheMiB", mib(metrics.get("codeCache")));
            s.put("directMiB", mib(metrics.get("direct")));
            s.put("rssMiB", Bench.round(proc[0] / 1024.0, 1));
            s.put("threadsJvm", metrics.get("threads") == null ? null : metrics.get("threads").longValue());
            s.put("threadsProc", proc[1]);
            s.put("fullGcMs", fullGcMs);
            long ticks = CpuMonitor.processTicks(router.pid());
            double dt = (now - cpu[1]) / 1e9;
            s.put("routerCpuPct", dt < 1 ? null : Bench.round((ticks - cpu[0]) * 100.0 / CpuMonitor.TICKS_PER_SECOND / dt, 0));
            cpu[0] = ticks;
            cpu[1] = now;
            CpuMonitor.Snapshot snap = CpuMonitor.take();
            Map<String, Object> machine = lastCpu == null || dt < 1 ? Map.of() : CpuMonitor.between(lastCpu, snap);
            lastCpu = snap;
            s.put("benchCores", machine.get("benchProcessesCores"));
            s.put("otherCores", machine.get("otherProcessesCores"));
            Long counter = counter();
            s.put("geminiCallsSoFar", stub.chatCalls(Api.GEMINI));
            s.put("redisCounter", counter);
            s.put("quotaGateErrors", metrics.get("gateErrors") == null ? null : metrics.get("gateErrors").longValue());
            samples.add(s);
            Bench.log(String.format("soak: t=%.0f s heap after full GC %s MiB, RSS %s MiB, threads %s/%s, Gemini %s calls"
                    + " (quota %d), %s", t, afterFullGc, s.get("rssMiB"), s.get("threadsJvm"), proc[1],
                    s.get("geminiCallsSoFar"), plan.quota(), s.get("fault")));
        } catch (Exception e) {
            synchronized (errors) {
                if (errors.stream().noneMatch(x -> x.startsWith("sample:"))) {
                    errors.add("sample: " + e);
                }
            }
        }
    }

    /** Heap after the last GC: each heap pool's usage as that GC left it (with G1, every GC updates every pool). */
    private static long heapAfterGc(List<MemoryPoolMXBean> pools) {
        long sum = 0;
        for (MemoryPoolMXBean p : pools) {
            if (p.getType() == MemoryType.HEAP) {
                MemoryUsage u = p.getCollectionUsage();
                if (u != null) {
                    sum += u.getUsed();
                }
            }
        }
        return sum;
    }

    private Map<String, Double> metrics() {
        Map<String, Double> m = new TreeMap<>();
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + router.managementPort + "/observe/metrics")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            for (String line : r.body().split("\n")) {
                if (line.startsWith("jvm_memory_used_bytes{area=\"heap\"")) {
                    m.merge("heap", value(line), Double::sum);
                } else if (line.startsWith("jvm_memory_used_bytes{area=\"nonheap\"")) {
                    m.merge("nonheap", value(line), Double::sum);
                    if (line.contains("id=\"Metaspace\"")) {
                        m.put("metaspace", value(line));
                    } else if (line.contains("CodeHeap")) {
                        m.merge("codeCache", value(line), Double::sum);
                    }
                } else if (line.startsWith("jvm_buffer_memory_used_bytes{id=\"direct\"")) {
                    m.put("direct", value(line));
                } else if (line.startsWith("jvm_threads_live_threads ")) {
                    m.put("threads", value(line));
                } else if (line.startsWith("llm_quota_gate_errors_total")) {
                    m.put("gateErrors", value(line));
                }
            }
        } catch (IOException e) {
            // no metrics this time
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return m;
    }

    private static double value(String line) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }

    private static Double mib(Number bytes) {
        return bytes == null ? null : Bench.round(bytes.doubleValue() / (1024 * 1024), 1);
    }

    /** What the fault schedule is doing at this time ("slot 3 ollama: down", ...). */
    private String faultAt(long nanos) {
        Event last = null;
        synchronized (events) {
            for (Event e : events) {
                if (e.nanos() <= nanos) {
                    last = e;
                }
            }
        }
        if (last == null) {
            return "before the first fault";
        }
        return Kind.values()[last.slot() % 3].label + " #" + last.slot() + ": " + last.action();
    }

    // ---- analysis --------------------------------------------------------------------------------------------

    private void analyse(Run run, long soakEnd) {
        results.put("samples", table());
        results.put("trends", trends());
        results.put("prompts", prompts(run));
        results.put("faults", faultTimeline(soakEnd));
        results.put("gemini", gemini());
        results.put("latencyBySlot", latencyBySlot());
        results.put("threadsByName", threadsByName());
    }

    /** Live threads by name at the first and the last sample, and the names whose count changed. */
    private Map<String, Object> threadsByName() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (threadsFirst == null) {
            return m;
        }
        Map<String, String> changed = new TreeMap<>();
        java.util.Set<String> names = new java.util.TreeSet<>(threadsFirst.keySet());
        names.addAll(threadsLast.keySet());
        for (String n : names) {
            long a = threadsFirst.getOrDefault(n, 0L);
            long b = threadsLast.getOrDefault(n, 0L);
            if (a != b) {
                changed.put(n, a + " -> " + b);
            }
        }
        m.put("changed", changed);
        m.put("first", threadsFirst);
        m.put("last", threadsLast);
        return m;
    }

    static final List<String> COLUMNS = List.of("t_s", "fault", "heapAfterFullGcMiB", "heapAfterLastGcMiB",
            "heapUsedMiB", "nonHeapMiB", "metaspaceMiB", "codeCacheMiB", "classesLoaded", "directMiB", "rssMiB",
            "threadsJvm", "threadsProc", "fullGcMs",
            "routerCpuPct", "benchCores", "otherCores", "prompts", "ollama", "gemini", "nemotron", "claude", "afterAnotherAttempt", "not200", "lost",
            "maxLatencyMs", "geminiCallsSoFar", "redisCounter", "quotaGateErrors");

    /** The samples as a table: columns and rows, each row with the prompts completed since the previous sample. */
    private Map<String, Object> table() {
        List<List<Object>> rows = new ArrayList<>();
        double prevT = 0;
        List<Map<String, Object>> all;
        synchronized (samples) {
            all = new ArrayList<>(samples);
        }
        for (Map<String, Object> s : all) {
            double t = ((Number) s.get("t_s")).doubleValue();
            long[] sums = sums(ms(prevT), ms(t));
            s.put("prompts", sums[C_OLLAMA] + sums[C_GEMINI] + sums[C_NEMOTRON] + sums[C_CLAUDE] + sums[C_OTHER]
                    + sums[C_NOT_200] + sums[C_LOST]);
            for (int c = 0; c < CATEGORIES; c++) {
                if (c != C_OTHER) {
                    s.put(CATEGORY_NAMES[c], sums[c]);
                }
            }
            long maxLatency = 0;
            for (int w = (int) prevT; w < Math.min(windowMaxLatency.length(), Math.ceil(t)); w++) {
                maxLatency = Math.max(maxLatency, windowMaxLatency.get(w));
            }
            s.put("maxLatencyMs", t == 0 ? null : Bench.round(maxLatency / 1e6, 1));
            List<Object> row = new ArrayList<>();
            for (String c : COLUMNS) {
                row.add(s.get(c));
            }
            rows.add(row);
            prevT = t;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("columns", COLUMNS);
        m.put("rows", rows);
        return m;
    }

    private static long ms(double seconds) {
        return Math.round(seconds * 1000);
    }

    /** Completions per category between two times (ms since the soak's start). */
    private long[] sums(long fromMs, long toMs) {
        long[] s = new long[CATEGORIES];
        int n = buckets.length() / CATEGORIES;
        for (int b = (int) Math.max(0, fromMs / BUCKET_MS); b < Math.min(n, toMs / BUCKET_MS); b++) {
            for (int c = 0; c < CATEGORIES; c++) {
                s[c] += buckets.get(b * CATEGORIES + c);
            }
        }
        return s;
    }

    /** First bucket at or after {@code fromMs} (before {@code toMs}) with a completion of one of these categories. */
    private Double first(long fromMs, long toMs, int... cats) {
        int n = buckets.length() / CATEGORIES;
        for (int b = (int) Math.max(0, fromMs / BUCKET_MS); b < Math.min(n, toMs / BUCKET_MS); b++) {
            for (int c : cats) {
                if (buckets.get(b * CATEGORIES + c) > 0) {
                    return (double) Math.max(0, (b + 1) * BUCKET_MS - fromMs);
                }
            }
        }
        return null;
    }

    /** Last bucket in [fromMs, toMs) with a completion of one of these categories (ms after fromMs, at its end). */
    private Double last(long fromMs, long toMs, int... cats) {
        int n = buckets.length() / CATEGORIES;
        for (int b = (int) Math.min(n - 1, toMs / BUCKET_MS - 1); b >= Math.max(0, fromMs / BUCKET_MS); b--) {
            for (int c : cats) {
                if (buckets.get(b * CATEGORIES + c) > 0) {
                    return (double) Math.max(0, (b + 1) * BUCKET_MS - fromMs);
                }
            }
        }
        return null;
    }

    /**
     * The end of the first burst of completions of these categories from {@code fromMs} on (ms after fromMs): the
     * burst ends at the first gap of {@code gapMs} without one. Separates the prompts a fault caught from later,
     * unrelated ones of the same category (a walk that went past Gemini because its quota ran out, say).
     */
    private Double burstEnd(long fromMs, long toMs, long gapMs, int... cats) {
        int n = buckets.length() / CATEGORIES;
        Double end = null;
        for (int b = (int) Math.max(0, fromMs / BUCKET_MS); b < Math.min(n, toMs / BUCKET_MS); b++) {
            boolean any = false;
            for (int c : cats) {
                any |= buckets.get(b * CATEGORIES + c) > 0;
            }
            long t = (long) (b + 1) * BUCKET_MS - fromMs;
            if (any) {
                end = (double) Math.max(0, t);
            } else if (end != null && t - end >= gapMs) {
                return end;
            }
        }
        return end;
    }

    private Map<String, Object> trends() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("settledFromSeconds", plan.settledFromMs() / 1000);
        m.put("rule", "flat: the least-squares line over the settled samples (after the first fault cycle) grows less "
                + "than 2 MiB or 5 % of the mean over the run (heap, metaspace, direct buffers), than 50 or 1 % (classes), or "
                + "less than one thread (threads); floor flat: from "
                + "the second fault cycle on, the lowest sample of each cycle differs by less than that (less than 2 "
                + "threads)");
        for (String k : List.of("heapAfterFullGcMiB", "heapAfterLastGcMiB", "heapUsedMiB", "nonHeapMiB", "metaspaceMiB",
                "codeCacheMiB", "classesLoaded", "directMiB", "rssMiB", "threadsJvm", "threadsProc")) {
            m.put(k, trend(k));
        }
        return m;
    }

    private Map<String, Object> trend(String key) {
        List<double[]> all = new ArrayList<>();
        synchronized (samples) {
            for (Map<String, Object> s : samples) {
                Object v = s.get(key);
                if (v instanceof Number n) {
                    all.add(new double[] {((Number) s.get("t_s")).doubleValue() / 60.0, n.doubleValue()});
                }
            }
        }
        List<double[]> settled = all.stream().filter(p -> p[0] * 60_000 >= plan.settledFromMs()).toList();
        Map<String, Object> m = new LinkedHashMap<>();
        if (all.size() < 2) {
            m.put("samples", all.size());
            return m;
        }
        double slopeAll = slope(all);
        double slope = settled.size() >= 3 ? slope(settled) : slopeAll;
        double mean = all.stream().mapToDouble(p -> p[1]).average().orElse(0);
        double minutes = settled.size() >= 3 ? settled.get(settled.size() - 1)[0] - settled.get(0)[0]
                : all.get(all.size() - 1)[0] - all.get(0)[0];
        m.put("samples", all.size());
        m.put("first", all.get(0)[1]);
        m.put("last", all.get(all.size() - 1)[1]);
        m.put("min", all.stream().mapToDouble(p -> p[1]).min().orElse(0));
        m.put("max", all.stream().mapToDouble(p -> p[1]).max().orElse(0));
        m.put("mean", Bench.round(mean, 1));
        m.put("slopePerMinute", Bench.round(slopeAll, 3));
        m.put("slopePerMinuteSettled", Bench.round(slope, 3));
        m.put("fittedGrowthSettled", Bench.round(slope * minutes, 2));
        boolean threads = key.startsWith("threads");
        boolean classes = key.equals("classesLoaded");
        boolean judged = threads || List.of("heapAfterFullGcMiB", "metaspaceMiB", "directMiB", "classesLoaded")
                .contains(key);
        double threshold = threads ? 1.0 : classes ? Math.max(50, 0.01 * mean) : Math.max(2.0, 0.05 * mean);
        m.put("flat", !judged ? null : Math.abs(slope * minutes) < threshold);
        // each fault cycle's floor and peak: the faults make some pools grow and shrink again (threads during a
        // Redis outage), which a straight line over a few cycles reads as a trend; a leak raises the floor
        long cycleMs = 3 * plan.slot().toMillis();
        List<Double> floors = new ArrayList<>();
        List<Double> peaks = new ArrayList<>();
        for (long c = 0; c * cycleMs < plan.run().toMillis(); c++) {
            double from = c * cycleMs / 60_000.0;
            double to = (c + 1) * cycleMs / 60_000.0;
            List<double[]> in = all.stream().filter(p -> p[0] >= from && p[0] < to).toList();
            if (!in.isEmpty()) {
                floors.add(in.stream().mapToDouble(p -> p[1]).min().orElse(0));
                peaks.add(in.stream().mapToDouble(p -> p[1]).max().orElse(0));
            }
        }
        m.put("floorPerCycle", floors);
        m.put("peakPerCycle", peaks);
        if (judged && floors.size() >= 3) {
            List<Double> after = floors.subList(1, floors.size());
            double spread = after.stream().mapToDouble(Double::doubleValue).max().orElse(0)
                    - after.stream().mapToDouble(Double::doubleValue).min().orElse(0);
            m.put("floorFlat", spread < (threads ? 2.0 : threshold));
            m.put("floorSpread", Bench.round(spread, 1));
        }
        return m;
    }

    /** Least-squares slope of y over x. */
    static double slope(List<double[]> points) {
        double mx = points.stream().mapToDouble(p -> p[0]).average().orElse(0);
        double my = points.stream().mapToDouble(p -> p[1]).average().orElse(0);
        double num = 0;
        double den = 0;
        for (double[] p : points) {
            num += (p[0] - mx) * (p[1] - my);
            den += (p[0] - mx) * (p[0] - mx);
        }
        return den == 0 ? 0 : num / den;
    }

    private Map<String, Object> prompts(Run run) {
        long[] s = sums(0, Long.MAX_VALUE / 2);
        Map<String, Object> m = new LinkedHashMap<>();
        long answered200 = s[C_OLLAMA] + s[C_GEMINI] + s[C_NEMOTRON] + s[C_CLAUDE] + s[C_OTHER];
        m.put("sent", run.ok + run.failed);
        m.put("answered200", answered200);
        m.put("answeredOtherwise", s[C_NOT_200]);
        m.put("lost", s[C_LOST]);
        m.put("noPromptLost", s[C_LOST] == 0 && run.ok + run.failed == answered200 + s[C_NOT_200] + s[C_LOST]);
        m.put("answered200ByProvider", snapshot(byProvider));
        m.put("answered200AfterAnotherAttempt", s[C_RETRIED]);
        m.put("answeredOtherwiseByStatus", snapshot(notOk));
        m.put("lostByKind", snapshot(lostKinds));
        m.put("examples", new TreeMap<>(notOkExamples));
        m.put("answeredOtherwiseByBody", snapshot(notOkReasons));
        m.put("rps", Bench.round(run.rps(), 0));
        m.put("latency200", Bench.latencyStats(latency));
        return m;
    }

    private static Map<String, Long> snapshot(Map<String, LongAdder> m) {
        Map<String, Long> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    private List<Map<String, Object>> latencyBySlot() {
        List<Map<String, Object>> out = new ArrayList<>();
        new TreeMap<>(slotLatency).forEach((slot, h) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("slot", slot);
            m.put("fault", Kind.values()[slot % 3].label);
            m.putAll(Bench.latencyStats(h));
            out.add(m);
        });
        return out;
    }

    /** Each slot's fault: its steps, and when the router routed around it and when it recovered. */
    private List<Map<String, Object>> faultTimeline(long soakEnd) {
        List<Map<String, Object>> out = new ArrayList<>();
        Map<Integer, List<Event>> bySlot = new TreeMap<>();
        synchronized (events) {
            events.forEach(e -> bySlot.computeIfAbsent(e.slot(), k -> new ArrayList<>()).add(e));
        }
        List<Long> geminiArrivals = stub.arrivals(Api.GEMINI, false);
        List<Long> gemini429s = stub.arrivals(Api.GEMINI, true);
        long quotaReachedNanos = geminiArrivals.size() >= plan.quota()
                ? geminiArrivals.stream().sorted().skip(plan.quota() - 1).findFirst().orElse(Long.MAX_VALUE)
                : Long.MAX_VALUE;
        for (Map.Entry<Integer, List<Event>> en : bySlot.entrySet()) {
            int slot = en.getKey();
            List<Event> ev = en.getValue();
            Kind kind = Kind.values()[slot % 3];
            long slotStartMs = slot * plan.slot().toMillis();
            long slotEndMs = Math.min((slot + 1) * plan.slot().toMillis(), (soakEnd - soakStart) / 1_000_000);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("slot", slot);
            m.put("fault", kind.label);
            List<Map<String, Object>> steps = new ArrayList<>();
            for (Event e : ev) {
                Map<String, Object> st = new LinkedHashMap<>();
                st.put("action", e.action());
                st.put("atSeconds", Bench.round((e.nanos() - soakStart) / 1e9, 3));
                st.put("tookMs", e.tookMs());
                steps.add(st);
            }
            m.put("steps", steps);
            long[] s = sums(slotStartMs, slotEndMs);
            m.put("prompts", s[C_OLLAMA] + s[C_GEMINI] + s[C_NEMOTRON] + s[C_CLAUDE] + s[C_OTHER] + s[C_NOT_200]
                    + s[C_LOST]);
            Map<String, Long> by = new LinkedHashMap<>();
            for (int c : new int[] {C_OLLAMA, C_GEMINI, C_NEMOTRON, C_CLAUDE, C_OTHER}) {
                if (s[c] > 0) {
                    by.put(CATEGORY_NAMES[c], s[c]);
                }
            }
            m.put("answeredBy", by);
            m.put("afterAnotherAttempt", s[C_RETRIED]);
            m.put("not200", s[C_NOT_200]);
            m.put("lost", s[C_LOST]);
            if (s[C_NOT_200] + s[C_LOST] > 0) {
                m.put("firstNot200OrLostAtSeconds", round3(slotStartMs, first(slotStartMs, slotEndMs, C_NOT_200, C_LOST)));
                m.put("lastNot200OrLostAtSeconds", round3(slotStartMs, last(slotStartMs, slotEndMs, C_NOT_200, C_LOST)));
            }
            boolean quotaSpent = quotaReachedNanos <= soakStart + slotStartMs * 1_000_000L;
            m.put("geminiQuotaSpentBeforeSlot", quotaSpent);
            long killMs = at(ev, "ollama killed");
            switch (kind) {
                case OLLAMA -> {
                    long backMs = at(ev, "ollama back");
                    m.put("injectedAtSeconds", killMs / 1000.0);
                    m.put("firstAnswerElsewhereMs", first(killMs, backMs, C_GEMINI, C_NEMOTRON, C_CLAUDE));
                    // the prompts the kill caught complete after a failed attempt (at least Gemini's 100 ms later);
                    // a walk past Gemini later in the slot (its quota running out) is no Ollama attempt
                    Double burst = burstEnd(killMs, backMs, 1000, C_RETRIED);
                    m.put("lastPromptTouchingOllamaMs", burst != null ? burst
                            : first(killMs, backMs, C_GEMINI, C_NEMOTRON, C_CLAUDE));
                    m.put("paidAFailedOllamaAttempt", sums(killMs, backMs)[C_RETRIED]);
                    m.put("routedAroundMs", m.get("lastPromptTouchingOllamaMs"));
                    m.put("routedAroundMeans", "ms from the kill until the last prompt that paid a failed Ollama "
                            + "attempt completed (the first burst of answers after another attempt, gaps under 1 s)");
                    m.put("restoredAtSeconds", backMs / 1000.0);
                    m.put("recoveredMs", first(backMs, slotEndMs, C_OLLAMA));
                    m.put("recoveredMeans", "ms from Ollama's restart until the first Ollama answer");
                }
                case GEMINI_429 -> {
                    long on = startsWith(ev, "gemini 429 on");
                    long off = at(ev, "gemini 429 off");
                    long back = at(ev, "ollama back");
                    m.put("variant", ev.stream().filter(e -> e.action().startsWith("gemini 429 on")).findFirst()
                            .map(e -> e.action().substring(e.action().indexOf('(') + 1, e.action().length() - 1))
                            .orElse(null));
                    m.put("injectedAtSeconds", on / 1000.0);
                    // with the quota spent before the 429s start, Gemini is not called: the fault meets nobody
                    m.put("quotaSpentBeforeInjection", quotaReachedNanos <= ms2n(on));
                    m.put("firstGeminiAnswerBeforeMs", first(killMs, on, C_GEMINI));
                    List<Long> in = within(gemini429s, on, back + 1000);
                    m.put("gemini429Replies", in.size());
                    m.put("first429AfterMs", in.isEmpty() ? null : Bench.round((in.get(0) - ms2n(on)) / 1e6, 1));
                    // the first burst of 429s (the prompts in flight and those sent before the breaker opened), then
                    // the half-open trials, each one 429 some seconds later
                    int burst = in.isEmpty() ? 0 : 1;
                    while (burst < in.size() && in.get(burst) - in.get(burst - 1) < 500_000_000L) {
                        burst++;
                    }
                    m.put("first429Burst", burst);
                    m.put("later429s", in.size() - burst);
                    m.put("last429AfterMs", in.isEmpty() ? null
                            : Bench.round((in.get(in.size() - 1) - ms2n(on)) / 1e6, 1));
                    m.put("geminiCallsWhile429", within(geminiArrivals, on, off).size());
                    m.put("firstAnswerElsewhereMs", first(on, back, C_NEMOTRON, C_CLAUDE));
                    m.put("routedAroundMs", burst == 0 ? null
                            : Bench.round((in.get(burst - 1) - ms2n(on)) / 1e6, 1));
                    m.put("routedAroundMeans", "ms from the first 429s until the last 429 of their burst (the breaker "
                            + "opened: Gemini left alone)");
                    m.put("restoredAtSeconds", off / 1000.0);
                    m.put("recoveredMs", first(off, back, C_GEMINI));
                    m.put("recoveredMeans", "ms from the end of the 429s until the first Gemini answer (Ollama comes "
                            + "back " + (back - off) / 1000.0 + " s after it)");
                    m.put("ollamaBackAtSeconds", back / 1000.0);
                }
                case REDIS -> {
                    long stop = at(ev, "redis stopped");
                    long start = at(ev, "redis started empty");
                    long back = at(ev, "ollama back");
                    m.put("injectedAtSeconds", stop / 1000.0);
                    m.put("firstGeminiAnswerBeforeMs", first(killMs, stop, C_GEMINI));
                    // down from when the stop returned (redis-server gone), plus 50 ms for calls already on their
                    // way; until the start command
                    long stopped = ev.stream().filter(e -> e.action().equals("redis stopped")).findFirst()
                            .map(e -> (e.endNanos() - soakStart) / 1_000_000L).orElse(stop);
                    m.put("stopTookMs", stopped - stop);
                    m.put("geminiCallsAtStubWhileStopping", within(geminiArrivals, stop, stopped + 50).size());
                    m.put("geminiCallsAtStubWhileDown", within(geminiArrivals, stopped + 50, start).size());
                    m.put("geminiAnswersWhileDown", sums(stopped + 50 + GEMINI_DELAY_MS + 100, start)[C_GEMINI]);
                    m.put("firstAnswerElsewhereMs", first(stop, start, C_NEMOTRON, C_CLAUDE));
                    m.put("lastGeminiAnswerAfterStopMs", last(stop, start, C_GEMINI));
                    m.put("routedAroundMs", m.get("firstAnswerElsewhereMs"));
                    m.put("routedAroundMeans", "ms from the stop until the first prompt answered by Nemotron or "
                            + "Claude (the gate failing closed)");
                    m.put("restoredAtSeconds", start / 1000.0);
                    m.put("recoveredMs", first(start, back, C_GEMINI));
                    synchronized (redisLosses) {
                        redisLosses.stream().filter(l -> l.get("slot").equals(slot)).findFirst().ifPresent(l -> {
                            m.put("counterBeforeStop", l.get("counterBeforeStop"));
                            m.put("keysRightAfterStart", l.get("keysRightAfterStart"));
                            m.put("counterBackAfterMs", l.get("counterBackAfterMs"));
                            m.put("counterWhenBack", l.get("counterWhenBack"));
                        });
                    }
                    m.put("recoveredMeans", quotaSpent
                            ? "quota spent: ms from the restart until the Gemini counter was back in Redis"
                            : "ms from the restart until the first Gemini answer");
                    if (quotaSpent) {
                        m.put("recoveredMs", m.get("counterBackAfterMs"));
                    }
                    m.put("ollamaBackAtSeconds", back / 1000.0);
                }
                default -> throw new IllegalStateException();
            }
            out.add(m);
        }
        return out;
    }

    private static Double round3(long baseMs, Double afterMs) {
        return afterMs == null ? null : Bench.round((baseMs + afterMs) / 1000.0, 2);
    }

    private long ms2n(long ms) {
        return soakStart + ms * 1_000_000L;
    }

    private List<Long> within(List<Long> nanos, long fromMs, long toMs) {
        return nanos.stream().filter(x -> x >= ms2n(fromMs) && x < ms2n(toMs)).sorted().toList();
    }

    private long at(List<Event> ev, String action) {
        return ev.stream().filter(e -> e.action().equals(action)).findFirst()
                .map(e -> (e.nanos() - soakStart) / 1_000_000L).orElse(-1L);
    }

    private long startsWith(List<Event> ev, String action) {
        return ev.stream().filter(e -> e.action().startsWith(action)).findFirst()
                .map(e -> (e.nanos() - soakStart) / 1_000_000L).orElse(-1L);
    }

    /** Gemini's calls per quota day (UTC, as the router counts them) against the quota, and the documented bound. */
    private Map<String, Object> gemini() {
        List<Long> arrivals = stub.arrivals(Api.GEMINI, false);
        List<Long> errs = stub.arrivals(Api.GEMINI, true);
        long nanoAtStart = soakStart;
        Map<String, Long> byDay = new TreeMap<>();
        for (long a : arrivals) {
            long epochMs = epochMsAtStart + (a - nanoAtStart) / 1_000_000L;
            byDay.merge(Instant.ofEpochMilli(epochMs).atZone(ZoneOffset.UTC).toLocalDate().toString(), 1L, Long::sum);
        }
        int lossesBeforeQuota = 0;
        int losses = redisLosses.size();
        List<Long> sorted = arrivals.stream().sorted().toList();
        Long reachedNanos = sorted.size() >= plan.quota() ? sorted.get((int) plan.quota() - 1) : null;
        synchronized (redisLosses) {
            for (Map<String, Object> l : redisLosses) {
                int slot = (Integer) l.get("slot");
                long stopNanos = soakStart + (slot * plan.slot().toMillis() + plan.slot().toMillis() / 6) * 1_000_000L;
                if (reachedNanos == null || stopNanos < reachedNanos) {
                    lossesBeforeQuota++;
                }
            }
        }
        List<Map<String, Object>> days = new ArrayList<>();
        Long finalCounter = counter();
        for (Map.Entry<String, Long> d : byDay.entrySet()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("day", d.getKey());
            m.put("key", prefix + "gemini:calls:" + d.getKey());
            m.put("callsAtStub", d.getValue());
            m.put("quota", plan.quota());
            m.put("overIssue", Math.max(0, d.getValue() - plan.quota()));
            if (d.getKey().equals(LocalDate.now(ZoneOffset.UTC).toString())) {
                m.put("redisCounterAtEnd", finalCounter);
            }
            days.add(m);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("quota", plan.quota());
        m.put("callsAtStub", arrivals.size());
        m.put("answered429", errs.size());
        m.put("byDay", days);
        m.put("quotaReachedAtSeconds", reachedNanos == null ? null : Bench.round((reachedNanos - soakStart) / 1e9, 1));
        m.put("quotaReachedInSlot", reachedNanos == null ? null : slotOf(reachedNanos));
        m.put("redisLosses", losses);
        m.put("redisLossesBeforeQuotaReached", lossesBeforeQuota);
        long overIssue = days.stream().mapToLong(d -> (Long) d.get("overIssue")).sum();
        m.put("overIssue", overIssue);
        // README, "The quota gate": what can be over-issued after Redis loses the counter is the calls other
        // instances are granted before the next check of the instance that saw the highest count (N - 1 = 0 here,
        // one instance) plus the checks in flight at the loss (at most the load's concurrency)
        long bound = (long) CONCURRENCY * lossesBeforeQuota;
        m.put("documentedBound", bound);
        m.put("documentedBoundRule", "one instance: no other instance is granted anything in the gap (N - 1 = 0); "
                + "only the checks in flight at each loss, at most the concurrency (" + CONCURRENCY + ") per loss, "
                + lossesBeforeQuota + " losses before the quota was spent (after it, every check is refused and "
                + "the instance remembers the quota)");
        m.put("withinBound", overIssue <= bound);
        return m;
    }

    private Map<String, Object> routerLog() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("lostCountWarnings", router.countInLog("Redis had lost today's Gemini call count"));
        m.put("errorLines", router.countInLog(" ERROR "));
        m.put("warnLines", router.countInLog(" WARN "));
        m.put("log", tmp.relativize(router.workDir.resolve("router.log")).toString());
        return m;
    }

    // ---- output ----------------------------------------------------------------------------------------------

    private void write() throws IOException {
        Files.createDirectories(out);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.resolve("soak.json").toFile(),
                results);
        Files.writeString(out.resolve("soak.md"), SoakReport.markdown(results), StandardCharsets.UTF_8);
    }
}
