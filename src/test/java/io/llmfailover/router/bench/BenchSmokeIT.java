package io.llmfailover.router.bench;

import static io.llmfailover.router.bench.Report.map;
import static io.llmfailover.router.bench.Report.num;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The bench harness in smoke mode (every scenario tiny), run by {@code mvn verify} so the harness cannot rot: the
 * packaged router, the Vert.x stub and load generator, a real redis-server. Asserts that every scenario ran, wrote
 * its numbers, and that the behaviour checks hold (no prompt lost, fail closed, quota exact). Latency and
 * throughput are not asserted: they are measured by {@code bench/run.sh}, not tested.
 */
class BenchSmokeIT {

    @Test
    void smokeRunWritesEveryScenarioWithSaneNumbers() throws Exception {
        Path out = Path.of("target", "bench-smoke").toAbsolutePath();
        long t0 = System.nanoTime();
        Map<String, Object> r = new Bench(Bench.Options.parse(new String[] {"--smoke", "--out", out.toString()})).run();
        System.out.printf("bench smoke run: %.1f s%n", (System.nanoTime() - t0) / 1e9);

        assertThat((List<?>) r.get("errors")).as("errors").isEmpty();
        assertThat(out.resolve("results.md")).exists();
        assertThat(out.resolve("results.json")).exists();
        assertThat(Files.size(out.resolve("latency.png"))).isGreaterThan(1000);
        String md = Files.readString(out.resolve("results.md"));
        assertThat(md).contains("## Machine", "## Targets", "## (a, b) Latency", "## (c) In-flight",
                "## (d) Ollama killed", "## (e) Gemini answering 429", "## (f) Redis stopped", "## (g) Quota exactness");

        // (a, b) both legs measured at both concurrencies, nothing failed, the router answered from Ollama
        Map<String, Object> latency = map(r.get("latency"));
        for (String c : List.of("c1", "c32")) {
            for (String leg : List.of("direct", "router")) {
                Map<String, Object> l = map(map(latency.get(c)).get(leg));
                assertThat(num(l.get("count"))).as(c + " " + leg + " count").isGreaterThan(0);
                assertThat(num(l.get("failed"))).as(c + " " + leg + " failed").isZero();
                assertThat(num(l.get("p50_ms"))).as(c + " " + leg + " p50").isPositive()
                        .isLessThanOrEqualTo(num(l.get("p99_ms")));
                assertThat(num(l.get("p99_ms"))).isLessThanOrEqualTo(num(l.get("max_ms")));
                assertThat(num(l.get("rps"))).isPositive();
            }
            assertThat(map(map(map(latency.get(c)).get("router")).get("answeredBy")).keySet()).containsOnly("ollama");
        }

        // (c) every prompt in flight at once, none failed, each took at least the stub's delay
        Map<String, Object> inflight = map(r.get("inflight"));
        Map<String, Object> ir = map(inflight.get("router"));
        assertThat(num(ir.get("ok"))).isEqualTo(num(inflight.get("prompts")));
        assertThat(num(ir.get("failed"))).isZero();
        assertThat(num(ir.get("min_ms"))).isGreaterThanOrEqualTo(num(inflight.get("stubDelayMs")));

        // (d) Ollama killed: no prompt failed, nobody paid a dead Ollama's attempt after the first failure, Ollama back
        Map<String, Object> kill = map(r.get("ollamaKill"));
        assertThat(num(kill.get("failed"))).as("prompts failed during the kill").isZero();
        assertThat(num(kill.get("promptsPayingAfterFirstFailureSeen"))).isZero();
        assertThat(map(kill.get("answeredBy"))).containsKeys("ollama", "gemini");
        assertThat(kill.get("msFromRestartUntilOllamaServes")).as("Ollama serves again after the restart").isNotNull();

        // (e) Gemini 429: no prompt failed, Nemotron answered while Gemini refused
        Map<String, Object> g = map(r.get("gemini429"));
        assertThat(num(g.get("failed"))).isZero();
        assertThat(num(g.get("gemini429Replies"))).isPositive();
        assertThat(map(g.get("answeredByDuring429"))).containsKey("nemotron");

        // (f) Redis stopped: fail closed, no prompt lost
        Map<String, Object> redis = map(r.get("redisStop"));
        assertThat(num(redis.get("failed"))).isZero();
        assertThat(num(redis.get("geminiAnswersSentWhileRedisDown"))).isZero();
        assertThat(map(redis.get("answeredByWhileRedisDown"))).containsKey("nemotron").doesNotContainKey("gemini");

        // (g) quota exact
        Map<String, Object> quota = map(r.get("quota"));
        assertThat(num(quota.get("failed"))).isZero();
        assertThat(num(quota.get("geminiCallsAtStub"))).isEqualTo(num(quota.get("quota")));
        assertThat(quota.get("exact")).isEqualTo(true);
    }
}
