package io.llmfailover.router.bench;

import static io.llmfailover.router.bench.Report.map;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders soak.json as soak.md. */
final class SoakReport {

    private SoakReport() {
    }

    /** Renders soak.md again from a soak.json: {@code SoakReport bench/results/soak.json}. */
    public static void main(String[] args) throws IOException {
        Path json = Path.of(args[0]);
        @SuppressWarnings("unchecked")
        Map<String, Object> r = new com.fasterxml.jackson.databind.ObjectMapper().readValue(json.toFile(), Map.class);
        Files.writeString(json.resolveSibling("soak.md"), markdown(r));
    }

    static String markdown(Map<String, Object> r) {
        StringBuilder md = new StringBuilder();
        Map<String, Object> setup = map(r.get("setup"));
        Map<String, Object> machine = map(r.get("machine"));
        md.append("# Soak: one router, concurrency ").append(setup.get("concurrency")).append(", a fault every ")
                .append(setup.get("faultEverySeconds")).append(" s\n\n");
        if ("smoke".equals(r.get("mode"))) {
            md.append("**Smoke run** (one minute, a fault every 15 s): it proves the soak works; its numbers are not "
                    + "measurements.\n\n");
        }
        md.append("Produced by `").append(r.get("command")).append("` on ").append(machine.get("date"))
                .append(" (commit ").append(machine.get("commit")).append("), total run time ")
                .append(r.get("totalSeconds")).append(" s");
        if (r.get("label") != null) {
            md.append(", label: ").append(r.get("label"));
        }
        md.append(". Raw numbers: `soak.json`. Machine: ").append(machine.get("cpu")).append(", ")
                .append(machine.get("cores")).append(" cores, ").append(machine.get("ramGiB")).append(" GiB, ")
                .append(machine.get("java")).append("; ").append(machine.get("setup")).append(".\n\n");
        List<?> errors = (List<?>) r.get("errors");
        if (errors != null && !errors.isEmpty()) {
            md.append("**Errors during the run:**\n\n");
            errors.forEach(e -> md.append("- ").append(e).append('\n'));
            md.append('\n');
        }
        md.append("The packaged router (`java -jar`, default JVM flags, GC log on) with a real redis-server (")
                .append(setup.get("redis")).append("), all providers at the Vert.x stub; Gemini's stub answers in ")
                .append(setup.get("geminiStubDelayMs")).append(" ms, the others at once. A closed loop of ")
                .append(setup.get("concurrency")).append(" users sends ").append(setup.get("prompt")).append(" for ")
                .append(num(setup.get("runSeconds")) / 60).append(" minutes after a ").append(setup.get("warmupSeconds"))
                .append(" s warm-up (not counted). Gemini daily quota ").append(setup.get("geminiDailyQuota"))
                .append(" (meant to be spent after the third gemini429 slot has met Gemini and before the last Redis restart); health probes every ")
                .append(setup.get("healthPollInterval")).append(", ").append(setup.get("recoveryProbes"))
                .append(" healthy probes to come back; breakers ").append(setup.get("breaker")).append(".\n\n")
                .append("One fault per slot, cycling: **ollama** (Ollama killed, back after a third of the slot); "
                        + "**gemini429** (Ollama killed so that Gemini is primary; from 1/12 to 5/12 of the slot Gemini "
                        + "answers 429, in turn with `RetryInfo.retryDelay: 15s`, with no delay said, and with "
                        + "`Retry-After: 5`; Ollama back at 2/3); **redis** (Ollama killed; redis-server stopped at 1/6 "
                        + "and started again, empty, at 1/4; Ollama back at 2/3).\n\n")
                .append("Every ").append(setup.get("sampleEverySeconds")).append(" s: a full GC is forced in the "
                        + "router through JMX (the Attach API's local management agent) and the heap it leaves is "
                        + "read (the leak measure), after the heap as the last GC before it left it and the heap in "
                        + "use (Micrometer, `/observe/metrics`); direct buffers and live threads from Micrometer; RSS and "
                        + "threads from `/proc/<pid>/status`. A prompt is answered when it gets ")
                .append(setup.get("complete")).append("; lost when it gets a connection error, a timeout or a "
                        + "200 whose body is incomplete; anything else is an HTTP error answer, counted by status.\n\n");

        Map<String, Object> cpu = map(r.get("cpu"));
        if (!cpu.isEmpty()) {
            md.append("CPU during the soak, average cores of ").append(machine.get("cores")).append(": ")
                    .append(cpu.get("benchProcessesCores")).append(" the bench (router, redis-server, load generator "
                            + "and stub), ").append(cpu.get("otherProcessesCores"))
                    .append(" other tenants of the machine (per sample: `benchCores`, `otherCores`).\n\n");
        }
        verdict(md, r);
        prompts(md, map(r.get("prompts")));
        trends(md, map(r.get("trends")));
        faults(md, r);
        gemini(md, map(r.get("gemini")));
        samples(md, map(r.get("samples")));
        Map<String, Object> threads = map(r.get("threadsByName"));
        if (!threads.isEmpty()) {
            md.append("\n## Threads by name, first sample -> last\n\nLive JVM threads whose count changed (digits in "
                    + "names replaced by #; every name in `soak.json`):\n\n");
            Map<String, Object> changed = map(threads.get("changed"));
            if (changed.isEmpty()) {
                md.append("none\n");
            }
            changed.forEach((k, v) -> md.append("- `").append(k).append("`: ").append(v).append('\n'));
        }
        Map<String, Object> log = map(r.get("routerLog"));
        if (!log.isEmpty()) {
            md.append("\n## Router log\n\n").append(log.get("errorLines")).append(" ERROR lines, ")
                    .append(log.get("warnLines")).append(" WARN lines, of which ").append(log.get("lostCountWarnings"))
                    .append(" `Redis had lost today's Gemini call count` (`").append(log.get("log")).append("`).\n");
        }
        return md.toString();
    }

    private static void verdict(StringBuilder md, Map<String, Object> r) {
        Map<String, Object> trends = map(r.get("trends"));
        Map<String, Object> p = map(r.get("prompts"));
        Map<String, Object> g = map(r.get("gemini"));
        md.append("## Verdict\n\n| check | result |\n|---|---|\n");
        Map<String, String> labels = new java.util.LinkedHashMap<>();
        labels.put("heapAfterFullGcMiB", "heap after a full GC flat|MiB");
        labels.put("metaspaceMiB", "metaspace flat|MiB");
        labels.put("classesLoaded", "classes loaded flat|classes");
        labels.put("threadsJvm", "live threads flat|threads");
        for (String k : labels.keySet()) {
            String[] label = labels.get(k).split("\\|");
            Map<String, Object> t = map(trends.get(k));
            if (t.isEmpty() || t.get("flat") == null) {
                md.append("| ").append(labels.get(k).split("\\|")[0]).append(" | not measured |\n");
                continue;
            }
            boolean flat = Boolean.TRUE.equals(t.get("flat"));
            md.append("| ").append(label[0])
                    .append(" | **").append(flat ? "yes" : Boolean.TRUE.equals(t.get("floorFlat"))
                            ? "no by the straight line; yes by each fault cycle's floor" : "no")
                    .append("**: ").append(fmt(t.get("slopePerMinuteSettled")))
                    .append(' ').append(label[1]).append("/min after the first cycle (")
                    .append(fmt(t.get("slopePerMinute"))).append(" over the whole run); ").append(t.get("first"))
                    .append(" → ").append(t.get("last")).append("; each cycle's floor ").append(t.get("floorPerCycle"))
                    .append(", peak ").append(t.get("peakPerCycle")).append(" |\n");
        }
        if (!p.isEmpty()) {
            md.append("| no prompt lost | **").append(Boolean.TRUE.equals(p.get("noPromptLost")) ? "yes" : "no")
                    .append("**: ").append(p.get("sent")).append(" sent, ").append(p.get("answered200"))
                    .append(" answered 200, ").append(p.get("answeredOtherwise")).append(" answered otherwise, ")
                    .append(p.get("lost")).append(" lost |\n");
        }
        if (!g.isEmpty()) {
            md.append("| Gemini calls within quota + documented bound | **")
                    .append(Boolean.TRUE.equals(g.get("withinBound")) ? "yes" : "no").append("**: ")
                    .append(g.get("callsAtStub")).append(" calls for a quota of ").append(g.get("quota"))
                    .append(", over-issue ").append(g.get("overIssue")).append(" (bound ").append(g.get("documentedBound"))
                    .append("); quota reached at ").append(g.get("quotaReachedAtSeconds") == null ? "never"
                            : g.get("quotaReachedAtSeconds") + " s").append(" |\n");
        }
        List<?> faults = (List<?>) r.get("faults");
        if (faults != null) {
            long routed = 0;
            long recovered = 0;
            long applicable = 0;
            for (Object o : faults) {
                Map<String, Object> f = map(o);
                if ("gemini429".equals(f.get("fault")) && Boolean.TRUE.equals(f.get("quotaSpentBeforeInjection"))) {
                    continue;
                }
                applicable++;
                routed += f.get("routedAroundMs") != null ? 1 : 0;
                recovered += f.get("recoveredMs") != null ? 1 : 0;
            }
            md.append("| faults routed around / recovered within their slot | ").append(routed).append(" / ")
                    .append(recovered).append(" of ").append(applicable);
            if (applicable < faults.size()) {
                md.append(" (").append(faults.size() - applicable).append(" gemini429 slot(s) whose 429s began after "
                        + "the quota was spent left out: Gemini is not called then, so its 429s meet nobody)");
            }
            md.append(" |\n");
        }
        md.append('\n');
    }

    private static void prompts(StringBuilder md, Map<String, Object> p) {
        if (p.isEmpty()) {
            return;
        }
        md.append("## Prompts\n\n| | |\n|---|---|\n");
        md.append("| sent | ").append(p.get("sent")).append(" (").append(p.get("rps")).append(" /s) |\n");
        md.append("| answered 200, complete | ").append(p.get("answered200")).append(" |\n");
        md.append("| ... by provider (`X-LLM-Provider`) | ").append(p.get("answered200ByProvider")).append(" |\n");
        md.append("| ... after another provider's failed or skipped attempt (`X-LLM-Attempts` > 1) | ")
                .append(p.get("answered200AfterAnotherAttempt")).append(" |\n");
        md.append("| answered otherwise (HTTP error answer) | ").append(p.get("answeredOtherwise")).append(" ")
                .append(p.get("answeredOtherwiseByStatus")).append(" |\n");
        md.append("| lost (connection error, timeout, incomplete 200) | ").append(p.get("lost")).append(" ")
                .append(p.get("lostByKind")).append(" |\n");
        Map<String, Object> l = map(p.get("latency200"));
        md.append("| latency of the 200s, p50 / p99 / p99.9 / max | ").append(l.get("p50_ms")).append(" / ")
                .append(l.get("p99_ms")).append(" / ").append(l.get("p999_ms")).append(" / ").append(l.get("max_ms"))
                .append(" ms |\n");
        Map<String, Object> reasons = map(p.get("answeredOtherwiseByBody"));
        if (!reasons.isEmpty()) {
            md.append("\nThe error answers by what they said (numbers replaced by #):\n\n");
            reasons.forEach((k, v) -> md.append("- ").append(v).append(" × ").append(k.replace("|", "\\|"))
                    .append('\n'));
        }
        Map<String, Object> ex = map(p.get("examples"));
        if (ex.containsKey("incomplete 200")) {
            md.append("\nAn incomplete 200: `").append(ex.get("incomplete 200")).append("`\n");
        }
        md.append('\n');
    }

    private static void trends(StringBuilder md, Map<String, Object> t) {
        if (t.isEmpty()) {
            return;
        }
        md.append("## Memory and threads: least-squares slopes\n\nSlopes per minute over every sample, and over the "
                + "samples from ").append(t.get("settledFromSeconds")).append(" s on (after the first fault cycle: "
                        + "class loading, JIT and pools filling up are done). ").append(t.get("rule")).append(".\n\n")
                .append("| series | first | last | min | max | mean | slope / min (all) | slope / min (settled) "
                        + "| fitted growth (settled) | flat | each cycle's floor / peak | floor flat |\n"
                        + "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---|\n");
        for (Map.Entry<String, Object> e : t.entrySet()) {
            if (!(e.getValue() instanceof Map)) {
                continue;
            }
            Map<String, Object> s = map(e.getValue());
            if (s.get("mean") == null) {
                continue;
            }
            md.append("| ").append(e.getKey()).append(" | ").append(s.get("first")).append(" | ").append(s.get("last"))
                    .append(" | ").append(s.get("min")).append(" | ").append(s.get("max")).append(" | ")
                    .append(s.get("mean")).append(" | ").append(fmt(s.get("slopePerMinute"))).append(" | ")
                    .append(fmt(s.get("slopePerMinuteSettled"))).append(" | ").append(fmt(s.get("fittedGrowthSettled")))
                    .append(" | ").append(s.get("flat") == null ? "(not judged)"
                            : Boolean.TRUE.equals(s.get("flat")) ? "yes" : "**no**").append(" | ")
                    .append(s.get("floorPerCycle")).append(" / ").append(s.get("peakPerCycle")).append(" | ")
                    .append(s.get("floorFlat") == null ? "" : Boolean.TRUE.equals(s.get("floorFlat")) ? "yes" : "**no**")
                    .append(" |\n");
        }
        md.append("\nThe heap after the last GC and the heap in use move with the allocation rate and G1's timing, "
                + "RSS with what the JVM has committed (it gives memory back slowly), the code cache with what the JIT "
                + "compiles (non-heap is metaspace plus code cache): shown, not judged.\n\n");
    }

    private static void faults(StringBuilder md, Map<String, Object> r) {
        List<?> faults = (List<?>) r.get("faults");
        if (faults == null || faults.isEmpty()) {
            return;
        }
        md.append("## Faults: time line\n\nTimes in seconds from the start of the soak; \"routed around\" and "
                + "\"recovered\" in ms from the injection and from the repair (10 ms resolution on the client side). "
                + "Routed around: **ollama** until the last prompt that paid a failed Ollama attempt completed; "
                + "**gemini429** until the last call of the first burst of 429s reached Gemini (after it no call "
                + "reached Gemini until the breaker let a trial through; each 429 comes back 100 ms after its call); "
                + "**redis** until the first prompt answered by Nemotron or Claude (the gate failing closed). Recovered: the first answer by the repaired provider "
                + "(Gemini after the 429s end and after Redis is back; when the quota is spent, the time until the "
                + "router had put the Gemini counter back in Redis).\n\n"
                + "| slot | fault | injected | routed around | repaired | recovered | prompts | answered by | after another "
                + "attempt | not 200 | lost | notes |\n|---:|---|---:|---:|---:|---:|---:|---|---:|---:|---:|---|\n");
        for (Object o : faults) {
            Map<String, Object> f = map(o);
            String fault = f.get("fault") + (f.get("variant") == null ? "" : " (" + f.get("variant") + ")");
            StringBuilder notes = new StringBuilder();
            switch (String.valueOf(f.get("fault"))) {
                case "ollama" -> notes.append(f.get("paidAFailedOllamaAttempt")).append(" paid a failed Ollama attempt; "
                        + "first answer elsewhere after ").append(f.get("firstAnswerElsewhereMs")).append(" ms");
                case "gemini429" -> {
                    if (num(f.get("gemini429Replies")) == 0) {
                        notes.append("no 429 reached anyone");
                    } else {
                        notes.append(f.get("gemini429Replies")).append(" 429s (").append(f.get("first429Burst"))
                                .append(" in the first burst, ").append(f.get("later429s"))
                                .append(" later: half-open trials), the last ").append(f.get("last429AfterMs"))
                                .append(" ms after the start");
                    }
                    notes.append("; Ollama back at ").append(f.get("ollamaBackAtSeconds")).append(" s");
                }
                case "redis" -> notes.append("stop took ").append(f.get("stopTookMs")).append(" ms; Gemini calls at the "
                        + "stub while stopping ").append(f.get("geminiCallsAtStubWhileStopping")).append(", from 50 ms "
                        + "after it until the start ").append(f.get("geminiCallsAtStubWhileDown"))
                        .append("; counter ").append(f.get("counterBeforeStop")).append(" before the stop, ")
                        .append(f.get("keysRightAfterStart")).append(" keys right after the start, back at ")
                        .append(f.get("counterWhenBack")).append(" after ").append(f.get("counterBackAfterMs"))
                        .append(" ms; Ollama back at ").append(f.get("ollamaBackAtSeconds")).append(" s");
                default -> {
                }
            }
            if (f.get("firstNot200OrLostAtSeconds") != null) {
                notes.append("; not 200 or lost from ").append(f.get("firstNot200OrLostAtSeconds")).append(" to ")
                        .append(f.get("lastNot200OrLostAtSeconds")).append(" s");
            }
            if (Boolean.TRUE.equals(f.get("geminiQuotaSpentBeforeSlot"))) {
                notes.append("; Gemini quota already spent");
            }
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
                    f.get("slot"), fault, f.get("injectedAtSeconds"), dash(f.get("routedAroundMs")),
                    f.get("restoredAtSeconds"), dash(f.get("recoveredMs")), f.get("prompts"), f.get("answeredBy"),
                    f.get("afterAnotherAttempt"), f.get("not200"), f.get("lost"), notes));
        }
        md.append('\n');
    }

    private static void gemini(StringBuilder md, Map<String, Object> g) {
        if (g.isEmpty()) {
            return;
        }
        md.append("## Gemini quota\n\n| day key | calls the stub received | quota | over-issue | Redis counter at the end "
                + "|\n|---|---:|---:|---:|---:|\n");
        for (Object o : (List<?>) g.get("byDay")) {
            Map<String, Object> d = map(o);
            md.append("| `").append(d.get("key")).append("` | ").append(d.get("callsAtStub")).append(" | ")
                    .append(d.get("quota")).append(" | ").append(d.get("overIssue")).append(" | ")
                    .append(dash(d.get("redisCounterAtEnd"))).append(" |\n");
        }
        md.append("\nQuota reached at ").append(g.get("quotaReachedAtSeconds") == null ? "never"
                : g.get("quotaReachedAtSeconds") + " s (slot " + g.get("quotaReachedInSlot") + ")")
                .append("; ").append(g.get("answered429")).append(" of the calls were answered 429 (they count: the "
                        + "gate granted them). Redis lost the counter ").append(g.get("redisLosses"))
                .append(" times, ").append(g.get("redisLossesBeforeQuotaReached"))
                .append(" of them before the quota was spent. Documented bound (README, \"The Gemini quota gate\"): ")
                .append(g.get("documentedBoundRule")).append(": **").append(g.get("documentedBound"))
                .append("**; over-issue **").append(g.get("overIssue")).append("**.\n\n");
    }

    private static void samples(StringBuilder md, Map<String, Object> s) {
        if (s.isEmpty()) {
            return;
        }
        List<?> columns = (List<?>) s.get("columns");
        md.append("## Samples\n\nOne row per sample; the prompt columns count the answers completed since the previous "
                + "row (by provider, `afterAnotherAttempt` among them); MiB; `fullGcMs` is the forced GC's time.\n\n|");
        columns.forEach(c -> md.append(' ').append(c).append(" |"));
        md.append("\n|");
        columns.forEach(c -> md.append("---|"));
        md.append('\n');
        for (Object row : (List<?>) s.get("rows")) {
            md.append('|');
            ((List<?>) row).forEach(v -> md.append(' ').append(v == null ? "" : v).append(" |"));
            md.append('\n');
        }
    }

    private static String dash(Object o) {
        return o == null ? "–" : String.valueOf(o);
    }

    private static String fmt(Object o) {
        return o == null ? "–" : String.format(Locale.ROOT, "%+.3f", ((Number) o).doubleValue());
    }

    private static double num(Object o) {
        return o == null ? 0 : ((Number) o).doubleValue();
    }
}
