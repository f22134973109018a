package io.llmfailover.router.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmfailover.router.chat.ChatResponse;
import io.llmfailover.router.health.HealthReport;
import io.llmfailover.router.support.Promtool;
import io.llmfailover.router.support.RouterInstance;
import io.llmfailover.router.support.Upstreams;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard and the Prometheus alert rules in deploy/monitoring: the rules pass {@code promtool check
 * rules} and their own unit tests ({@code promtool test rules}: each alert fires when it should and not before), and
 * every metric the dashboard and the rules query exists in the router's real {@code /observe/metrics} output, after
 * the traffic that makes it appear (an answer, a failed attempt, a failover, an alert).
 */
class MonitoringTest {

    private static final Path RULES = Path.of("deploy/monitoring/prometheus-rules.yaml");
    private static final Path RULE_TESTS = Path.of("deploy/monitoring/prometheus-rules.test.yaml");
    private static final Path DASHBOARD = Path.of("deploy/monitoring/grafana-dashboard.json");
    private static final Pattern METRIC = Pattern.compile("\\b(llm_[a-z_]+)\\b");

    @Test
    void theRulesPassPromtoolAndTheirOwnTests() throws Exception {
        Promtool.Result check = Promtool.run("check", "rules", RULES.toString());
        assertThat(check.exitCode()).as(check.output()).isZero();
        assertThat(check.output()).contains("SUCCESS: 5 rules found");
        Promtool.Result tests = Promtool.run("test", "rules", RULE_TESTS.toString());
        assertThat(tests.exitCode()).as(tests.output()).isZero();
    }

    @Test
    void everyMetricTheDashboardAndTheRulesQueryExists() throws Exception {
        Set<String> queried = new TreeSet<>();
        collect(Files.readString(RULES), queried);
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        dashboard.path("panels").forEach(p -> p.path("targets").forEach(t -> collect(t.path("expr").asText(), queried)));
        assertThat(dashboard.path("panels")).hasSizeGreaterThanOrEqualTo(10);
        assertThat(queried).contains("llm_current_primary_is_ollama", "llm_ollama_health_state",
                "llm_failover_triggered_total", "llm_provider_latency_seconds_bucket", "llm_gemini_daily_call_count",
                "llm_gemini_daily_quota", "llm_alerts_total", "llm_quota_gate_errors_total");

        try (Upstreams up = new Upstreams().allHealthy(); RouterInstance router = RouterInstance.startProbed(
                up.routerPropertiesWithEveryProvider(java.util.Map.of("llm.request-timeout", "20s")))) {
            // an answer; then failed attempts (Ollama's model gone, Gemini's 500) before NVIDIA answers; then the probe
            // finds Ollama failing: a failover, and its alert (skipped without Telegram)
            router.template().requestBody("direct:chat", "hi", ChatResponse.class);
            up.ollamaChat(Upstreams.json(404, "{\"error\":\"model 'llama3.2:3b' not found\"}"));
            up.gemini(Upstreams.json(500, "{\"error\":{\"code\":500,\"message\":\"Internal error\",\"status\":\"INTERNAL\"}}"));
            assertThat(router.template().requestBody("direct:chat", "hi", ChatResponse.class).attempts()).anyMatch(
                    a -> a.outcome().equals("failed"));
            up.ollama.reset().tags(io.llmfailover.router.support.OllamaStub.MODEL).generateError(500, "boom");
            router.template().requestBody("direct:check-health", null, HealthReport.class);
            await().atMost(java.time.Duration.ofSeconds(30)).until(() -> metrics(router).contains("llm_alerts_total{"));
            String exposed = metrics(router);
            Set<String> names = new TreeSet<>();
            for (String line : exposed.split("\n")) {
                if (!line.startsWith("#") && !line.isBlank()) {
                    names.add(line.split("[{ ]", 2)[0]);
                }
            }
            assertThat(names).as("the metrics the dashboard and the rules query").containsAll(queried);
        }
    }

    private static void collect(String text, Set<String> into) {
        Matcher m = METRIC.matcher(text);
        while (m.find()) {
            into.add(m.group(1));
        }
    }

    private static String metrics(RouterInstance router) {
        return RouterInstance.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + router.managementPort()
                + "/observe/metrics")).GET().build()).body();
    }
}
