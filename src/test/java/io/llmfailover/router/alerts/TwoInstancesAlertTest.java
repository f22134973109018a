package io.llmfailover.router.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmfailover.router.audit.AuditLog;
import io.llmfailover.router.health.HealthReport;
import io.llmfailover.router.health.OllamaHealth;
import io.llmfailover.router.metrics.RouterMetrics;
import io.llmfailover.router.support.LogCapture;
import io.llmfailover.router.support.OllamaStub;
import io.llmfailover.router.support.RouterInstance;
import io.llmfailover.router.support.TelegramStub;
import io.llmfailover.router.support.TestRedis;
import io.llmfailover.router.support.Upstreams;
import org.junit.jupiter.api.Test;

/**
 * Two router instances sharing one real redis-server see the same Ollama outage and recovery: Telegram gets one
 * failover and one recovery message; each instance writes its own two audit lines.
 */
class TwoInstancesAlertTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void oneOutageSeenByTwoInstancesIsAnnouncedOnce() throws Exception {
        String prefix = TestRedis.uniquePrefix();
        try (LogCapture logs = new LogCapture(); Upstreams up = new Upstreams().allHealthy(); TelegramStub telegram = new TelegramStub()) {
            Map<String, String> props = new HashMap<>(up.routerProperties());
            props.putAll(telegram.routerProperties());
            props.put("llm.redis.url", TestRedis.shared().url());
            props.put("llm.redis.key-prefix", prefix);
            props.put("llm.health.recovery-probes", "2");
            Map<String, String> a = new HashMap<>(props);
            a.put("llm.instance-id", "router-a");
            Map<String, String> b = new HashMap<>(props);
            b.put("llm.instance-id", "router-b");
            try (RouterInstance routerA = RouterInstance.start(a); RouterInstance routerB = RouterInstance.start(b)) {
                List<RouterInstance> both = List.of(routerA, routerB);
                for (RouterInstance r : both) {
                    await().until(() -> r.bean("ollamaHealth", OllamaHealth.class).lastProbe() != null);
                }
                // the outage: both instances' probes see it
                up.ollama.reset().tags(OllamaStub.MODEL).generateError(500, "an error was encountered while running the model");
                for (RouterInstance r : both) {
                    r.template().requestBody("direct:check-health", null, HealthReport.class);
                }
                await().until(() -> sum(both, "failover", "sent") + sum(both, "failover", "deduplicated") == 2);
                // recovery: two healthy probes each
                up.allHealthy();
                for (int i = 0; i < 2; i++) {
                    for (RouterInstance r : both) {
                        r.template().requestBody("direct:check-health", null, HealthReport.class);
                    }
                }
                await().until(() -> sum(both, "recovery", "sent") + sum(both, "recovery", "deduplicated") == 2);
                await().until(() -> telegram.delivered().size() == 2);
                assertThat(telegram.delivered("LLM failover")).hasSize(1);
                assertThat(telegram.delivered("LLM recovered")).hasSize(1);
                assertThat(sum(both, "failover", "sent")).isEqualTo(1);
                assertThat(sum(both, "failover", "deduplicated")).isEqualTo(1);

                List<JsonNode> audit = logs.of(AuditLog.LOGGER).stream().map(TwoInstancesAlertTest::json).toList();
                assertThat(audit.stream().filter(l -> l.path("instance").asText().equals("router-a")))
                        .extracting(l -> l.path("action").asText()).containsExactly("failover", "recovery");
                assertThat(audit.stream().filter(l -> l.path("instance").asText().equals("router-b")))
                        .extracting(l -> l.path("action").asText()).containsExactly("failover", "recovery");
            }
        }
    }

    private static double sum(List<RouterInstance> routers, String type, String outcome) {
        return routers.stream().mapToDouble(r -> r.bean("routerMetrics", RouterMetrics.class)
                .count("llm.alerts", "type", type, "outcome", outcome)).sum();
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError(text);
        }
    }
}
