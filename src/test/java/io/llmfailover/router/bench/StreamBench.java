package io.llmfailover.router.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.llmfailover.router.support.Upstreams;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * The streaming benchmark ({@code bench/run.sh --streams}): the Ollama stub streams 60 tokens 10 ms apart; the same
 * streamed prompt ({@code POST /api/chat}, stream true) goes to the stub directly and through the packaged router,
 * in the same run. Reports the time to first token and the whole stream's time, p50 and p99, at concurrency 1 and
 * 32, and what the router adds; then a capacity run: 2,000 streams of 20 s at once through the router, with the
 * router's RSS and thread count sampled during the run. Writes streaming.md and streaming.json to the output
 * folder (bench/results/ by default).
 */
public final class StreamBench {

    static final Buffer BODY = Buffer.buffer("{\"model\":\"llama3.2\",\"stream\":" + !Boolean.getBoolean("bench.collected") + ",\"messages\":[{\"role\":\"user\","
            + "\"content\":\"Why is the sky blue?\"}]}");

    private static final java.util.concurrent.atomic.AtomicBoolean REPORTED = new java.util.concurrent.atomic.AtomicBoolean();

    /** The measured stream: this many tokens (60), this far apart (10 ms); -Dbench.streamTokens / streamGapMs for experiments. */
    static final int TOKENS = Integer.getInteger("bench.streamTokens", 60);
    static final long GAP_MS = Long.getLong("bench.streamGapMs", 10);

    record Timing(long ttftNanos, long totalNanos, boolean complete) {
    }

    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    private final HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true)
            .setIdleTimeout(0), new PoolOptions().setHttp1MaxSize(4000).setMaxWaitQueueSize(-1));

    public static void main(String[] args) throws Exception {
        boolean smoke = Arrays.asList(args).contains("--smoke");
        Path out = Path.of(argAfter(args, "--out", smoke ? "bench/results/tmp/smoke" : "bench/results"));
        Files.createDirectories(out);
        Path tmp = Path.of("bench/results/tmp/streams");
        Files.createDirectories(tmp);
        Children.pidFile(tmp.resolve("children.pid"));
        Vertx stubVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        StubUpstreams stub = new StubUpstreams(stubVertx, 2);
        StreamBench bench = new StreamBench();
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("machine", Machine.describe());
        results.put("stream", TOKENS + " tokens " + GAP_MS + " ms apart (Ollama NDJSON), POST /api/chat stream true");
        BenchRouter router = null;
        BareRelay relay = null;
        try {
            Map<String, String> env = new HashMap<>();
            env.put("LLM_OLLAMA_URL", stub.url(StubUpstreams.Api.OLLAMA));
            env.put("LLM_GEMINI_BASE_URL", stub.url(StubUpstreams.Api.GEMINI));
            env.put("LLM_GEMINI_API_KEY", Upstreams.GEMINI_KEY);
            env.put("LLM_NEMOTRON_BASE_URL", stub.url(StubUpstreams.Api.NVIDIA));
            env.put("LLM_NEMOTRON_API_KEY", Upstreams.NVIDIA_KEY);
            env.put("LLM_CLAUDE_BASE_URL", stub.url(StubUpstreams.Api.CLAUDE));
            env.put("LLM_CLAUDE_API_KEY", Upstreams.CLAUDE_KEY);
            router = BenchRouter.start("streams", tmp, env, System.getProperty("bench.routerJvmArgs", "").isBlank()
                    ? List.of() : List.of(System.getProperty("bench.routerJvmArgs").split(" ")));
            String direct = stub.url(StubUpstreams.Api.OLLAMA);
            String viaRouter = router.baseUrl();
            relay = new BareRelay(direct);
            String viaRelay = relay.url();
            // warm-up: short streams, many of them, so the JIT has compiled the path before anything is measured
            stub.streamTokens(3, 1);
            int warm = smoke ? 200 : 30_000;
            bench.run(viaRouter, 16, warm);
            bench.run(direct, 16, warm / 4);
            bench.run(viaRelay, 16, warm / 4);
            stub.streamTokens(TOKENS, GAP_MS);
            bench.run(viaRouter, 8, smoke ? 16 : 200);
            // the JIT is still compiling the path long after the warm-up's last stream (two cores, a long compile
            // queue): more warm-up rounds until the router's c=1 time to first token stops improving
            int settleRounds = smoke ? 0 : settle(stub, viaRouter, bench);
            results.put("warmupRounds", settleRounds);
            int c1 = smoke ? 10 : 100;
            int c32 = smoke ? 64 : 1600;
            for (int c : Boolean.getBoolean("bench.onlyC1") ? new int[] { 1 } : new int[] { 1, 32 }) {
                int n = c == 1 ? c1 : c32;
                List<Timing> d = bench.run(direct, c, n);
                List<Timing> b = bench.run(viaRelay, c, n);
                List<Timing> r = bench.run(viaRouter, c, n);
                Map<String, Object> row = compare(d, r);
                row.put("relay", compare(d, b));
                results.put("c" + c, row);
                System.out.println("streams c=" + c + ": " + results.get("c" + c));
            }
            int streams = Boolean.getBoolean("bench.onlyC1") ? 0 : smoke ? 200 : 2000;
            stub.streamTokens(60, smoke ? 50 : 333);
            results.put("capacity", bench.capacity(viaRouter, streams, router.pid()));
            System.out.println("capacity: " + results.get("capacity"));
        } finally {
            if (router != null) {
                router.close();
            }
            if (relay != null) {
                relay.close();
            }
            stub.close();
            StubUpstreams.await(stubVertx.close());
            StubUpstreams.await(bench.vertx.close());
            Children.endAll();
        }
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.resolve("streaming.json").toFile(),
                results);
        Files.writeString(out.resolve("streaming.md"), report(results));
        System.out.println("streams: wrote " + out.resolve("streaming.md"));
    }

    /**
     * Warm-up rounds (5,000 short streams at c=16, then 50 measured-shape streams at c=1) until the c=1 median time to
     * first token improves by less than 2 % over the best so far, at least 3 and at most 12 rounds.
     */
    private static int settle(StubUpstreams stub, String viaRouter, StreamBench bench) throws InterruptedException {
        double best = Double.MAX_VALUE;
        int round = 0;
        int flat = 0;
        while (round < 12 && (round < 3 || flat < 2)) {
            stub.streamTokens(3, 1);
            bench.run(viaRouter, 16, 5000);
            stub.streamTokens(TOKENS, GAP_MS);
            double p50 = pct(bench.run(viaRouter, 1, 50).stream().mapToLong(Timing::ttftNanos).toArray())[0];
            System.out.println("streams: warm-up round " + round + ": c=1 time to first token p50 " + p50 + " ms");
            flat = p50 < best * 0.98 ? 0 : flat + 1;
            best = Math.min(best, p50);
            round++;
        }
        return round;
    }

    /** {@code n} streams through {@code base}, {@code concurrency} at a time. */
    List<Timing> run(String base, int concurrency, int n) throws InterruptedException {
        List<Timing> out = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicInteger left = new AtomicInteger(n);
        CountDownLatch done = new CountDownLatch(concurrency);
        for (int i = 0; i < concurrency; i++) {
            loop(base, left, out, done);
        }
        done.await(10, TimeUnit.MINUTES);
        return out;
    }

    private void loop(String base, AtomicInteger left, List<Timing> out, CountDownLatch done) {
        if (left.getAndDecrement() <= 0) {
            done.countDown();
            return;
        }
        stream(base).whenComplete((t, e) -> {
            out.add(t != null ? t : new Timing(0, 0, false));
            loop(base, left, out, done);
        });
    }

    /** One streamed prompt: when its first token came, when it ended, and whether it ended with done:true. */
    CompletableFuture<Timing> stream(String base) {
        CompletableFuture<Timing> f = new CompletableFuture<>();
        long start = System.nanoTime();
        long[] first = { 0 };
        StringBuilder tail = new StringBuilder();
        client.request(new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(base + "/api/chat")
                .putHeader("Content-Type", "application/json")).onComplete(req -> {
                    if (req.failed()) {
                        f.completeExceptionally(req.cause());
                        return;
                    }
                    req.result().send(BODY).onComplete(res -> {
                        if (res.failed()) {
                            f.completeExceptionally(res.cause());
                            return;
                        }
                        res.result().handler(chunk -> {
                            if (first[0] == 0) {
                                first[0] = System.nanoTime();
                            }
                            tail.append(chunk.toString(java.nio.charset.StandardCharsets.UTF_8));
                            if (tail.length() > 4000) {
                                tail.delete(0, tail.length() - 1000);
                            }
                        });
                        res.result().endHandler(v -> {
                            boolean complete = tail.indexOf("\"done\":true") >= 0;
                            if (!complete && REPORTED.compareAndSet(false, true)) {
                                System.out.println("streams: an incomplete stream ended with: " + tail);
                            }
                            f.complete(new Timing(first[0] - start, System.nanoTime() - start, complete));
                        });
                        res.result().exceptionHandler(f::completeExceptionally);
                    });
                });
        return f;
    }

    /** {@code streams} streams at once through the router; RSS and threads sampled every second meanwhile. */
    Map<String, Object> capacity(String base, int streams, long pid) throws Exception {
        long maxRss = 0;
        long maxThreads = 0;
        long start = System.nanoTime();
        List<CompletableFuture<Timing>> all = new ArrayList<>();
        for (int i = 0; i < streams; i++) {
            all.add(stream(base));
        }
        CompletableFuture<Void> every = CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
        while (!every.isDone() && System.nanoTime() - start < TimeUnit.MINUTES.toNanos(5)) {
            long[] s = status(pid);
            maxRss = Math.max(maxRss, s[0]);
            maxThreads = Math.max(maxThreads, s[1]);
            try {
                // a sample a second until every stream is done
                every.get(1, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
                // not done yet, or a stream failed (counted below): sample again
            }
        }
        long complete = all.stream().filter(f -> f.isDone() && !f.isCompletedExceptionally() && f.join().complete())
                .count();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("streams", streams);
        m.put("complete", complete);
        m.put("lost", streams - complete);
        m.put("seconds", Math.round((System.nanoTime() - start) / 1e8) / 10.0);
        m.put("maxRssMiB", maxRss / 1024);
        m.put("maxThreads", maxThreads);
        return m;
    }

    /** VmRSS (KiB) and Threads of a process, from /proc. */
    static long[] status(long pid) {
        long[] s = new long[2];
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    s[0] = Long.parseLong(line.replaceAll("\\D", ""));
                } else if (line.startsWith("Threads:")) {
                    s[1] = Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (Exception e) {
            // the process ended: nothing to sample
        }
        return s;
    }

    static Map<String, Object> compare(List<Timing> direct, List<Timing> router) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("streams", router.size());
        m.put("incomplete", router.stream().filter(t -> !t.complete()).count()
                + direct.stream().filter(t -> !t.complete()).count());
        double[] dT = pct(direct.stream().mapToLong(Timing::ttftNanos).toArray());
        double[] rT = pct(router.stream().mapToLong(Timing::ttftNanos).toArray());
        double[] dS = pct(direct.stream().mapToLong(Timing::totalNanos).toArray());
        double[] rS = pct(router.stream().mapToLong(Timing::totalNanos).toArray());
        m.put("ttftDirectMs", List.of(dT[0], dT[1]));
        m.put("ttftRouterMs", List.of(rT[0], rT[1]));
        m.put("ttftAddedMs", List.of(round(rT[0] - dT[0]), round(rT[1] - dT[1])));
        m.put("totalDirectMs", List.of(dS[0], dS[1]));
        m.put("totalRouterMs", List.of(rS[0], rS[1]));
        m.put("totalAddedMs", List.of(round(rS[0] - dS[0]), round(rS[1] - dS[1])));
        return m;
    }

    /** p50 and p99 in ms. */
    static double[] pct(long[] nanos) {
        Arrays.sort(nanos);
        if (nanos.length == 0) {
            return new double[] { 0, 0 };
        }
        return new double[] { round(nanos[(int) (nanos.length * 0.50)] / 1e6),
                round(nanos[Math.min(nanos.length - 1, (int) (nanos.length * 0.99))] / 1e6) };
    }

    static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    @SuppressWarnings("unchecked")
    static String report(Map<String, Object> r) {
        StringBuilder b = new StringBuilder("# Streaming benchmark\n\n");
        b.append("`bench/run.sh --streams` on ").append(r.get("machine")).append(". The stub streams ")
                .append(r.get("stream")).append("; the same prompt goes to the stub directly and through the router, "
                        + "in the same run, after a warm-up of 30,000 short streams and then ").append(r.get("warmupRounds"))
                .append(" rounds of 5,000 more until the router's c=1 time to first token stopped improving (the JIT "
                        + "compiles the path for long after the first warm-up on two cores). Times in ms, p50 / p99.\n\n");
        b.append("| concurrency | streams | TTFT direct | TTFT router | **TTFT added** | stream direct | stream router "
                + "| stream added | incomplete |\n|---|---|---|---|---|---|---|---|---|\n");
        for (String c : List.of("c1", "c32")) {
            Map<String, Object> m = (Map<String, Object>) r.get(c);
            if (m == null) {
                continue;
            }
            b.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | **%s** | %s | %s | %s | %s |%n", c.substring(1),
                    m.get("streams"), pair(m.get("ttftDirectMs")), pair(m.get("ttftRouterMs")),
                    pair(m.get("ttftAddedMs")), pair(m.get("totalDirectMs")), pair(m.get("totalRouterMs")),
                    pair(m.get("totalAddedMs")), m.get("incomplete")));
        }
        b.append("\nThe floor: a bare Vert.x pass-through relay (bench/BareRelay: no parsing, no routing, chunks copied as "
                + "they come) measured in the same run against the same stub. What it adds is what two extra loopback "
                + "hops and a relay's wake-ups cost on this machine; the router's own cost is what it adds above this.\n\n"
                + "| concurrency | TTFT direct | TTFT relay | **TTFT added by the bare relay** | **router above the relay** "
                + "|\n|---|---|---|---|---|\n");
        for (String c : List.of("c1", "c32")) {
            Map<String, Object> m = (Map<String, Object>) r.get(c);
            if (m == null || m.get("relay") == null) {
                continue;
            }
            Map<String, Object> relay = (Map<String, Object>) m.get("relay");
            List<?> relayAdded = (List<?>) relay.get("ttftAddedMs");
            List<?> routerAdded = (List<?>) m.get("ttftAddedMs");
            b.append(String.format(Locale.ROOT, "| %s | %s | %s | **%s** | **%s / %s** |%n", c.substring(1),
                    pair(relay.get("ttftDirectMs")), pair(relay.get("ttftRouterMs")), pair(relayAdded),
                    round(((Number) routerAdded.get(0)).doubleValue() - ((Number) relayAdded.get(0)).doubleValue()),
                    round(((Number) routerAdded.get(1)).doubleValue() - ((Number) relayAdded.get(1)).doubleValue())));
        }
        Map<String, Object> cap = (Map<String, Object>) r.get("capacity");
        if (cap != null) {
            b.append("\nCapacity: ").append(cap.get("streams")).append(" streams at once through the router (60 tokens "
                    + "each, ~20 s): ").append(cap.get("complete")).append(" complete, ").append(cap.get("lost"))
                    .append(" lost, all done in ").append(cap.get("seconds")).append(" s; router RSS at most ")
                    .append(cap.get("maxRssMiB")).append(" MiB, threads at most ").append(cap.get("maxThreads"))
                    .append(".\n\nTargets: added TTFT p50 at c=1 at most 0.5 ms; no stream lost at 2,000 concurrent; "
                            + "RSS below 1 GiB.\n");
        }
        return b.toString();
    }

    private static String pair(Object o) {
        List<?> l = (List<?>) o;
        return l.get(0) + " / " + l.get(1);
    }

    private static String argAfter(String[] args, String name, String fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
