package io.llmfailover.router.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/** Renders the bench results as Markdown tables and a PNG latency plot (java.awt, headless). */
final class Report {

    private Report() {
    }

    /** Renders results.md and latency.png again from a results.json: {@code Report bench/results/results.json}. */
    public static void main(String[] args) throws IOException {
        Path json = Path.of(args[0]);
        @SuppressWarnings("unchecked")
        Map<String, Object> r = new com.fasterxml.jackson.databind.ObjectMapper().readValue(json.toFile(), Map.class);
        java.nio.file.Files.writeString(json.resolveSibling("results.md"), markdown(r));
        plot(r, json.resolveSibling("latency.png"));
    }

    // ---- Markdown --------------------------------------------------------------------------------------------

    static String markdown(Map<String, Object> r) {
        StringBuilder md = new StringBuilder();
        boolean smoke = "smoke".equals(r.get("mode"));
        Map<String, Object> machine = map(r.get("machine"));
        md.append("# Benchmark results\n\n");
        if (smoke) {
            md.append("**Smoke run** (every scenario tiny, seconds in all): it proves the harness works; its numbers "
                    + "are not measurements.\n\n");
        }
        md.append("Produced by `").append(r.get("command")).append("` on ").append(machine.get("date"))
                .append(" (commit ").append(machine.get("commit")).append("), total run time ")
                .append(r.get("totalSeconds")).append(" s");
        if (r.get("label") != null) {
            md.append(", label: ").append(r.get("label"));
        }
        md.append(". Raw numbers: `results.json`; plot: `latency.png`.\n\n");
        if (r.get("extraRouterEnv") != null) {
            md.append("Extra router environment for this run: `").append(r.get("extraRouterEnv")).append("`.\n\n");
        }
        List<?> errors = (List<?>) r.get("errors");
        if (errors != null && !errors.isEmpty()) {
            md.append("**Errors during the run:**\n\n");
            errors.forEach(e -> md.append("- ").append(e).append('\n'));
            md.append('\n');
        }

        md.append("## Machine\n\n| | |\n|---|---|\n");
        md.append("| CPU | ").append(machine.get("cpu")).append(", ").append(machine.get("cores")).append(" cores |\n");
        md.append("| RAM | ").append(machine.get("ramGiB")).append(" GiB |\n");
        md.append("| Java | ").append(machine.get("java")).append(" |\n");
        md.append("| OS | ").append(machine.get("os")).append(" |\n");
        md.append("| Setup | ").append(machine.get("setup")).append(" |\n");
        md.append("| Router | ").append(r.get("routerWorkingDirectory")).append(" |\n\n");

        targets(md, r, smoke);
        latency(md, map(r.get("latency")));
        compare(md, map(r.get("compare")));
        inflight(md, map(r.get("inflight")));
        ollamaKill(md, map(r.get("ollamaKill")));
        gemini429(md, map(r.get("gemini429")));
        redisStop(md, map(r.get("redisStop")));
        quota(md, map(r.get("quota")));
        cpu(md, map(r.get("cpuByScenario")));
        return md.toString();
    }

    private static void targets(StringBuilder md, Map<String, Object> r, boolean smoke) {
        md.append("## Targets\n\n");
        if (smoke) {
            md.append("(smoke run: latency and throughput targets are not meaningful here)\n\n");
        }
        md.append("| target | measured | met |\n|---|---|---|\n");
        Map<String, Object> lat = map(r.get("latency"));
        Map<String, Object> c1 = map(lat.get("c1"));
        Map<String, Object> c32 = map(lat.get("c32"));
        Double addedP50 = num(map(c1.get("added")).get("p50_ms"));
        Double addedP99 = num(map(c1.get("added")).get("p99_ms"));
        Double rps = num(map(c32.get("router")).get("rps"));
        row(md, "added p50 at concurrency 1 <= 0.3 ms", fmt(addedP50, "ms"), addedP50 == null ? null : addedP50 <= 0.3);
        row(md, "added p99 at concurrency 1 <= 1 ms", fmt(addedP99, "ms"), addedP99 == null ? null : addedP99 <= 1.0);
        row(md, "router throughput at concurrency 32 >= 10,000 req/s (2 cores shared)", fmt(rps, "req/s"),
                rps == null ? null : rps >= 10_000);
        Map<String, Object> inflight = map(r.get("inflight"));
        Map<String, Object> ir = map(inflight.get("router"));
        Double maxMs = num(ir.get("max_ms"));
        Double delay = num(inflight.get("stubDelayMs"));
        Double failedIn = num(ir.get("failed"));
        row(md, inflight.get("prompts") + " prompts at once, stub answers in " + inflight.get("stubDelayMs")
                + " ms: all finish in about that (max <= 1.5 x, none failed)",
                maxMs == null ? "-" : String.format(Locale.ROOT, "p50 %.0f ms, max %.0f ms, failed %.0f",
                        num(ir.get("p50_ms")), maxMs, failedIn),
                maxMs == null ? null : maxMs <= 1.5 * delay && failedIn == 0);
        Map<String, Object> kill = map(r.get("ollamaKill"));
        Double killFailed = num(kill.get("failed"));
        row(md, "no prompt failed during the Ollama kill", fmt(killFailed, "failed"),
                killFailed == null ? null : killFailed == 0);
        Double late = num(kill.get("promptsPayingAfterFirstFailureSeen"));
        row(md, "after the first failure, no prompt pays a dead Ollama's attempt",
                late == null ? "-" : String.format(Locale.ROOT, "%.0f prompts (%s paid while in flight at the kill)",
                        late, kill.get("promptsPayingFailedOllamaAttempt")),
                late == null ? null : late == 0);
        Map<String, Object> redis = map(r.get("redisStop"));
        Double rf = num(redis.get("failed"));
        Double rg = num(redis.get("geminiAnswersSentWhileRedisDown"));
        row(md, "Redis stopped mid-load: fail closed (no Gemini answer to a prompt handled while Redis is down), no "
                + "prompt lost", rf == null ? "-" : String.format(Locale.ROOT, "%.0f Gemini answers, %.0f failed", rg, rf),
                rf == null ? null : rf == 0 && rg == 0);
        Map<String, Object> q = map(r.get("quota"));
        row(md, "quota allowed == quota exactly", q.isEmpty() ? "-" : String.format(Locale.ROOT,
                "quota %s: %s Gemini calls at the stub, %s answers, Redis counter %s", q.get("quota"),
                q.get("geminiCallsAtStub"), map(q.get("answeredBy")).get("gemini"), q.get("redisCounter")),
                q.isEmpty() ? null : Boolean.TRUE.equals(q.get("exact")));
        md.append('\n');
    }

    private static void latency(StringBuilder md, Map<String, Object> lat) {
        if (lat.isEmpty()) {
            return;
        }
        md.append("## (a, b) Latency and throughput: direct to the stub vs through the router\n\n");
        md.append("`POST /api/chat` with `\"stream\":false` (the same request and the same Ollama answer on both legs),"
                + " closed loop, ").append(lat.get("rounds")).append(" rounds of ").append(lat.get("roundSeconds"))
                .append(" s per leg, direct and router alternating, after a warm-up. Milliseconds.\n\n");
        md.append("| concurrency | leg | requests | req/s | p50 | p90 | p99 | p99.9 | max |\n");
        md.append("|---:|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (String c : List.of("c1", "c32")) {
            Map<String, Object> x = map(lat.get(c));
            if (x.isEmpty()) {
                continue;
            }
            String conc = c.substring(1);
            for (String leg : List.of("direct", "router")) {
                Map<String, Object> l = map(x.get(leg));
                md.append("| ").append(conc).append(" | ").append(leg).append(" | ").append(l.get("count"))
                        .append(" | ").append(intFmt(l.get("rps"))).append(" | ").append(l.get("p50_ms")).append(" | ")
                        .append(l.get("p90_ms")).append(" | ").append(l.get("p99_ms")).append(" | ")
                        .append(l.get("p999_ms")).append(" | ").append(l.get("max_ms")).append(" |\n");
            }
            Map<String, Object> a = map(x.get("added"));
            md.append("| ").append(conc).append(" | **added (router - direct)** | | | **")
                    .append(a.get("p50_ms")).append("** | ").append(a.get("p90_ms")).append(" | **")
                    .append(a.get("p99_ms")).append("** | | ").append(a.get("max_ms")).append(" |\n");
        }
        md.append('\n');
        Map<String, Object> c32 = map(lat.get("c32"));
        md.append("Router answers by provider: ").append(map(map(c32.get("router")).get("answeredBy")))
                .append("; failed requests: direct ").append(map(c32.get("direct")).get("failed")).append(", router ")
                .append(map(c32.get("router")).get("failed")).append(" (c=32), direct ")
                .append(map(map(lat.get("c1")).get("direct")).get("failed")).append(", router ")
                .append(map(map(lat.get("c1")).get("router")).get("failed")).append(" (c=1).\n\n");
        md.append("Router CPU time per prompt (the router JVM's user + system CPU over its legs, from /proc, divided by the"
                + " prompts it answered): ");
        for (String c : List.of("c1", "c32")) {
            Map<String, Object> r = map(map(lat.get(c)).get("router"));
            md.append(c.equals("c1") ? "" : ", ").append("**").append(r.get("cpuMicrosPerPrompt")).append(" µs** at"
                    + " concurrency ").append(c.substring(1)).append(" (").append(r.get("cpuSeconds")).append(" s for ")
                    .append(r.get("count")).append(" prompts; ").append(r.get("cpuMicrosPerPromptWithoutJit"))
                    .append(" µs without the JIT compiler's threads)");
        }
        md.append(".\n\n");
        md.append("Where that CPU went, by router thread group (CPU seconds over the router legs): ");
        for (String c : List.of("c1", "c32")) {
            md.append(c.equals("c1") ? "" : "; ").append("c=").append(c.substring(1)).append(" ")
                    .append(map(map(lat.get(c)).get("router")).get("cpuSecondsByThread"));
        }
        md.append(".\n\n");
    }

    private static void compare(StringBuilder md, Map<String, Object> cmp) {
        if (cmp.isEmpty()) {
            return;
        }
        md.append("## Router CPU per prompt, side by side with ").append(cmp.get("compareLabel")).append("\n\n");
        md.append("This build and `").append(cmp.get("compareJar")).append("` run at once, warmed alike, and take turns"
                + " carrying the load (").append(cmp.get("rounds")).append(" rounds of ").append(cmp.get("roundSeconds"))
                .append(" s each, alternating which goes first); each router's CPU time (user + system, all threads, from"
                + " /proc) is counted only while it carries the load, divided by the prompts it answered.\n\n");
        md.append("| concurrency | this build | ").append(cmp.get("compareLabel")).append(" | change | this, per round |"
                + " other, per round |\n|---:|---:|---:|---:|---|---|\n");
        for (String c : List.of("c1", "c32")) {
            Map<String, Object> x = map(cmp.get(c));
            if (x.isEmpty()) {
                continue;
            }
            double a = ((Number) x.get("thisMicrosPerPrompt")).doubleValue();
            double b = ((Number) x.get("otherMicrosPerPrompt")).doubleValue();
            md.append("| ").append(c.substring(1)).append(" | **").append(a).append(" µs** | ").append(b).append(" µs | ")
                    .append(b == 0 ? "" : String.format(java.util.Locale.ROOT, "%+.0f %%", (a - b) * 100 / b))
                    .append(" | ").append(x.get("thisRounds")).append(" | ").append(x.get("otherRounds")).append(" |\n");
        }
        md.append("\nLatency and throughput in the same rounds (ms; req/s over the rounds each router carried):\n\n");
        md.append("| concurrency | this: req/s | p50 | p99 | ").append(cmp.get("compareLabel"))
                .append(": req/s | p50 | p99 |\n|---:|---:|---:|---:|---:|---:|---:|\n");
        for (String c : List.of("c1", "c32")) {
            Map<String, Object> x = map(cmp.get(c));
            if (x.isEmpty() || x.get("thisRps") == null) {
                continue;
            }
            md.append("| ").append(c.substring(1));
            for (String who : List.of("this", "other")) {
                md.append(" | ").append(String.format(java.util.Locale.ROOT, "%,.0f", ((Number) x.get(who + "Rps")).doubleValue()))
                        .append(" | ").append(x.get(who + "P50Ms")).append(" | ").append(x.get(who + "P99Ms"));
            }
            md.append(" |\n");
        }
        md.append('\n');
    }

    private static void inflight(StringBuilder md, Map<String, Object> in) {
        if (in.isEmpty()) {
            return;
        }
        md.append("## (c) In-flight capacity\n\n");
        md.append("The Ollama stub takes ").append(in.get("stubDelayMs")).append(" ms to answer; ")
                .append(in.get("prompts")).append(" prompts are sent at once, each on its own connection "
                        + "(`LLM_HTTP_MAX_IN_FLIGHT=").append(in.get("maxInFlightSetting"))
                .append("`). Completion time of each prompt, ms:\n\n");
        md.append("| leg | prompts | failed | min | p50 | p90 | p99 | max | all done after (s) |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (String leg : List.of("direct", "router")) {
            Map<String, Object> l = map(in.get(leg));
            md.append("| ").append(leg).append(" | ").append(num(l.get("ok")).longValue() + num(l.get("failed")).longValue())
                    .append(" | ").append(l.get("failed")).append(" | ").append(l.get("min_ms")).append(" | ")
                    .append(l.get("p50_ms")).append(" | ").append(l.get("p90_ms")).append(" | ").append(l.get("p99_ms"))
                    .append(" | ").append(l.get("max_ms")).append(" | ").append(l.get("wallSeconds")).append(" |\n");
        }
        md.append('\n');
    }

    private static void ollamaKill(StringBuilder md, Map<String, Object> k) {
        if (k.isEmpty()) {
            return;
        }
        md.append("## (d) Ollama killed mid-load\n\n");
        md.append("Concurrency 32 through the router for ").append(k.get("runSeconds")).append(" s; the Ollama stub's "
                + "listener is stopped and its connections closed at ").append(k.get("killAtSeconds"))
                .append(" s, and it listens again at ").append(k.get("restartAtSeconds")).append(" s (health poll ")
                .append(k.get("healthPollInterval")).append(", ").append(k.get("recoveryProbes"))
                .append(" healthy probes to recover).\n\n");
        md.append("| metric | value |\n|---|---|\n");
        kv(md, "prompts / failed", k.get("prompts") + " / " + k.get("failed"));
        kv(md, "answered by", k.get("answeredBy"));
        kv(md, "prompts that paid a failed Ollama attempt (in flight at the kill)",
                k.get("promptsPayingFailedOllamaAttempt"));
        kv(md, "prompts sent after the first failure came back that still tried Ollama",
                k.get("promptsPayingAfterFirstFailureSeen"));
        kv(md, "time from the kill until no prompt touches Ollama", k.get("msFromKillUntilNoPromptTouchesOllama") + " ms");
        Map<String, Object> before = map(k.get("beforeKill"));
        Map<String, Object> after = map(k.get("firstSecondAfterKill"));
        kv(md, "p50 / p99 / max before the kill", before.get("p50_ms") + " / " + before.get("p99_ms") + " / "
                + before.get("max_ms") + " ms");
        kv(md, "p50 / p99 / max of prompts sent in the second after the kill", after.get("p50_ms") + " / "
                + after.get("p99_ms") + " / " + after.get("max_ms") + " ms");
        kv(md, "time from the restart until Ollama answers again", k.get("msFromRestartUntilOllamaServes") + " ms");
        md.append('\n');
        md.append("This is the router's first failover: the fallback path (Gemini adapter, failed-attempt handling, the "
                + "failover event) runs for the first time in this JVM, so class loading and JIT compilation show in "
                + "the worst latencies around the kill and in how long the in-flight prompts take to finish. The "
                + "routing itself switches at the first failure: no prompt sent after it tried Ollama.\n\n");
    }

    private static void gemini429(StringBuilder md, Map<String, Object> g) {
        if (g.isEmpty()) {
            return;
        }
        md.append("## (e) Gemini answering 429 while Ollama is down\n\n");
        md.append("Concurrency 32 for ").append(g.get("runSeconds")).append(" s with Ollama down; Gemini answers its "
                + "documented 429 RESOURCE_EXHAUSTED for ").append(g.get("gemini429Seconds")).append(" s.\n\n");
        md.append("| metric | value |\n|---|---|\n");
        kv(md, "prompts / failed", g.get("prompts") + " / " + g.get("failed"));
        kv(md, "answered by (whole run)", g.get("answeredBy"));
        kv(md, "answered by (prompts sent during the 429s)", g.get("answeredByDuring429"));
        kv(md, "Gemini 429 replies (each cost one prompt a failed attempt)", g.get("gemini429Replies"));
        Map<String, Object> during = map(g.get("during429"));
        Map<String, Object> outside = map(g.get("outside429"));
        kv(md, "p50 / p99 during the 429s", during.get("p50_ms") + " / " + during.get("p99_ms") + " ms");
        kv(md, "p50 / p99 outside", outside.get("p50_ms") + " / " + outside.get("p99_ms") + " ms");
        kv(md, "time from the end of the 429s until Gemini answers again", g.get("msFrom429EndUntilGeminiAnswers")
                + " ms");
        md.append('\n');
    }

    private static void redisStop(StringBuilder md, Map<String, Object> s) {
        if (s.isEmpty()) {
            return;
        }
        md.append("## (f) Redis stopped mid-load\n\n");
        md.append("A second router with `LLM_REDIS_URL` (quota gate and health cache in a real redis-server), Ollama "
                + "down so Gemini is primary; concurrency 32 for ").append(s.get("runSeconds"))
                .append(" s; redis-server stopped for ").append(s.get("redisDownSeconds")).append(" s, then started "
                        + "again (empty).\n\n");
        md.append("| metric | value |\n|---|---|\n");
        kv(md, "prompts / failed", s.get("prompts") + " / " + s.get("failed"));
        kv(md, "answered by (whole run)", s.get("answeredBy"));
        kv(md, "answered by (prompts sent and answered while Redis was down)", s.get("answeredByWhileRedisDown"));
        kv(md, "Gemini answers to prompts sent and answered while Redis was down (fail closed: must be 0)",
                s.get("geminiAnswersSentWhileRedisDown"));
        kv(md, "Gemini calls reaching the stub after the stop (calls already past the gate included) / from 50 ms "
                + "after the stop", s.get("geminiCallsAtStubAfterStop") + " / " + s.get("geminiCallsAtStubFrom50msAfterStop"));
        Map<String, Object> before = map(s.get("beforeStop"));
        Map<String, Object> down = map(s.get("whileDown"));
        kv(md, "p50 / p99 before the stop", before.get("p50_ms") + " / " + before.get("p99_ms") + " ms");
        kv(md, "p50 / p99 while Redis was down", down.get("p50_ms") + " / " + down.get("p99_ms") + " ms");
        kv(md, "time from the restart until Gemini answers again", s.get("msFromRestartUntilGeminiAgain") + " ms");
        md.append('\n');
    }

    private static void quota(StringBuilder md, Map<String, Object> q) {
        if (q.isEmpty()) {
            return;
        }
        md.append("## (g) Quota exactness\n\n");
        md.append("A third router, Redis quota gate with `LLM_GEMINI_DAILY_QUOTA=").append(q.get("quota"))
                .append("`, Ollama down; ").append(q.get("prompts")).append(" prompts at concurrency ")
                .append(q.get("concurrency")).append(" (").append(intFmt(q.get("rps"))).append(" req/s).\n\n");
        md.append("| metric | value |\n|---|---|\n");
        kv(md, "failed", q.get("failed"));
        kv(md, "answered by", q.get("answeredBy"));
        kv(md, "Gemini calls seen by the stub", q.get("geminiCallsAtStub"));
        kv(md, "Redis counter", q.get("redisCounter"));
        kv(md, "exact (stub calls == Gemini answers == counter == quota)", q.get("exact"));
        md.append('\n');
    }

    private static void cpu(StringBuilder md, Map<String, Object> cpu) {
        if (cpu.isEmpty()) {
            return;
        }
        md.append("## CPU during each scenario\n\n");
        md.append("Average cores in use (from /proc): the bench's own processes (harness JVM with stub and load "
                + "generator, router JVMs, redis-server) and anything else on the machine, which would distort the "
                + "numbers above.\n\n");
        md.append("| scenario | seconds | machine busy (cores) | bench processes | other processes |\n");
        md.append("|---|---:|---:|---:|---:|\n");
        cpu.forEach((name, v) -> {
            Map<String, Object> c = map(v);
            md.append("| ").append(name).append(" | ").append(c.get("seconds")).append(" | ")
                    .append(c.getOrDefault("machineBusyCores", "-")).append(" | ")
                    .append(c.getOrDefault("benchProcessesCores", "-")).append(" | ")
                    .append(c.getOrDefault("otherProcessesCores", "-")).append(" |\n");
        });
        md.append('\n');
    }

    private static void row(StringBuilder md, String target, String measured, Boolean met) {
        md.append("| ").append(target).append(" | ").append(measured).append(" | ")
                .append(met == null ? "-" : met ? "yes" : "**no**").append(" |\n");
    }

    private static void kv(StringBuilder md, String k, Object v) {
        md.append("| ").append(k).append(" | ").append(v).append(" |\n");
    }

    private static String fmt(Double v, String unit) {
        return v == null ? "-" : (unit.equals("req/s") ? intFmt(v) : String.format(Locale.ROOT, "%.3f", v)
                .replaceAll("\\.?0+$", "")) + " " + unit;
    }

    private static String intFmt(Object v) {
        Double d = num(v);
        return d == null ? "-" : String.format(Locale.ROOT, "%,d", Math.round(d));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    static Double num(Object o) {
        return o instanceof Number n ? n.doubleValue() : null;
    }

    // ---- PNG -------------------------------------------------------------------------------------------------

    /** Latency by percentile, direct vs router, one panel per concurrency. */
    static void plot(Map<String, Object> r, Path file) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Map<String, Object> lat = map(r.get("latency"));
        if (lat.isEmpty()) {
            return;
        }
        int panelW = 640;
        int h = 480;
        BufferedImage img = new BufferedImage(panelW * 2, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, panelW * 2, h);
        int i = 0;
        for (String c : List.of("c1", "c32")) {
            panel(g, map(lat.get(c)), c.substring(1), i * panelW, panelW, h,
                    "smoke".equals(r.get("mode")));
            i++;
        }
        g.dispose();
        ImageIO.write(img, "png", file.toFile());
    }

    private static void panel(Graphics2D g, Map<String, Object> x, String conc, int x0, int w, int h, boolean smoke) {
        if (x.isEmpty()) {
            return;
        }
        int left = x0 + 70;
        int right = x0 + w - 20;
        int top = 60;
        int bottom = h - 60;
        Map<String, Object> direct = map(x.get("curveDirect"));
        Map<String, Object> router = map(x.get("curveRouter"));
        double maxY = 0;
        for (Map<String, Object> curve : List.of(direct, router)) {
            for (Map.Entry<String, Object> e : curve.entrySet()) {
                if (Double.parseDouble(e.getKey()) <= 99.99) {
                    maxY = Math.max(maxY, num(e.getValue()));
                }
            }
        }
        maxY = niceCeil(maxY * 1.1);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString("POST /api/chat latency by percentile, concurrency " + conc + (smoke ? " (smoke)" : ""), x0 + 20,
                28);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        // grid and axes
        double maxX = 4;
        String[] labels = {"0%", "90%", "99%", "99.9%", "99.99%"};
        for (int t = 0; t <= 4; t++) {
            int px = left + (int) ((right - left) * t / maxX);
            g.setColor(new Color(225, 225, 225));
            g.drawLine(px, top, px, bottom);
            g.setColor(Color.DARK_GRAY);
            int tw = g.getFontMetrics().stringWidth(labels[t]);
            g.drawString(labels[t], Math.min(px - tw / 2, x0 + w - tw - 4), bottom + 18);
        }
        int ticks = 5;
        for (int t = 0; t <= ticks; t++) {
            double v = maxY * t / ticks;
            int py = bottom - (int) ((bottom - top) * t / (double) ticks);
            g.setColor(new Color(225, 225, 225));
            g.drawLine(left, py, right, py);
            g.setColor(Color.DARK_GRAY);
            g.drawString(String.format(Locale.ROOT, v < 10 ? "%.2f" : "%.0f", v), left - 45, py + 4);
        }
        g.setColor(Color.BLACK);
        g.drawLine(left, bottom, right, bottom);
        g.drawLine(left, top, left, bottom);
        g.drawString("percentile", (left + right) / 2 - 25, bottom + 38);
        g.drawString("ms", left - 45, top - 10);
        Color blue = new Color(31, 119, 180);
        Color red = new Color(214, 39, 40);
        line(g, direct, blue, left, right, top, bottom, maxX, maxY);
        line(g, router, red, left, right, top, bottom, maxX, maxY);
        Map<String, Object> d = map(x.get("direct"));
        Map<String, Object> rr = map(x.get("router"));
        legend(g, blue, String.format(Locale.ROOT, "direct: p50 %s, p99 %s, max %s ms, %s req/s", d.get("p50_ms"),
                d.get("p99_ms"), d.get("max_ms"), intFmt(d.get("rps"))), left + 10, top + 12);
        legend(g, red, String.format(Locale.ROOT, "router: p50 %s, p99 %s, max %s ms, %s req/s", rr.get("p50_ms"),
                rr.get("p99_ms"), rr.get("max_ms"), intFmt(rr.get("rps"))), left + 10, top + 30);
    }

    private static void line(Graphics2D g, Map<String, Object> curve, Color color, int left, int right, int top,
            int bottom, double maxX, double maxY) {
        List<int[]> pts = new ArrayList<>();
        for (Map.Entry<String, Object> e : curve.entrySet()) {
            double p = Double.parseDouble(e.getKey());
            if (p > 99.99) {
                continue;
            }
            double xv = Math.min(maxX, Math.log10(1 / (1 - p / 100.0)));
            double yv = num(e.getValue());
            pts.add(new int[] {left + (int) ((right - left) * xv / maxX),
                    bottom - (int) ((bottom - top) * Math.min(1, yv / maxY))});
        }
        g.setColor(color);
        g.setStroke(new BasicStroke(2.2f));
        for (int i = 1; i < pts.size(); i++) {
            g.drawLine(pts.get(i - 1)[0], pts.get(i - 1)[1], pts.get(i)[0], pts.get(i)[1]);
        }
        for (int[] p : pts) {
            g.fillOval(p[0] - 3, p[1] - 3, 6, 6);
        }
        g.setStroke(new BasicStroke(1f));
    }

    private static void legend(Graphics2D g, Color c, String text, int x, int y) {
        g.setColor(c);
        g.fillRect(x, y - 9, 18, 4);
        g.setColor(Color.BLACK);
        g.drawString(text, x + 24, y - 3);
    }

    private static double niceCeil(double v) {
        if (v <= 0) {
            return 1;
        }
        double exp = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * exp >= v) {
                return m * exp;
            }
        }
        return 10 * exp;
    }
}
