package io.llmfailover.router.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import io.llmfailover.router.core.HealthStatus;
import io.llmfailover.router.core.Provider;
import io.llmfailover.router.health.EndpointHealth;
import io.llmfailover.router.health.HealthCache;
import io.llmfailover.router.health.HealthReport;
import io.llmfailover.router.settings.LiveSettings;
import io.llmfailover.router.settings.RouterSettings;
import io.llmfailover.router.support.TestSettings;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The endpoint step of the decision on a chain of four self-hosted endpoints and a cloud provider: unwell endpoints
 * left out and named, slow ones behind the healthy ones, the local primary never moved, and nothing built while
 * nothing changes.
 */
class EndpointOrderTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-26T05:05:00Z"), ZoneOffset.UTC);

    private RouterSettings settings;
    private EndpointHealth health;
    private EndpointOrder step;

    @BeforeEach
    void setUp() {
        settings = TestSettings.load(Map.ofEntries(
                Map.entry("llm.providers.gpu2.type", "ollama"),
                Map.entry("llm.providers.gpu2.base-url", "http://gpu2:11434"),
                Map.entry("llm.providers.gpu2.model", "llama3.2:3b"),
                Map.entry("llm.providers.gpu3.type", "ollama"),
                Map.entry("llm.providers.gpu3.base-url", "http://gpu3:11434"),
                Map.entry("llm.providers.gpu3.model", "llama3.2:3b"),
                Map.entry("llm.providers.vllm.type", "openai"),
                Map.entry("llm.providers.vllm.base-url", "http://vllm:8000"),
                Map.entry("llm.providers.vllm.model", "qwen"),
                Map.entry("llm.providers.vllm.self-hosted", "true"),
                Map.entry("llm.routing.healthy", "ollama,gpu2,gpu3,vllm,gemini")));
        health = new EndpointHealth(settings, 1, CLOCK, p -> HealthCache.none());
        step = new EndpointOrder(new LiveSettings(settings), health);
        for (String id : List.of("gpu2", "gpu3", "vllm")) {
            set(id, HealthStatus.HEALTHY, "answered in 80 ms");
        }
    }

    private void set(String id, HealthStatus status, String reason) {
        health.record(id, new HealthReport(status, reason, 80, 40.0, "2026-11-26T05:05:00Z"));
    }

    private RoutingDecision decide() {
        List<Provider> row = settings.routing().order(null, HealthStatus.HEALTHY);
        List<ProviderTarget> targets = row.stream().map(p -> new ProviderTarget(p.id(), "m", "u")).toList();
        RoutingDecision d = new RoutingDecision(new HealthReport(HealthStatus.HEALTHY, "ok", 10, 50.0, "t"), row,
                targets, null, null, null, null, CLOCK.millis(), ZoneOffset.UTC, null, null);
        return step.byEndpointHealth(d);
    }

    private static List<String> ids(RoutingDecision d) {
        return d.order().stream().map(Provider::id).toList();
    }

    @Test
    void everyEndpointHealthyLeavesTheDecisionAsItIs() {
        List<Provider> row = settings.routing().order(null, HealthStatus.HEALTHY);
        RoutingDecision d = decide();
        assertThat(d.order()).isSameAs(row);
        assertThat(d.reason()).startsWith("ollama HEALTHY -> ollama at ").doesNotContain("skipped");
        assertThat(d.endpointReports()).containsOnlyKeys("ollama", "gpu2", "gpu3", "vllm");
    }

    @Test
    void anOfflineOrDegradedEndpointIsLeftOutAndNamed() {
        set("gpu2", HealthStatus.OFFLINE, "connection refused");
        set("vllm", HealthStatus.DEGRADED, "health model 'qwen' is not served (not in /v1/models)");
        RoutingDecision d = decide();
        assertThat(ids(d)).containsExactly("ollama", "gpu3", "gemini");
        assertThat(d.reason()).contains("gpu2 skipped: OFFLINE (connection refused)")
                .contains("vllm skipped: DEGRADED (health model 'qwen' is not served");
        assertThat(d.leftOut()).isEqualTo("gpu2 skipped: OFFLINE (connection refused); vllm skipped: DEGRADED "
                + "(health model 'qwen' is not served (not in /v1/models))");
        // the same states again: the same order, not a new one
        assertThat(decide().order()).isSameAs(d.order());
    }

    @Test
    void slowEndpointsGoBehindTheHealthyOnesInTheirOrder() {
        set("gpu2", HealthStatus.SLOW, "2.0 tokens/s is below the minimum of 5");
        assertThat(ids(decide())).containsExactly("ollama", "gpu3", "vllm", "gpu2", "gemini");
        set("gpu3", HealthStatus.SLOW, "probe took 5000 ms");
        RoutingDecision d = decide();
        assertThat(ids(d)).containsExactly("ollama", "vllm", "gpu2", "gpu3", "gemini");
        assertThat(d.slowEndpoints()).extracting(Provider::id).containsExactly("gpu2", "gpu3");
        assertThat(d.reason()).contains("gpu2 SLOW: tried after the healthy endpoints");
    }

    @Test
    void aSlowEndpointWithNoHealthyOneAfterItKeepsItsPlace() {
        set("vllm", HealthStatus.SLOW, "probe took 5000 ms");
        RoutingDecision d = decide();
        assertThat(ids(d)).containsExactly("ollama", "gpu2", "gpu3", "vllm", "gemini");
        assertThat(d.slowEndpoints()).isEmpty();
    }

    @Test
    void aChangeOfStateIsSeenByTheNextDecision() {
        set("gpu3", HealthStatus.OFFLINE, "connection refused");
        assertThat(ids(decide())).containsExactly("ollama", "gpu2", "vllm", "gemini");
        set("gpu3", HealthStatus.HEALTHY, "answered in 80 ms");
        assertThat(ids(decide())).containsExactly("ollama", "gpu2", "gpu3", "vllm", "gemini");
    }
}
