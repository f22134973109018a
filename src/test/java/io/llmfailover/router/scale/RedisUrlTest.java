package io.llmfailover.router.scale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmfailover.router.chat.ChatResponse;
import io.llmfailover.router.health.HealthReport;
import io.llmfailover.router.health.OllamaHealth;
import io.llmfailover.router.quota.GeminiQuotaGate;
import io.llmfailover.router.support.FreePorts;
import io.llmfailover.router.support.LogCapture;
import io.llmfailover.router.support.OllamaStub;
import io.llmfailover.router.support.RouterInstance;
import io.llmfailover.router.support.TestRedis;
import io.llmfailover.router.support.Upstreams;
import org.junit.jupiter.api.Test;

/** LLM_REDIS_URL that is wrong or unreachable, or that carries a user and password. */
class RedisUrlTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void unreachableRedisAtStartupStillStartsFailsTheGateClosedAndServes() throws Exception {
        int closed = FreePorts.next();
        try (LogCapture logs = new LogCapture(); Upstreams up = new Upstreams().allHealthy()) {
            Map<String, String> props = new HashMap<>(up.routerProperties());
            props.put("llm.redis.url", "redis://router:pw-never-logged@127.0.0.1:" + closed + "/2");
            props.put("llm.redis.timeout", "200ms");
            try (RouterInstance router = RouterInstance.start(props)) {
                await().until(() -> router.bean("ollamaHealth", OllamaHealth.class).lastProbe() != null);
                assertThat(logs.lines()).anyMatch(l -> l.text().equals("Redis redis://router:***@127.0.0.1:" + closed
                        + "/2 is not reachable now: the Gemini quota gate fails closed (no Gemini calls) until it answers"));
                up.ollama.reset().tags(OllamaStub.MODEL).generateError(500, "boom");
                router.template().requestBody("direct:check-health", null, HealthReport.class);
                ChatResponse r = router.template().requestBody("direct:chat", "hello", ChatResponse.class);
                assertThat(r.provider()).isEqualTo("nemotron");
                assertThat(up.geminiCalls()).isZero();
                HttpResponse<String> health = RouterInstance.send(HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + router.managementPort() + "/observe/health?data=true")).build());
                assertThat(health.statusCode()).isEqualTo(503);
                JsonNode checks = JSON.readTree(health.body()).path("checks");
                JsonNode redisCheck = null;
                for (JsonNode c : checks) {
                    if (c.path("name").asText().equals("llm-redis")) {
                        redisCheck = c;
                    }
                }
                assertThat(redisCheck).isNotNull();
                assertThat(redisCheck.path("status").asText()).isEqualTo("DOWN");
                assertThat(health.body()).doesNotContain("pw-never-logged");
                assertThat(RouterInstance.send(HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + router.managementPort() + "/observe/health/ready")).build()).statusCode())
                        .isEqualTo(200);
            }
            assertThat(logs.lines()).noneMatch(l -> l.text().contains("pw-never-logged"));
        }
    }

    @Test
    void userAndPasswordInTheUrlAreUsed() {
        try (TestRedis redis = TestRedis.embedded()) {
            try (var jedis = redis.client()) {
                jedis.aclSetUser("router", "on", ">s3cret-acl", "~*", "+@all");
                jedis.aclSetUser("default", "off");
            }
            String url = redis.url().replace("redis://", "redis://router:s3cret-acl@");
            Map<String, String> props = new HashMap<>();
            props.put("llm.redis.url", url);
            props.put("llm.ollama.url", "http://127.0.0.1:1");
            try (RouterInstance router = RouterInstance.start(props)) {
                GeminiQuotaGate gate = router.bean("geminiQuotaGate", GeminiQuotaGate.class);
                assertThat(gate.mode()).isEqualTo("redis");
                assertThat(gate.tryAcquire().allowed()).isTrue();
                assertThat(gate.peek().count()).isEqualTo(1);
                assertThat(gate.peek().error()).isNull();
            }
            // the wrong password fails closed, without showing it
            Map<String, String> wrong = new HashMap<>();
            wrong.put("llm.redis.url", redis.url().replace("redis://", "redis://router:not-the-password@"));
            wrong.put("llm.ollama.url", "http://127.0.0.1:1");
            try (RouterInstance router = RouterInstance.start(wrong)) {
                GeminiQuotaGate gate = router.bean("geminiQuotaGate", GeminiQuotaGate.class);
                var denied = gate.tryAcquire();
                assertThat(denied.allowed()).isFalse();
                assertThat(denied.gateError()).isTrue();
                assertThat(denied.reason()).contains("redis://router:***@").doesNotContain("not-the-password");
            }
        }
    }
}
