package io.llmfailover.router.management;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmfailover.router.audit.AuditLog;
import io.llmfailover.router.chat.ChatResponse;
import io.llmfailover.router.health.HealthReport;
import io.llmfailover.router.health.OllamaHealth;
import io.llmfailover.router.quota.GeminiQuotaGate;
import io.llmfailover.router.support.LogCapture;
import io.llmfailover.router.support.Promtool;
import io.llmfailover.router.support.RouterInstance;
import io.llmfailover.router.support.TelegramStub;
import io.llmfailover.router.support.TestRedis;
import io.llmfailover.router.support.Upstreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Metrics, health checks, the JMX MBean and Jolokia, over the management server's real HTTP port. */
class ManagementTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HTTP_KEY = "router-http-secret-777";
    private static final String REDIS_PASSWORD = "redis-pw-hidden-999";

    static Upstreams up;
    static TelegramStub telegram;
    static TestRedis redis;
    static RouterInstance router;
    static ObjectName mbean;
    static MBeanServer server = ManagementFactory.getPlatformMBeanServer();

    @BeforeAll
    static void start() throws Exception {
        up = new Upstreams().allHealthy();
        telegram = new TelegramStub();
        redis = TestRedis.embedded();
        try (var jedis = redis.client()) {
            jedis.configSet("requirepass", REDIS_PASSWORD);
        }
        Map<String, String> props = new HashMap<>(up.routerProperties());
        props.putAll(telegram.routerProperties());
        props.put("llm.redis.url", redis.url().replace("redis://", "redis://default:" + REDIS_PASSWORD + "@"));
        props.put("llm.redis.key-prefix", TestRedis.uniquePrefix());
        props.put("llm.http.api-key", HTTP_KEY);
        props.put("llm.redis.timeout", "300ms");
        router = RouterInstance.start(props);
        await().until(() -> router.bean("ollamaHealth", OllamaHealth.class).lastProbe() != null);
        mbean = RouterManagement.objectName(router.context().getName());
    }

    @AfterAll
    static void stop() {
        router.close();
        up.close();
        telegram.close();
        redis.close();
    }

    @BeforeEach
    void healthy() throws Exception {
        up.allHealthy();
        router.template().requestBody("direct:check-health", null, HealthReport.class);
        server.invoke(mbean, "clearForcedPrimary", null, null);
    }

    private String management(String path) {
        return RouterInstance.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + router.managementPort() + path)).build()).body();
    }

    private HttpResponse<String> managementResponse(String path) {
        return RouterInstance.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + router.managementPort() + path)).build());
    }

    private static double sample(String metrics, String name, String labels) {
        Pattern p = Pattern.compile("^" + Pattern.quote(name) + (labels == null ? "" : "\\{" + labels + "\\}") + " ([0-9.eE+-]+)$",
                Pattern.MULTILINE);
        Matcher m = p.matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    private JsonNode routing() throws Exception {
        return JSON.readTree(router.get("/routing").body());
    }

    private void chat() {
        router.template().requestBody("direct:chat", "hello", ChatResponse.class);
    }

    @Test
    void metricsMoveWithRealTrafficAndPassPromtool() throws Exception {
        String before = management("/observe/metrics");
        double ollamaOk = sample(before, "llm_provider_requests_total", "outcome=\"success\",provider=\"ollama\"");
        chat();
        chat();
        up.ollamaChat(Upstreams.json(500, "{\"error\":\"boom\"}"));
        chat(); // ollama fails, gemini answers; passive health fails over
        await().until(() -> sample(management("/observe/metrics"), "llm_failover_triggered_total",
                "from_provider=\"ollama\",to_provider=\"gemini\"") >= 1);
        String after = management("/observe/metrics");
        assertThat(sample(after, "llm_provider_requests_total", "outcome=\"success\",provider=\"ollama\""))
                .isEqualTo((Double.isNaN(ollamaOk) ? 0 : ollamaOk) + 2);
        assertThat(sample(after, "llm_provider_requests_total", "outcome=\"failed\",provider=\"ollama\"")).isGreaterThanOrEqualTo(1);
        assertThat(sample(after, "llm_provider_requests_total", "outcome=\"success\",provider=\"gemini\"")).isGreaterThanOrEqualTo(1);
        assertThat(sample(after, "llm_current_primary_is_ollama", null)).isZero();
        assertThat(sample(after, "llm_ollama_health_state", null)).isEqualTo(2);
        assertThat(sample(after, "llm_gemini_daily_call_count", null)).isGreaterThanOrEqualTo(1);
        assertThat(sample(after, "llm_gemini_daily_quota", null)).isEqualTo(500);
        assertThat(sample(after, "llm_provider_latency_seconds_count", "provider=\"ollama\"")).isGreaterThanOrEqualTo(3);
        assertThat(after).contains("llm_provider_latency_seconds_bucket{provider=\"gemini\",le=\"");
        await().until(() -> sample(management("/observe/metrics"), "llm_alerts_total", "outcome=\"sent\",type=\"failover\"") == 1);
        assertThat(after).contains("llm_quota_gate_errors_total");
        // Camel's own route metrics are there too, but not for the steps inside one prompt
        assertThat(after).containsPattern("camel_exchanges_total\\{[^}]*route_id=\"check-health\"");
        assertThat(after).doesNotContain("route_id=\"select-provider\"", "route_id=\"call-ollama\"", "route_id=\"chat\"");
        // per route only: no context-wide series repeating their sum
        assertThat(after).doesNotContain("event_type=\"context\"");

        Promtool.Result check = Promtool.checkMetrics(management("/observe/metrics"));
        assertThat(check.exitCode()).as(check.output()).isZero();

        // recovery puts the gauge back
        up.allHealthy();
        router.template().requestBody("direct:check-health", null, HealthReport.class);
        await().until(() -> sample(management("/observe/metrics"), "llm_current_primary_is_ollama", null) == 1);
        assertThat(sample(management("/observe/metrics"), "llm_ollama_health_state", null)).isZero();
    }

    @Test
    void theRouterAddsNoEventNotifierThatEveryStepOfEveryPromptWouldPayFor() {
        // Camel walks its event notifiers on every step of every exchange: the router's own start-up work listens
        // for the start with startup listeners instead, so prompts do not pay for it
        assertThat(router.context().getManagementStrategy().getEventNotifiers())
                .extracting(n -> n.getClass().getName())
                .noneMatch(name -> name.startsWith("io.llmfailover."));
        assertThat(router.context().getRoute("call-ollama")).as("the provider routes were made at start").isNotNull();
    }

    @Test
    void quotaGateErrorsAreCountedWhenRedisStops() throws Exception {
        double before = sample(management("/observe/metrics"), "llm_quota_gate_errors_total", null);
        redis.stop();
        try {
            JsonNode d = routing();
            assertThat(d.at("/geminiQuota/available").asBoolean()).isFalse();
            // looking at the routing counts nothing; a prompt that meets the failing gate does
            assertThat(sample(management("/observe/metrics"), "llm_quota_gate_errors_total", null)).isEqualTo(before);
            chat();
            assertThat(d.at("/geminiQuota/error").asText()).doesNotContain(REDIS_PASSWORD).contains("***");
            await().until(() -> sample(management("/observe/metrics"), "llm_quota_gate_errors_total", null) > before);
            HttpResponse<String> health = managementResponse("/observe/health?data=true");
            assertThat(health.statusCode()).isEqualTo(503);
            JsonNode redisCheck = check(JSON.readTree(health.body()), "llm-redis");
            assertThat(redisCheck.path("status").asText()).isEqualTo("DOWN");
            assertThat(health.body()).doesNotContain(REDIS_PASSWORD);
            // readiness does not depend on Redis: the router still serves through the other providers
            assertThat(managementResponse("/observe/health/ready").statusCode()).isEqualTo(200);
        } finally {
            redis.start();
            try (var jedis = redis.client()) {
                jedis.configSet("requirepass", REDIS_PASSWORD);
            }
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> check(JSON.readTree(management("/observe/health?data=true")), "llm-redis")
                .path("status").asText().equals("UP"));
    }

    private static JsonNode check(JsonNode health, String name) {
        for (JsonNode c : health.path("checks")) {
            if (c.path("name").asText().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no check " + name + " in " + health);
    }

    @Test
    void healthChecksShowOllamaAndRedisWithDetailsAndReadinessFlips() throws Exception {
        JsonNode health = JSON.readTree(management("/observe/health?data=true"));
        JsonNode ollama = check(health, "llm-ollama");
        assertThat(ollama.path("status").asText()).isEqualTo("UP");
        assertThat(ollama.path("data").path("status").asText()).isEqualTo("HEALTHY");
        assertThat(check(health, "llm-redis").path("data").path("mode").asText()).isEqualTo("redis");
        assertThat(managementResponse("/observe/health/ready").statusCode()).isEqualTo(200);
        assertThat(managementResponse("/observe/health/live").statusCode()).isEqualTo(200);

        // a router with no API key: ready only while Ollama is usable
        Map<String, String> props = new HashMap<>();
        props.put("llm.ollama.url", up.ollama.url());
        try (RouterInstance keyless = RouterInstance.start(props)) {
            await().until(() -> keyless.bean("ollamaHealth", OllamaHealth.class).lastProbe() != null);
            String ready = "http://127.0.0.1:" + keyless.managementPort() + "/observe/health/ready";
            assertThat(RouterInstance.send(HttpRequest.newBuilder(URI.create(ready)).build()).statusCode()).isEqualTo(200);
            up.ollama.stop();
            try {
                keyless.template().requestBody("direct:check-health", null, HealthReport.class);
                HttpResponse<String> down = RouterInstance.send(HttpRequest.newBuilder(URI.create(ready)).build());
                assertThat(down.statusCode()).isEqualTo(503);
                assertThat(down.body()).contains("no usable provider: Ollama is OFFLINE and no API key is configured");
            } finally {
                up.ollama.start();
            }
            up.allHealthy();
            keyless.template().requestBody("direct:check-health", null, HealthReport.class);
            keyless.template().requestBody("direct:check-health", null, HealthReport.class);
            keyless.template().requestBody("direct:check-health", null, HealthReport.class);
            assertThat(RouterInstance.send(HttpRequest.newBuilder(URI.create(ready)).build()).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void mbeanAttributesAndOperationsThroughThePlatformMBeanServer() throws Exception {
        assertThat(server.getAttribute(mbean, "OllamaHealth")).isEqualTo("HEALTHY");
        assertThat(server.getAttribute(mbean, "CurrentPrimary")).isEqualTo("ollama");
        assertThat((String[]) server.getAttribute(mbean, "FallbackChain")).containsExactly("gemini");
        assertThat(server.getAttribute(mbean, "GeminiDailyQuota")).isEqualTo(500L);
        assertThat(server.getAttribute(mbean, "QuotaMode")).isEqualTo("redis");

        String probe = (String) server.invoke(mbean, "probeNow", null, null);
        assertThat(probe).startsWith("HEALTHY: answered in");

        String reason = (String) server.invoke(mbean, "forcePrimary", new Object[] {"claude", 5},
                new String[] {"java.lang.String", "int"});
        assertThat(reason).contains("-> claude at ").contains("forced by operator until ");
        assertThat(routing().at("/primary/provider").asText()).isEqualTo("claude");
        assertThat(server.getAttribute(mbean, "ForcedPrimary")).isEqualTo("claude");
        assertThat(chatProvider()).isEqualTo("claude");
        server.invoke(mbean, "clearForcedPrimary", null, null);
        assertThat(routing().at("/primary/provider").asText()).isEqualTo("ollama");

        assertThat(server.invoke(mbean, "setGeminiDailyQuota", new Object[] {42L}, new String[] {"long"}))
                .isEqualTo("Gemini daily quota 500 -> 42 (this instance, until restart)");
        assertThat(router.bean("geminiQuotaGate", GeminiQuotaGate.class).quota()).isEqualTo(42);
        server.invoke(mbean, "setGeminiDailyQuota", new Object[] {500L}, new String[] {"long"});

        assertThat((String) server.invoke(mbean, "clearHealthCache", null, null)).startsWith("HEALTHY");
    }

    private String chatProvider() {
        return router.template().requestBody("direct:chat", "hi", ChatResponse.class).provider();
    }

    @Test
    void invalidArgumentsAreRefusedAndChangeNothing() throws Exception {
        assertThatThrownBy(() -> server.invoke(mbean, "forcePrimary", new Object[] {"mistral", 5},
                new String[] {"java.lang.String", "int"}))
                .hasRootCauseMessage("unknown provider 'mistral' (declared: ollama, gemini, nemotron, claude)");
        assertThatThrownBy(() -> server.invoke(mbean, "forcePrimary", new Object[] {"claude", -5},
                new String[] {"java.lang.String", "int"}))
                .hasRootCauseMessage("minutes must be between 1 and 1440, got -5");
        assertThatThrownBy(() -> server.invoke(mbean, "forcePrimaryFor", new Object[] {"claude", "soon"},
                new String[] {"java.lang.String", "java.lang.String"}))
                .hasRootCauseMessage("duration 'soon': not a duration: expected a whole number with a unit (500ms, 10s, 2m, 1h)");
        assertThatThrownBy(() -> server.invoke(mbean, "setGeminiDailyQuota", new Object[] {-1L}, new String[] {"long"}))
                .hasRootCauseMessage("the Gemini daily quota must be >= 0, got -1");
        assertThat(server.getAttribute(mbean, "ForcedPrimary")).isEqualTo("");
        assertThat(server.getAttribute(mbean, "GeminiDailyQuota")).isEqualTo(500L);
        assertThat(routing().at("/primary/provider").asText()).isEqualTo("ollama");
    }

    @Test
    void forcingOverJolokiaChangesRoutingAtOnceExpiresOnTimeAndIsAudited() throws Exception {
        try (LogCapture logs = new LogCapture()) {
            String jolokia = "http://127.0.0.1:" + router.managementPort() + "/observe/jolokia";
            String body = "{\"type\":\"exec\",\"mbean\":" + JSON.writeValueAsString(mbean.toString()) + ",\"operation\":\"forcePrimaryFor\","
                    + "\"arguments\":[\"nemotron\",\"2s\"]}";
            HttpResponse<String> r = RouterInstance.send(HttpRequest.newBuilder(URI.create(jolokia))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json").build());
            JsonNode answer = JSON.readTree(r.body());
            assertThat(answer.path("status").asInt()).as(r.body()).isEqualTo(200);
            long forcedAt = System.nanoTime();
            JsonNode d = routing();
            assertThat(d.at("/primary/provider").asText()).isEqualTo("nemotron");
            assertThat(d.at("/reason").asText()).contains("; forced by operator until ");
            assertThat(logs.of(AuditLog.LOGGER)).anyMatch(l -> l.contains("\"action\":\"forced_primary\"") && l.contains("\"to\":\"nemotron\""));
            await().atMost(Duration.ofSeconds(5)).until(() -> routing().at("/primary/provider").asText().equals("ollama"));
            assertThat(System.nanoTime() - forcedAt).isGreaterThanOrEqualTo(Duration.ofMillis(1500).toNanos());

            // attributes read over Jolokia
            JsonNode read = JSON.readTree(RouterInstance.send(HttpRequest.newBuilder(URI.create(jolokia + "/read/"
                    + mbean.toString().replace("\"", "%22"))).build()).body());
            assertThat(read.at("/value/CurrentPrimary").asText()).isEqualTo("ollama");
            assertThat(read.at("/value/OllamaHealth").asText()).isEqualTo("HEALTHY");

            // bad arguments over Jolokia: a clear error, nothing changed
            String bad = "{\"type\":\"exec\",\"mbean\":" + JSON.writeValueAsString(mbean.toString())
                    + ",\"operation\":\"setGeminiDailyQuota\",\"arguments\":[-7]}";
            JsonNode refused = JSON.readTree(RouterInstance.send(HttpRequest.newBuilder(URI.create(jolokia))
                    .POST(HttpRequest.BodyPublishers.ofString(bad)).build()).body());
            assertThat(refused.path("error").asText()).contains("the Gemini daily quota must be >= 0, got -7");
            assertThat(server.getAttribute(mbean, "GeminiDailyQuota")).isEqualTo(500L);
        }
    }

    @Test
    void jolokiaPolicyAllowsRouteStartStopButRefusesOtherWritesAndOperations() throws Exception {
        String jolokia = "http://127.0.0.1:" + router.managementPort() + "/observe/jolokia";
        ObjectName route = new ObjectName("org.apache.camel:context=" + router.context().getName()
                + ",type=routes,name=\"http-routing\"");
        assertThat(server.isRegistered(route)).isTrue();
        JsonNode stop = exec(jolokia, route.toString(), "stop()");
        assertThat(stop.path("status").asInt()).as(stop.toString()).isEqualTo(200);
        assertThat(router.get("/routing").statusCode()).isNotEqualTo(200);
        JsonNode start = exec(jolokia, route.toString(), "start()");
        assertThat(start.path("status").asInt()).isEqualTo(200);
        assertThat(router.get("/routing").statusCode()).isEqualTo(200);

        JsonNode gc = exec(jolokia, "java.lang:type=Memory", "gc");
        assertThat(gc.path("status").asInt()).isEqualTo(403);
        JsonNode remove = exec(jolokia, route.toString(), "remove()");
        assertThat(remove.path("status").asInt()).isEqualTo(403);
        JsonNode write = JSON.readTree(RouterInstance.send(HttpRequest.newBuilder(URI.create(jolokia))
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"write\",\"mbean\":\"java.lang:type=Memory\","
                        + "\"attribute\":\"Verbose\",\"value\":true}")).build()).body());
        assertThat(write.path("status").asInt()).isEqualTo(403);
        assertThat(server.getAttribute(new ObjectName("java.lang:type=Memory"), "Verbose")).isEqualTo(false);
    }

    private static JsonNode exec(String jolokia, String mbeanName, String operation) throws Exception {
        String body = "{\"type\":\"exec\",\"mbean\":" + JSON.writeValueAsString(mbeanName) + ",\"operation\":\"" + operation + "\"}";
        return JSON.readTree(RouterInstance.send(HttpRequest.newBuilder(URI.create(jolokia))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build()).body());
    }

    @Test
    void jolokiaListExplainsEveryLeverOfTheRouterMBean() throws Exception {
        String jolokia = "http://127.0.0.1:" + router.managementPort() + "/observe/jolokia";
        String body = "{\"type\":\"list\",\"path\":\"io.llmfailover\"}";
        JsonNode list = JSON.readTree(RouterInstance.send(HttpRequest.newBuilder(URI.create(jolokia))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build()).body());
        assertThat(list.path("status").asInt()).as(list.toString()).isEqualTo(200);
        // the domain holds the Router and the Configuration MBean, listed in no fixed order: take the Router's
        JsonNode mbean = null;
        for (var it = list.path("value").fields(); it.hasNext();) {
            var entry = it.next();
            if (entry.getKey().contains("type=Router")) {
                mbean = entry.getValue();
            }
        }
        assertThat(mbean).as(list.toString()).isNotNull();
        assertThat(mbean.path("desc").asText()).startsWith("llm-failover-router on this instance");
        JsonNode force = mbean.at("/op/forcePrimary");
        assertThat(force.path("desc").asText()).startsWith("Sends every prompt to this provider first");
        assertThat(force.path("args")).extracting(a -> a.path("name").asText()).containsExactly("provider", "minutes");
        assertThat(force.path("args").get(1).path("desc").asText()).isEqualTo("how long, in minutes: 1 to 1440");
        assertThat(mbean.at("/op/forcePrimaryFor/args/1/name").asText()).isEqualTo("duration");
        assertThat(mbean.at("/op/setGeminiDailyQuota/args/0/name").asText()).isEqualTo("quota");
        assertThat(mbean.at("/attr/OllamaHealth/desc").asText()).startsWith("Ollama's health as routing uses it now");
        // every attribute and operation has a description of its own, none of the JMX defaults
        mbean.path("attr").forEach(a -> assertThat(a.path("desc").asText()).doesNotStartWith("Attribute exposed"));
        mbean.path("op").forEach(o -> {
            assertThat(o.path("desc").asText()).doesNotStartWith("Operation exposed");
            o.path("args").forEach(arg -> assertThat(arg.path("name").asText()).doesNotMatch("p\\d+"));
        });
    }

    @Test
    void noJmxAttributeAnywhereExposesASecret() throws Exception {
        List<String> secrets = List.of(Upstreams.GEMINI_KEY, Upstreams.NVIDIA_KEY, Upstreams.CLAUDE_KEY, TelegramStub.TOKEN,
                HTTP_KEY, REDIS_PASSWORD);
        int read = 0;
        for (ObjectName name : server.queryNames(null, null)) {
            for (MBeanAttributeInfo info : server.getMBeanInfo(name).getAttributes()) {
                if (!info.isReadable()) {
                    continue;
                }
                Object value;
                try {
                    value = server.getAttribute(name, info.getName());
                } catch (Exception | Error e) {
                    continue;
                }
                String text = deepToString(value);
                read++;
                for (String secret : secrets) {
                    assertThat(text).as("%s.%s", name, info.getName()).doesNotContain(secret);
                }
            }
        }
        assertThat(read).isGreaterThan(500);
        // and not through the metrics or the health endpoint either
        String exposed = management("/observe/metrics") + management("/observe/health?data=true") + router.get("/routing").body();
        for (String secret : secrets) {
            assertThat(exposed).doesNotContain(secret);
        }
    }

    private static String deepToString(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Object[] array) {
            StringBuilder sb = new StringBuilder();
            for (Object o : array) {
                sb.append(deepToString(o)).append(',');
            }
            return sb.toString();
        }
        if (value instanceof javax.management.openmbean.CompositeData cd) {
            StringBuilder sb = new StringBuilder();
            for (Object v : cd.values()) {
                sb.append(deepToString(v)).append(',');
            }
            return sb.toString();
        }
        if (value instanceof javax.management.openmbean.TabularData td) {
            StringBuilder sb = new StringBuilder();
            for (Object row : td.values()) {
                sb.append(deepToString(row)).append(';');
            }
            return sb.toString();
        }
        return String.valueOf(value);
    }
}
