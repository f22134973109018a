package io.llmfailover.router.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The soak's arithmetic and report, without a soak (bench/run.sh --soak --smoke runs the real thing). */
class SoakReportTest {

    @Test
    void slopeIsTheLeastSquaresLine() {
        // y = 3x + 1, with noise that cancels out
        List<double[]> points = List.of(new double[] {0, 1.5}, new double[] {1, 3.5}, new double[] {2, 7.5},
                new double[] {3, 9.5});
        assertThat(SoakBench.slope(points)).isCloseTo(2.8, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(SoakBench.slope(List.of(new double[] {1, 5}, new double[] {1, 6}))).isZero();
    }

    @Test
    void aSoakThatFailedEarlyStillGetsAReport() {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("mode", "smoke");
        r.put("command", "bench/run.sh --soak --smoke");
        r.put("machine", Map.of("date", "2026-11-29T00:00:00Z", "commit", "abc", "cores", 2));
        r.put("setup", Map.of("concurrency", 32, "faultEverySeconds", 15, "runSeconds", 60));
        r.put("errors", List.of("soak: java.lang.IllegalStateException: router soak not ready"));
        String md = SoakReport.markdown(r);
        assertThat(md).contains("# Soak: one router, concurrency 32, a fault every 15 s", "**Smoke run**",
                "router soak not ready", "## Verdict");
    }
}
