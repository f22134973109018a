package io.llmfailover.router.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.llmfailover.router.bench.LoadGen.Run;
import io.llmfailover.router.bench.LoadGen.Sample;
import io.llmfailover.router.bench.StubUpstreams.Api;
import io.llmfailover.router.support.RouterProcess;
import io.llmfailover.router.support.TestRedis;
import io.llmfailover.router.support.Upstreams;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import org.HdrHistogram.Histogram;
import redis.clients.jedis.Jedis;

/**
 * The benchmark harness behind {@code bench/run.sh}. One run starts a Vert.x stub of the upstream APIs, the packaged
 * router in its own JVM pointed at it, and a Vert.x load generator, all on 127.0.0.1, then measures:
 * <ol type="a">
 * <li>latency at concurrency 1, direct to the stub vs through the router (alternating rounds);</li>
 * <li>the same at concurrency 32, and the throughput of both legs;</li>
 * <li>in-flight capacity: a stub that answers in 1 s, 1,000 prompts at once;</li>
 * <li>Ollama killed mid-load and restarted;</li>
 * <li>Gemini answering 429 for a while with Ollama down;</li>
 * <li>Redis stopped (and restarted) mid-load with Ollama down;</li>
 * <li>Gemini quota exactness at high concurrency.</li>
 * </ol>
 * and writes results.md, results.json and latency.png. {@code --smoke} runs every scenario tiny (seconds);
 * {@code --profile} runs only the concurrency-32 load with JFR on the router and writes profile.md.
 *
 * <pre>
 * usage: Bench [--smoke] [--profile] [--out DIR] [--label TEXT] [--only warmup,latency,...] [--router-env K=V]...
 * </pre>
 * {@code --router-env} adds an environment variable to every router the bench starts (for experiments, e.g.
 * {@code --router-env CAMEL_METRICS_ENABLEROUTEPOLICY=false}); the report lists them.
 */
public final class Bench {

    static final String CHAT_PATH = "/api/chat";
    static final Buffer CHAT_BODY = Buffer.buffer("{\"model\":\"llama3.2\",\"stream\":false,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"Why is the sky blue?\"}]}");
    static final long HUGE_QUOTA = 1_000_000_000L;

    /** Durations and sizes of one mode. */
    record Plan(boolean smoke, Duration warmup, int rounds, Duration roundLength, int inflightPrompts,
            long inflightDelayMs, Duration killRun, Duration killAt, Duration restartAt, Duration geminiRun,
            Duration geminiOn, Duration geminiOff, Duration redisRun, Duration redisStopAt, Duration redisRestartAt,
            long quota, int quotaPrompts, int quotaConcurrency, String pollInterval, Duration profileRun) {

        static Plan fullPlan() {
            return new Plan(false, Duration.ofSeconds(60), 4, Duration.ofSeconds(5), 1000, 1000,
                    Duration.ofSeconds(12), Duration.ofSeconds(3), Duration.ofSeconds(7),
                    Duration.ofSeconds(8), Duration.ofSeconds(2), Duration.ofSeconds(5),
                    Duration.ofSeconds(9), Duration.ofSeconds(3), Duration.ofSeconds(6),
                    500, 5000, 128, "500ms", Duration.ofSeconds(30));
        }

        static Plan smokePlan() {
            return new Plan(true, Duration.ofMillis(1500), 1, Duration.ofMillis(500), 100, 300,
                    Duration.ofMillis(4500), Duration.ofMillis(600), Duration.ofMillis(2900),
                    Duration.ofMillis(1500), Duration.ofMillis(400), Duration.ofMillis(1000),
                    Duration.ofMillis(2300), Duration.ofMillis(600), Duration.ofMillis(1600),
                    100, 400, 64, "200ms", Duration.ofSeconds(3));
        }
    }

    /** Command-line options. */
    record Options(boolean smoke, boolean profile, Path out, String label, Set<String> only,
            Map<String, String> routerEnv, Path compareJar, String compareLabel) {
        static Options parse(String[] args) {
            boolean smoke = "true".equalsIgnoreCase(System.getenv("BENCH_SMOKE"));
            boolean profile = false;
            Path out = null;
            String label = null;
            Set<String> only = Set.of();
            Map<String, String> routerEnv = new LinkedHashMap<>();
            Path compareJar = null;
            String compareLabel = null;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--smoke" -> smoke = true;
                    case "--profile" -> profile = true;
                    case "--out" -> out = Path.of(args[++i]);
                    case "--label" -> label = args[++i];
                    case "--compare-jar" -> compareJar = Path.of(args[++i]).toAbsolutePath();
                    case "--compare-label" -> compareLabel = args[++i];
                    case "--only" -> only = Set.of(args[++i].split(","));
                    case "--router-env" -> {
                        String kv = args[++i];
                        routerEnv.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
                    }
                    default -> throw new IllegalArgumentException("unknown argument " + args[i]
                            + " (usage: Bench [--smoke] [--profile] [--out DIR] [--label TEXT] [--only a,b] [--router-env K=V]... [--compare-jar JAR [--compare-label TEXT]])");
                }
            }
            if (out == null) {
                out = smoke ? Path.of("bench/results/tmp/smoke") : Path.of("bench/results");
            }
            return new Options(smoke, profile, out.toAbsolutePath(), label, only, routerEnv, compareJar,
                    compareLabel == null ? "compared jar" : compareLabel);
        }
    }

    private final Options options;
    private final Plan plan;
    private final Path tmp;
    private final Map<String, Object> results = new LinkedHashMap<>();
    private final List<String> errors = new ArrayList<>();
    private final Map<String, Object> cpuByScenario = new LinkedHashMap<>();
    /** The load generator's Vert.x. */
    private Vertx vertx;
    /** The stub's own Vert.x, so a kill or a delay is never queued behind the load generator's work. */
    private Vertx stubVertx;
    private StubUpstreams stub;

    Bench(Options options) {
        this.options = options;
        this.plan = options.smoke() ? Plan.smokePlan() : Plan.fullPlan();
        this.tmp = options.out().resolve(options.smoke() ? "run" : "tmp/run");
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        Bench bench = new Bench(options);
        Map<String, Object> results = bench.run();
        @SuppressWarnings("unchecked")
        List<String> errors = (List<String>) results.getOrDefault("errors", List.of());
        System.out.println("bench: wrote " + options.out() + (errors.isEmpty() ? "" : " with errors: " + errors));
        System.exit(errors.isEmpty() ? 0 : 1);
    }

    /** Runs the bench; the results are also written to the output folder. */
    public Map<String, Object> run() throws IOException {
        long started = System.nanoTime();
        Files.createDirectories(tmp);
        Children.pidFile(tmp.resolve("children.pid"));
        Path jar = tmp.resolve("llm-failover-router-runner.jar");
        Files.copy(RouterProcess.runnerJar(), jar, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        BenchRouter.jar = jar;
        results.put("mode", options.profile() ? "profile" : options.smoke() ? "smoke" : "full");
        results.put("command", options.profile() ? "bench/run.sh --profile"
                : options.smoke() ? "bench/run.sh --smoke" : "bench/run.sh");
        if (options.label() != null) {
            results.put("label", options.label());
        }
        if (!options.routerEnv().isEmpty()) {
            results.put("extraRouterEnv", options.routerEnv());
        }
        results.put("machine", Machine.describe());
        Path cwd = Path.of("").toAbsolutePath();
        results.put("routerWorkingDirectory", "an empty directory (" + (tmp.startsWith(cwd) ? cwd.relativize(tmp) : tmp)
                + "/router-*, no routes/ folder): the routes packaged in the jar are used");
        vertx = Bench.harnessVertx();
        stubVertx = Bench.harnessVertx();
        try {
            stub = new StubUpstreams(stubVertx, 2);
            if (options.profile()) {
                profile();
            } else {
                scenarios();
            }
        } finally {
            if (stub != null) {
                stub.close();
            }
            StubUpstreams.await(vertx.close());
            StubUpstreams.await(stubVertx.close());
            Children.endAll();
            results.put("cpuByScenario", cpuByScenario);
            results.put("totalSeconds", round((System.nanoTime() - started) / 1e9, 1));
            results.put("errors", errors);
            write();
        }
        return results;
    }

    // ---- scenarios -----------------------------------------------------------------------------------------

    private void scenarios() {
        BenchRouter main = null;
        BenchRouter redisRouter = null;
        BenchRouter quotaRouter = null;
        TestRedis redisF = null;
        TestRedis redisG = null;
        try {
            redisF = TestRedis.embedded();
            redisG = TestRedis.embedded();
            Children.registerRedisServers();
            String prefixF = "bench-" + UUID.randomUUID().toString().substring(0, 8) + ":";
            String prefixG = "bench-" + UUID.randomUUID().toString().substring(0, 8) + ":";
            boolean mainNeeded = wanted("warmup", "latency", "inflight", "ollamaKill", "gemini429");
            if (mainNeeded) {
                main = BenchRouter.start("main", tmp, routerEnv(HUGE_QUOTA, null, null), List.of());
            }
            if (plan.smoke()) {
                // in smoke mode the other routers start alongside, to keep the run within seconds
                if (wanted("redisStop")) {
                    redisRouter = BenchRouter.start("redis", tmp, routerEnv(HUGE_QUOTA, redisF.url(), prefixF), List.of());
                }
                if (wanted("quota")) {
                    quotaRouter = BenchRouter.start("quota", tmp, routerEnv(plan.quota(), redisG.url(), prefixG), List.of());
                }
            }
            if (mainNeeded) {
                main.awaitPrimary("ollama", Duration.ofSeconds(90));
                BenchRouter r = main;
                try (LoadGen toRouter = new LoadGen(vertx, r.httpPort, plan.inflightPrompts() + 100);
                        LoadGen toStub = new LoadGen(vertx, stub.port(Api.OLLAMA), plan.inflightPrompts() + 100)) {
                    scenario("warmup", () -> warmup(toRouter, toStub));
                    scenario("latency", () -> latency(r, toRouter, toStub));
                    scenario("inflight", () -> inflight(r, toRouter, toStub));
                    scenario("ollamaKill", () -> ollamaKill(r, toRouter));
                    scenario("gemini429", () -> gemini429(r, toRouter));
                }
                main.close();
                main = null;
            }
            if (options.compareJar() != null && wanted("compare")) {
                scenario("compare", this::compare);
            }
            stub.kill(Api.OLLAMA);
            if (wanted("redisStop")) {
                if (redisRouter == null) {
                    redisRouter = BenchRouter.start("redis", tmp, routerEnv(HUGE_QUOTA, redisF.url(), prefixF), List.of());
                }
                BenchRouter rr = redisRouter;
                TestRedis rf = redisF;
                scenario("redisStop", () -> redisStop(rr, rf));
                redisRouter.close();
                redisRouter = null;
            }
            if (wanted("quota")) {
                if (quotaRouter == null) {
                    quotaRouter = BenchRouter.start("quota", tmp, routerEnv(plan.quota(), redisG.url(), prefixG), List.of());
                }
                BenchRouter qr = quotaRouter;
                TestRedis rg = redisG;
                scenario("quota", () -> quota(qr, rg, prefixG));
            }
        } catch (RuntimeException e) {
            errors.add("setup: " + e);
            e.printStackTrace();
        } finally {
            for (AutoCloseable c : new AutoCloseable[] {main, redisRouter, quotaRouter, redisF, redisG}) {
                if (c != null) {
                    try {
                        c.close();
                    } catch (Exception e) {
                        errors.add("close: " + e);
                    }
                }
            }
        }
    }

    private boolean wanted(String... names) {
        if (options.only().isEmpty()) {
            return true;
        }
        for (String n : names) {
            if (options.only().contains(n)) {
                return true;
            }
        }
        return false;
    }

    private void scenario(String name, Runnable body) {
        if (!wanted(name)) {
            return;
        }
        long t0 = System.nanoTime();
        log("scenario " + name + " ...");
        CpuMonitor.Snapshot cpu0 = CpuMonitor.take();
        try {
            body.run();
        } catch (RuntimeException e) {
            errors.add(name + ": " + e);
            e.printStackTrace();
        }
        Map<String, Object> cpu = CpuMonitor.between(cpu0, CpuMonitor.take());
        cpu.put("seconds", round((System.nanoTime() - t0) / 1e9, 1));
        cpuByScenario.put(name, cpu);
        log("scenario " + name + " done: " + cpu);
    }

    private Map<String, String> routerEnv(long quota, String redisUrl, String prefix) {
        return routerEnv(stub, plan.pollInterval(), quota, redisUrl, prefix, options.routerEnv());
    }

    /**
     * The environment of a bench router: every provider at the stub, with keys; health probes every
     * {@code pollInterval}, two healthy probes to come back; the Gemini quota; Redis when {@code redisUrl} is set (else
     * the in-memory gate); then the experiment's extra variables.
     */
    /** A Vert.x for the load generator or the stub: two event loops, as the harness has always used. */
    static Vertx harnessVertx() {
        return Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2).setWorkerPoolSize(2)
                .setBlockedThreadCheckInterval(10_000));
    }

    static Map<String, String> routerEnv(StubUpstreams stub, String pollInterval, long quota, String redisUrl,
            String prefix, Map<String, String> extra) {
        Map<String, String> env = new HashMap<>();
        env.put("LLM_OLLAMA_URL", stub.url(Api.OLLAMA));
        env.put("LLM_GEMINI_BASE_URL", stub.url(Api.GEMINI));
        env.put("LLM_GEMINI_API_KEY", Upstreams.GEMINI_KEY);
        env.put("LLM_NEMOTRON_BASE_URL", stub.url(Api.NVIDIA));
        env.put("LLM_NEMOTRON_API_KEY", Upstreams.NVIDIA_KEY);
        env.put("LLM_CLAUDE_BASE_URL", stub.url(Api.CLAUDE));
        env.put("LLM_CLAUDE_API_KEY", Upstreams.CLAUDE_KEY);
        env.put("LLM_HEALTH_POLL_INTERVAL", pollInterval);
        env.put("LLM_HEALTH_RECOVERY_PROBES", "2");
        env.put("LLM_HTTP_MAX_IN_FLIGHT", "1000");
        env.put("LLM_GEMINI_DAILY_QUOTA", Long.toString(quota));
        if (redisUrl != null) {
            env.put("LLM_REDIS_URL", redisUrl);
            env.put("LLM_REDIS_KEY_PREFIX", prefix);
        }
        env.putAll(extra);
        return env;
    }

    /**
     * This build and an older one ({@code --compare-jar}) side by side, in the same minutes: both routers run at once,
     * warmed alike, and take turns carrying the load, round after round, in alternating order; each router's CPU time
     * is counted only while it carries the load. Slow drift of the machine (other tenants, clock) then hits both
     * alike, which separate runs of the whole benchmark do not give on a shared machine.
     */
    private void compare() {
        // BENCH_JAVA_OPTS=-Dbench.compareRounds=24: more rounds, a smaller error on a noisy machine
        int rounds = plan.smoke() ? 1 : Integer.getInteger("bench.compareRounds", 8);
        long roundNanos = plan.smoke() ? Duration.ofMillis(500).toNanos() : Duration.ofSeconds(5).toNanos();
        Map<String, Object> out = new LinkedHashMap<>();
        // the earlier scenarios leave Ollama down and Gemini answering 429 at times: both routers need them well
        stub.ensureUp(Api.OLLAMA);
        stub.gemini429(false);
        stub.delay(Api.OLLAMA, 0);
        try (BenchRouter a = BenchRouter.start("compare-this", tmp, routerEnv(HUGE_QUOTA, null, null), List.of());
                BenchRouter b = BenchRouter.start("compare-other", tmp, routerEnv(HUGE_QUOTA, null, null), List.of(),
                        options.compareJar())) {
            a.awaitPrimary("ollama", Duration.ofSeconds(90));
            b.awaitPrimary("ollama", Duration.ofSeconds(90));
            try (LoadGen toA = new LoadGen(vertx, a.httpPort, 100); LoadGen toB = new LoadGen(vertx, b.httpPort, 100)) {
                long warm = plan.warmup().toNanos();
                for (int i = 0; i < 3; i++) {
                    toA.closedLoop(CHAT_PATH, CHAT_BODY, 32, warm * 3 / 10, 0, false);
                    toB.closedLoop(CHAT_PATH, CHAT_BODY, 32, warm * 3 / 10, 0, false);
                    toA.closedLoop(CHAT_PATH, CHAT_BODY, 1, warm / 10, 0, false);
                    toB.closedLoop(CHAT_PATH, CHAT_BODY, 1, warm / 10, 0, false);
                }
                for (int c : new int[] {1, 32}) {
                    List<Double> perRoundA = new ArrayList<>();
                    List<Double> perRoundB = new ArrayList<>();
                    long[] ticks = new long[2];
                    long[] prompts = new long[2];
                    double[] seconds = new double[2];
                    Histogram[] latency = {new Histogram(3), new Histogram(3)};
                    for (int round = 0; round < rounds; round++) {
                        for (int leg = 0; leg < 2; leg++) {
                            boolean isA = (leg == 0) == (round % 2 == 0);
                            BenchRouter r = isA ? a : b;
                            long t0 = CpuMonitor.processTicks(r.pid());
                            Run run = (isA ? toA : toB).closedLoop(CHAT_PATH, CHAT_BODY, c, roundNanos, 0, false);
                            long dt = CpuMonitor.processTicks(r.pid()) - t0;
                            ticks[isA ? 0 : 1] += dt;
                            prompts[isA ? 0 : 1] += run.ok;
                            seconds[isA ? 0 : 1] += run.seconds();
                            latency[isA ? 0 : 1].add(run.histogram);
                            (isA ? perRoundA : perRoundB).add(run.ok == 0 ? 0.0
                                    : round(dt * 1e6 / CpuMonitor.TICKS_PER_SECOND / run.ok, 1));
                        }
                    }
                    Map<String, Object> cOut = new LinkedHashMap<>();
                    cOut.put("thisMicrosPerPrompt", microsPerPrompt(ticks[0], prompts[0]));
                    cOut.put("otherMicrosPerPrompt", microsPerPrompt(ticks[1], prompts[1]));
                    cOut.put("thisRounds", perRoundA);
                    cOut.put("otherRounds", perRoundB);
                    cOut.put("thisPrompts", prompts[0]);
                    cOut.put("otherPrompts", prompts[1]);
                    // latency and throughput of the same rounds, so "no worse" is judged side by side too
                    for (int i = 0; i < 2; i++) {
                        String who = i == 0 ? "this" : "other";
                        cOut.put(who + "Rps", round(prompts[i] / seconds[i], 0));
                        cOut.put(who + "P50Ms", round(latency[i].getValueAtPercentile(50) / 1e6, 3));
                        cOut.put(who + "P99Ms", round(latency[i].getValueAtPercentile(99) / 1e6, 3));
                    }
                    out.put("c" + c, cOut);
                    log(String.format("  compare c=%d: this %.1f us/prompt, %s %.1f us/prompt", c,
                            cOut.get("thisMicrosPerPrompt"), options.compareLabel(), cOut.get("otherMicrosPerPrompt")));
                }
            }
        }
        out.put("compareJar", options.compareJar().getFileName().toString());
        out.put("compareLabel", options.compareLabel());
        out.put("rounds", rounds);
        out.put("roundSeconds", roundNanos / 1e9);
        results.put("compare", out);
    }

    private static double microsPerPrompt(long ticks, long prompts) {
        return prompts == 0 ? 0.0 : round(ticks * 1e6 / CpuMonitor.TICKS_PER_SECOND / prompts, 1);
    }

    private void warmup(LoadGen toRouter, LoadGen toStub) {
        long total = plan.warmup().toNanos();
        toRouter.closedLoop(CHAT_PATH, CHAT_BODY, 32, total * 6 / 10, 0, false);
        toStub.closedLoop(CHAT_PATH, CHAT_BODY, 32, total / 10, 0, false);
        toRouter.closedLoop(CHAT_PATH, CHAT_BODY, 1, total * 2 / 10, 0, false);
        toStub.closedLoop(CHAT_PATH, CHAT_BODY, 1, total / 10, 0, false);
    }

    /** (a) and (b): direct and router legs alternate, round after round; each leg's rounds are merged. */
    private void latency(BenchRouter r0, LoadGen toRouter, LoadGen toStub) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int c : new int[] {1, 32}) {
            Histogram direct = new Histogram(3);
            Histogram router = new Histogram(3);
            long[] directCounts = new long[2];
            long[] routerCounts = new long[2];
            double[] seconds = new double[2];
            Map<String, Long> providers = new TreeMap<>();
            Map<String, Long> errs = new TreeMap<>();
            long routerCpuTicks = 0;
            long routerSysTicks = 0;
            Map<String, Long> threadsBefore = new java.util.HashMap<>();
            Map<String, Long> threadsAfter = new java.util.HashMap<>();
            for (int round = 0; round < plan.rounds(); round++) {
                boolean directFirst = round % 2 == 0;
                for (int leg = 0; leg < 2; leg++) {
                    boolean isDirect = (leg == 0) == directFirst;
                    long ticks0 = isDirect ? 0 : CpuMonitor.processTicks(r0.pid());
                    long sys0 = isDirect ? 0 : CpuMonitor.processSystemTicks(r0.pid());
                    Map<String, Long> threads0 = isDirect ? Map.of() : CpuMonitor.threadTicks(r0.pid());
                    Run run = (isDirect ? toStub : toRouter).closedLoop(CHAT_PATH, CHAT_BODY, c,
                            plan.roundLength().toNanos(), 0, false);
                    if (!isDirect) {
                        routerCpuTicks += CpuMonitor.processTicks(r0.pid()) - ticks0;
                        routerSysTicks += CpuMonitor.processSystemTicks(r0.pid()) - sys0;
                        threads0.forEach((k, v) -> threadsBefore.merge(k, v, Long::sum));
                        CpuMonitor.threadTicks(r0.pid()).forEach((k, v) -> threadsAfter.merge(k, v, Long::sum));
                    }
                    (isDirect ? direct : router).add(run.histogram);
                    long[] counts = isDirect ? directCounts : routerCounts;
                    counts[0] += run.ok;
                    counts[1] += run.failed;
                    seconds[isDirect ? 0 : 1] += run.seconds();
                    if (!isDirect) {
                        run.providers.forEach((k, v) -> providers.merge(k, v, Long::sum));
                    }
                    run.errors.forEach((k, v) -> errs.merge((isDirect ? "direct " : "router ") + k, v, Long::sum));
                }
            }
            Map<String, Object> d = legStats(direct, directCounts, seconds[0]);
            Map<String, Object> r = legStats(router, routerCounts, seconds[1]);
            r.put("answeredBy", providers);
            // the router JVM's CPU time (all its threads, user + system) over its legs, per prompt answered
            double cpuSeconds = routerCpuTicks / (double) CpuMonitor.TICKS_PER_SECOND;
            r.put("cpuSeconds", round(cpuSeconds, 2));
            r.put("cpuMicrosPerPrompt", routerCounts[0] == 0 ? 0.0 : round(cpuSeconds * 1e6 / routerCounts[0], 1));
            r.put("cpuSecondsByThread", CpuMonitor.threadSeconds(threadsBefore, threadsAfter));
            r.put("cpuSystemSeconds", round(routerSysTicks / (double) CpuMonitor.TICKS_PER_SECOND, 2));
            // the JIT compiler's share, which a longer warm-up would have spent before the measurement
            long jitTicks = 0;
            for (Map.Entry<String, Long> t : threadsAfter.entrySet()) {
                if (t.getKey().contains("Compiler")) {
                    jitTicks += t.getValue() - threadsBefore.getOrDefault(t.getKey(), 0L);
                }
            }
            double withoutJit = (routerCpuTicks - jitTicks) / (double) CpuMonitor.TICKS_PER_SECOND;
            r.put("cpuMicrosPerPromptWithoutJit", routerCounts[0] == 0 ? 0.0 : round(withoutJit * 1e6 / routerCounts[0], 1));
            Map<String, Object> added = new LinkedHashMap<>();
            for (String k : List.of("p50_ms", "p90_ms", "p99_ms", "max_ms", "mean_ms")) {
                added.put(k, round((double) r.get(k) - (double) d.get(k), 3));
            }
            Map<String, Object> cOut = new LinkedHashMap<>();
            cOut.put("direct", d);
            cOut.put("router", r);
            cOut.put("added", added);
            cOut.put("errors", errs);
            cOut.put("curveDirect", curve(direct));
            cOut.put("curveRouter", curve(router));
            out.put("c" + c, cOut);
            log(String.format("  c=%d direct p50 %.3f p99 %.3f (%.0f req/s) | router p50 %.3f p99 %.3f (%.0f req/s, %.1f us CPU/prompt, %.1f without JIT, %.1f of %.1f s in the kernel)",
                    c, d.get("p50_ms"), d.get("p99_ms"), d.get("rps"), r.get("p50_ms"), r.get("p99_ms"), r.get("rps"),
                    r.get("cpuMicrosPerPrompt"), r.get("cpuMicrosPerPromptWithoutJit"), r.get("cpuSystemSeconds"),
                    r.get("cpuSeconds")));
        }
        out.put("rounds", plan.rounds());
        out.put("roundSeconds", plan.roundLength().toMillis() / 1000.0);
        results.put("latency", out);
    }

    /** (c): the stub takes inflightDelayMs to answer; inflightPrompts prompts are sent at once. */
    private void inflight(BenchRouter router, LoadGen toRouter, LoadGen toStub) {
        int n = plan.inflightPrompts();
        stub.delay(Api.OLLAMA, plan.inflightDelayMs());
        try {
            // the first burst opens the connections and starts the router's worker threads; not measured
            toRouter.closedLoop(CHAT_PATH, CHAT_BODY, n, 0, n, false);
            Run direct = toStub.closedLoop(CHAT_PATH, CHAT_BODY, n, 0, n, false);
            Run viaRouter = toRouter.closedLoop(CHAT_PATH, CHAT_BODY, n, 0, n, false);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("prompts", n);
            out.put("stubDelayMs", plan.inflightDelayMs());
            out.put("maxInFlightSetting", 1000);
            out.put("direct", burstStats(direct));
            out.put("router", burstStats(viaRouter));
            results.put("inflight", out);
            log(String.format("  %d prompts at once, stub delay %d ms: router max %.0f ms, wall %.2f s, failed %d", n,
                    plan.inflightDelayMs(), viaRouter.histogram.getMaxValue() / 1e6, viaRouter.seconds(),
                    viaRouter.failed));
        } finally {
            stub.delay(Api.OLLAMA, 0);
        }
    }

    /** (d): load at concurrency 32; Ollama killed, later restarted. */
    private void ollamaKill(BenchRouter router, LoadGen toRouter) {
        stub.ensureUp(Api.OLLAMA);
        router.awaitPrimary("ollama", Duration.ofSeconds(30));
        CompletableFuture<Run> load = CompletableFuture.supplyAsync(
                () -> toRouter.closedLoop(CHAT_PATH, CHAT_BODY, 32, plan.killRun().toNanos(), 0, true));
        long start = System.nanoTime();
        sleepUntil(start + plan.killAt().toNanos());
        long kill = System.nanoTime();
        stub.kill(Api.OLLAMA);
        long killed = System.nanoTime();
        sleepUntil(start + plan.restartAt().toNanos());
        long restart = System.nanoTime();
        stub.ensureUp(Api.OLLAMA);
        Run run = load.join();
        List<Sample> s = run.samples;

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("concurrency", 32);
        out.put("runSeconds", round(run.seconds(), 2));
        out.put("killAtSeconds", round((kill - run.startNanos) / 1e9, 2));
        out.put("killTookMs", round((killed - kill) / 1e6, 2));
        out.put("restartAtSeconds", round((restart - run.startNanos) / 1e9, 2));
        out.put("prompts", run.ok + run.failed);
        out.put("failed", run.failed);
        out.put("errors", run.errors);
        out.put("answeredBy", run.providers);
        out.put("beforeKill", stats(s, x -> x.sendNanos() < kill && x.sendNanos() >= run.startNanos + 500_000_000L));
        out.put("firstSecondAfterKill", stats(s, x -> x.sendNanos() >= kill && x.sendNanos() < kill + 1_000_000_000L));
        // prompts that paid a failed Ollama attempt (another provider answered after Ollama failed)
        List<Sample> paid = s.stream().filter(x -> x.ok() && x.attempts() > 1 && x.sendNanos() < restart).toList();
        out.put("promptsPayingFailedOllamaAttempt", paid.size());
        long firstPaidDone = paid.stream().mapToLong(Sample::doneNanos).min().orElse(Long.MAX_VALUE);
        // after the router has seen the first failure, no prompt may try the dead Ollama
        long latePayers = paid.stream().filter(x -> x.sendNanos() > firstPaidDone).count();
        out.put("promptsPayingAfterFirstFailureSeen", latePayers);
        // after the restart: prompts that paid a failed Ollama attempt (e.g. a pooled connection the kill had closed)
        out.put("promptsPayingFailedOllamaAttemptAfterRestart", s.stream()
                .filter(x -> x.ok() && x.attempts() > 1 && x.sendNanos() >= restart).count());
        long lastTouch = s.stream().filter(x -> x.doneNanos() >= kill && x.sendNanos() < restart && x.touchedOllama())
                .mapToLong(Sample::doneNanos).max().orElse(kill);
        out.put("msFromKillUntilNoPromptTouchesOllama", round((lastTouch - kill) / 1e6, 1));
        long firstOllama = s.stream().filter(x -> x.sendNanos() >= restart && "ollama".equals(x.provider()))
                .mapToLong(Sample::doneNanos).min().orElse(-1);
        out.put("msFromRestartUntilOllamaServes", firstOllama < 0 ? null : round((firstOllama - restart) / 1e6, 1));
        out.put("healthPollInterval", plan.pollInterval());
        out.put("recoveryProbes", 2);
        out.put("timeline", timeline(s, run.startNanos, run.endNanos, plan.smoke() ? 100 : 250));
        results.put("ollamaKill", out);
        log("  ollama kill: " + compact(out));
    }

    /** (e): Ollama down; Gemini answers 429 for a while. */
    private void gemini429(BenchRouter router, LoadGen toRouter) {
        stub.kill(Api.OLLAMA);
        router.awaitPrimary("gemini", Duration.ofSeconds(30));
        long g0 = stub.chatCalls(Api.GEMINI);
        long e0 = stub.errorReplies(Api.GEMINI);
        long n0 = stub.chatCalls(Api.NVIDIA);
        CompletableFuture<Run> load = CompletableFuture.supplyAsync(
                () -> toRouter.closedLoop(CHAT_PATH, CHAT_BODY, 32, plan.geminiRun().toNanos(), 0, true));
        long start = System.nanoTime();
        sleepUntil(start + plan.geminiOn().toNanos());
        long on = System.nanoTime();
        stub.gemini429(true);
        sleepUntil(start + plan.geminiOff().toNanos());
        long off = System.nanoTime();
        stub.gemini429(false);
        Run run = load.join();
        List<Sample> s = run.samples;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("concurrency", 32);
        out.put("runSeconds", round(run.seconds(), 2));
        out.put("gemini429Seconds", round((off - on) / 1e9, 2));
        out.put("prompts", run.ok + run.failed);
        out.put("failed", run.failed);
        out.put("errors", run.errors);
        out.put("answeredBy", run.providers);
        out.put("answeredByDuring429", providers(s, x -> x.sendNanos() >= on && x.sendNanos() < off));
        out.put("during429", stats(s, x -> x.sendNanos() >= on && x.sendNanos() < off));
        out.put("outside429", stats(s, x -> x.sendNanos() < on || x.sendNanos() >= off + 100_000_000L));
        out.put("gemini429Replies", stub.errorReplies(Api.GEMINI) - e0);
        out.put("geminiCalls", stub.chatCalls(Api.GEMINI) - g0);
        out.put("nemotronCalls", stub.chatCalls(Api.NVIDIA) - n0);
        long firstGemini = s.stream().filter(x -> x.sendNanos() >= off && "gemini".equals(x.provider()))
                .mapToLong(Sample::doneNanos).min().orElse(-1);
        out.put("msFrom429EndUntilGeminiAnswers", firstGemini < 0 ? null : round((firstGemini - off) / 1e6, 1));
        results.put("gemini429", out);
        log("  gemini 429: " + compact(out));
    }

    /** (f): Ollama down, Gemini in play through a Redis quota gate; Redis stopped mid-load, later restarted. */
    private void redisStop(BenchRouter router, TestRedis redis) {
        router.awaitPrimary("gemini", Duration.ofSeconds(90));
        try (LoadGen gen = new LoadGen(vertx, router.httpPort, 64)) {
            gen.closedLoop(CHAT_PATH, CHAT_BODY, 32, plan.smoke() ? 300_000_000L : 3_000_000_000L, 0, false);
            stub.recordArrivals(Api.GEMINI, true);
            CompletableFuture<Run> load = CompletableFuture.supplyAsync(
                    () -> gen.closedLoop(CHAT_PATH, CHAT_BODY, 32, plan.redisRun().toNanos(), 0, true));
            long start = System.nanoTime();
            sleepUntil(start + plan.redisStopAt().toNanos());
            long stop = System.nanoTime();
            redis.stop();
            long stopped = System.nanoTime();
            sleepUntil(start + plan.redisRestartAt().toNanos());
            long restart = System.nanoTime();
            redis.start();
            Children.registerRedisServers();
            long restarted = System.nanoTime();
            Run run = load.join();
            stub.recordArrivals(Api.GEMINI, false);
            List<Sample> s = run.samples;
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("concurrency", 32);
            out.put("runSeconds", round(run.seconds(), 2));
            out.put("redisStopTookMs", round((stopped - stop) / 1e6, 1));
            out.put("redisDownSeconds", round((restarted - stopped) / 1e9, 2));
            out.put("prompts", run.ok + run.failed);
            out.put("failed", run.failed);
            out.put("errors", run.errors);
            out.put("answeredBy", run.providers);
            // prompts whose whole life (so their quota check too) fell between the stop and the restart
            Predicate<Sample> whileDown = x -> x.sendNanos() >= stopped && x.doneNanos() < restart;
            out.put("answeredByWhileRedisDown", providers(s, whileDown));
            // fail closed: such a prompt cannot have passed the quota gate
            out.put("geminiAnswersSentWhileRedisDown", s.stream().filter(whileDown)
                    .filter(x -> "gemini".equals(x.provider())).count());
            out.put("geminiCallsAtStubAfterStop", stub.arrivalsSince(Api.GEMINI, stopped)
                    - stub.arrivalsSince(Api.GEMINI, restart));
            out.put("geminiCallsAtStubFrom50msAfterStop", stub.arrivalsSince(Api.GEMINI, stopped + 50_000_000L)
                    - stub.arrivalsSince(Api.GEMINI, restart));
            out.put("beforeStop", stats(s, x -> x.sendNanos() < stop));
            out.put("whileDown", stats(s, whileDown));
            long firstGemini = s.stream().filter(x -> x.sendNanos() >= restarted && "gemini".equals(x.provider()))
                    .mapToLong(Sample::doneNanos).min().orElse(-1);
            out.put("msFromRestartUntilGeminiAgain", firstGemini < 0 ? null : round((firstGemini - restarted) / 1e6, 1));
            out.put("timeline", timeline(s, run.startNanos, run.endNanos, plan.smoke() ? 100 : 250));
            results.put("redisStop", out);
            log("  redis stop: " + compact(out));
        }
    }

    /** (g): quota Q on a Redis gate, Ollama down, many concurrent prompts: exactly Q reach Gemini. */
    private void quota(BenchRouter router, TestRedis redis, String prefix) {
        router.awaitPrimary("gemini", Duration.ofSeconds(90));
        long g0 = stub.chatCalls(Api.GEMINI);
        Run run;
        try (LoadGen gen = new LoadGen(vertx, router.httpPort, plan.quotaConcurrency() + 10)) {
            run = gen.closedLoop(CHAT_PATH, CHAT_BODY, plan.quotaConcurrency(), 0, plan.quotaPrompts(), false);
        }
        long geminiCalls = stub.chatCalls(Api.GEMINI) - g0;
        Long counter = null;
        try (Jedis jedis = redis.client()) {
            Set<String> keys = jedis.keys(prefix + "gemini:calls:*");
            long sum = 0;
            for (String k : keys) {
                sum += Long.parseLong(jedis.get(k));
            }
            counter = sum;
        } catch (RuntimeException e) {
            errors.add("quota: reading the redis counter: " + e);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("quota", plan.quota());
        out.put("concurrency", plan.quotaConcurrency());
        out.put("prompts", run.ok + run.failed);
        out.put("failed", run.failed);
        out.put("errors", run.errors);
        out.put("answeredBy", run.providers);
        out.put("geminiCallsAtStub", geminiCalls);
        out.put("redisCounter", counter);
        out.put("rps", round(run.rps(), 0));
        out.put("exact", geminiCalls == plan.quota() && run.providers.getOrDefault("gemini", 0L) == plan.quota()
                && counter != null && counter == plan.quota());
        results.put("quota", out);
        log("  quota: " + compact(out));
    }

    // ---- profile mode ----------------------------------------------------------------------------------------

    private void profile() {
        Path jfr = tmp.resolve("router.jfr");
        try {
            Files.deleteIfExists(jfr);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Instant from;
        Instant to;
        Run run;
        Path jfc = profileSettings();
        try (BenchRouter router = BenchRouter.start("profile", tmp, routerEnv(HUGE_QUOTA, null, null),
                List.of("-XX:StartFlightRecording=filename=" + jfr + ",settings=" + jfc + ",dumponexit=true"))) {
            router.awaitPrimary("ollama", Duration.ofSeconds(90));
            try (LoadGen gen = new LoadGen(vertx, router.httpPort, 64)) {
                gen.closedLoop(CHAT_PATH, CHAT_BODY, 32, plan.warmup().toNanos(), 0, false);
                int c = Integer.getInteger("bench.profileConcurrency", 32);
                from = Instant.now();
                run = gen.closedLoop(CHAT_PATH, CHAT_BODY, c, plan.profileRun().toNanos(), 0, false);
                to = Instant.now();
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("c32", legStats(run.histogram, new long[] {run.ok, run.failed}, run.seconds()));
        out.put("jfr", jfr.toString());
        out.put("window", Map.of("from", from.toString(), "to", to.toString()));
        results.put("profile", out);
        try {
            String md = JfrSummary.summarize(jfr, from, to, 25);
            Files.writeString(options.out().resolve("profile.md"), "# Router hot-path profile (JFR, c=32 via the "
                    + "router)\n\n" + (options.label() == null ? "" : "Label: " + options.label() + "\n\n")
                    + String.format("Load during the recording: %.0f req/s, p50 %.3f ms, p99 %.3f ms (JFR on).%n%n",
                            run.rps(), run.histogram.getValueAtPercentile(50) / 1e6,
                            run.histogram.getValueAtPercentile(99) / 1e6)
                    + md, StandardCharsets.UTF_8);
            log("wrote " + options.out().resolve("profile.md"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The JDK's profile.jfc with CPU sampling every 1 ms (not 10) and more allocation samples, for more samples. */
    private Path profileSettings() {
        try {
            String jfc = Files.readString(Path.of(System.getProperty("java.home"), "lib", "jfr", "profile.jfc"));
            jfc = jfc.replaceFirst("(?<head><event name=\"jdk.ExecutionSample\">\\s*<setting name=\"enabled\"[^<]*</setting>\\s*"
                    + "<setting name=\"period\"[^>]*>)[^<]*<", "${head}1 ms<")
                    .replace(">300/s<", ">1000/s<");
            Path out = tmp.resolve("bench-profile.jfc");
            Files.writeString(out, jfc);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- statistics ----------------------------------------------------------------------------------------

    static Map<String, Object> latencyStats(Histogram h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", h.getTotalCount());
        m.put("p50_ms", ms(h.getValueAtPercentile(50)));
        m.put("p90_ms", ms(h.getValueAtPercentile(90)));
        m.put("p99_ms", ms(h.getValueAtPercentile(99)));
        m.put("p999_ms", ms(h.getValueAtPercentile(99.9)));
        m.put("max_ms", ms(h.getMaxValue()));
        m.put("mean_ms", round(h.getTotalCount() == 0 ? 0 : h.getMean() / 1e6, 3));
        return m;
    }

    private static Map<String, Object> legStats(Histogram h, long[] counts, double seconds) {
        Map<String, Object> m = latencyStats(h);
        m.put("ok", counts[0]);
        m.put("failed", counts[1]);
        m.put("seconds", round(seconds, 2));
        m.put("rps", round((counts[0] + counts[1]) / seconds, 0));
        return m;
    }

    private static Map<String, Object> burstStats(Run run) {
        Map<String, Object> m = latencyStats(run.histogram);
        m.put("min_ms", ms(run.histogram.getMinValue()));
        m.put("ok", run.ok);
        m.put("failed", run.failed);
        m.put("wallSeconds", round(run.seconds(), 3));
        m.put("answeredBy", run.providers);
        m.put("errors", run.errors);
        return m;
    }

    private static Map<String, Object> stats(List<Sample> samples, Predicate<Sample> which) {
        Histogram h = new Histogram(3);
        long failed = 0;
        for (Sample x : samples) {
            if (which.test(x)) {
                if (x.ok()) {
                    h.recordValue(x.latencyNanos());
                } else {
                    failed++;
                }
            }
        }
        Map<String, Object> m = latencyStats(h);
        m.put("failed", failed);
        return m;
    }

    private static Map<String, Long> providers(List<Sample> samples, Predicate<Sample> which) {
        Map<String, Long> m = new TreeMap<>();
        for (Sample x : samples) {
            if (which.test(x)) {
                m.merge(x.provider() == null ? "(failed)" : x.provider(), 1L, Long::sum);
            }
        }
        return m;
    }

    /** Completions per time bucket, by provider, plus the worst latency of the bucket. */
    private static List<Map<String, Object>> timeline(List<Sample> samples, long start, long end, int bucketMs) {
        long bucket = bucketMs * 1_000_000L;
        int n = (int) ((end - start) / bucket) + 1;
        List<Map<String, Object>> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("t_s", round(i * bucketMs / 1000.0, 2));
            rows.add(row);
        }
        for (Sample x : samples) {
            int i = (int) Math.min(n - 1, Math.max(0, (x.doneNanos() - start) / bucket));
            Map<String, Object> row = rows.get(i);
            String key = x.provider() == null ? "failed" : x.provider() + (x.attempts() > 1 ? "_after_failure" : "");
            row.merge(key, 1L, (a, b) -> (Long) a + (Long) b);
            row.merge("max_ms", ms(x.latencyNanos()), (a, b) -> Math.max((Double) a, (Double) b));
        }
        return rows;
    }

    /** Latency percentile curve for the plot: percentile -> ms. */
    private static Map<String, Double> curve(Histogram h) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (double p : new double[] {0, 10, 25, 50, 75, 90, 95, 99, 99.5, 99.9, 99.95, 99.99, 100}) {
            m.put(Double.toString(p), ms(p == 100 ? h.getMaxValue() : h.getValueAtPercentile(p)));
        }
        return m;
    }

    static double ms(long nanos) {
        return round(nanos / 1e6, 3);
    }

    static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }

    private static String compact(Map<String, Object> m) {
        Map<String, Object> c = new LinkedHashMap<>(m);
        c.remove("timeline");
        return c.toString();
    }

    /**
     * Waits out a stretch of the scenario's timeline (load for N seconds, kill at T): the benchmark is timed by
     * design. Nothing here waits for a condition; tests do that with Awaitility.
     */
    static void sleep(long ms) {
        long deadline = System.nanoTime() + ms * 1_000_000L;
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            java.util.concurrent.locks.LockSupport.parkNanos(left);
            if (Thread.currentThread().isInterrupted()) {
                throw new IllegalStateException("interrupted");
            }
        }
    }

    static void sleepUntil(long nanoTime) {
        long left = nanoTime - System.nanoTime();
        if (left > 0) {
            sleep(left / 1_000_000);
        }
    }

    static void log(String message) {
        System.out.println("[bench " + Instant.now() + "] " + message);
        System.out.flush();
    }

    // ---- output ----------------------------------------------------------------------------------------------

    private void write() throws IOException {
        Files.createDirectories(options.out());
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        if (options.profile()) {
            Files.writeString(options.out().resolve("profile.json"), json.writeValueAsString(results),
                    StandardCharsets.UTF_8);
            return;
        }
        Files.writeString(options.out().resolve("results.json"), json.writeValueAsString(results),
                StandardCharsets.UTF_8);
        Files.writeString(options.out().resolve("results.md"), Report.markdown(results), StandardCharsets.UTF_8);
        Report.plot(results, options.out().resolve("latency.png"));
    }
}
