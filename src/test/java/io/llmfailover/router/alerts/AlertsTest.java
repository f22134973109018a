package io.llmfailover.router.alerts;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.llmfailover.router.audit.AuditLog;
import io.llmfailover.router.chat.ChatResponse;
import io.llmfailover.router.core.HealthStatus;
import io.llmfailover.router.health.HealthReport;
import io.llmfailover.router.health.OllamaHealth;
import io.llmfailover.router.metrics.RouterMetrics;
import io.llmfailover.router.quota.GeminiQuotaGate;
import io.llmfailover.router.support.LogCapture;
import io.llmfailover.router.support.OllamaStub;
import io.llmfailover.router.support.RouterInstance;
import io.llmfailover.router.support.TelegramStub;
import io.llmfailover.router.support.Upstreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Telegram alerts and the audit trail of one router instance, against a Telegram faked at the wire. */
class AlertsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROMPT = "secret prompt text: the merger closes on Friday";

    Upstreams up;
    TelegramStub telegram;
    RouterInstance router;
    LogCapture logs;

    private void start(Map<String, String> extra) {
        logs = new LogCapture();
        up = new Upstreams().allHealthy();
        telegram = new TelegramStub();
        Map<String, String> props = new HashMap<>(up.routerProperties());
        props.putAll(telegram.routerProperties());
        props.put("llm.health.recovery-probes", "2");
        props.put("llm.alerts.retry-backoff", "100ms");
        props.put("llm.telegram.timeout", "500ms");
        props.put("llm.instance-id", "alerts-test");
        props.putAll(extra);
        router = RouterInstance.start(props);
        await().until(() -> router.bean("ollamaHealth", OllamaHealth.class).lastProbe() != null);
    }

    @AfterEach
    void stop() {
        router.close();
        up.close();
        telegram.close();
        // no key, token or prompt text in any log line of the whole test
        for (LogCapture.Line line : logs.lines()) {
            assertThat(line.text()).doesNotContain(Upstreams.GEMINI_KEY, Upstreams.NVIDIA_KEY, Upstreams.CLAUDE_KEY,
                    TelegramStub.TOKEN, PROMPT);
        }
        logs.close();
    }

    private HealthReport probe() {
        return router.template().requestBody("direct:check-health", null, HealthReport.class);
    }

    private void ollamaDown() {
        up.ollama.reset().tags(OllamaStub.MODEL).generateError(503, "server busy, please try again.  maximum pending requests exceeded");
        assertThat(probe().status()).isEqualTo(HealthStatus.DEGRADED);
    }

    private void ollamaUp() {
        up.allHealthy();
    }

    private double alerts(String type, String outcome) {
        return router.bean("routerMetrics", RouterMetrics.class).count("llm.alerts", "type", type, "outcome", outcome);
    }

    private List<JsonNode> audit() {
        List<JsonNode> lines = new ArrayList<>();
        for (String text : logs.of(AuditLog.LOGGER)) {
            try {
                lines.add(JSON.readTree(text));
            } catch (Exception e) {
                throw new AssertionError("audit line is not JSON: " + text);
            }
        }
        return lines;
    }

    private static void assertNoSecret(String text) {
        assertThat(text).doesNotContain(Upstreams.GEMINI_KEY, Upstreams.NVIDIA_KEY, Upstreams.CLAUDE_KEY, TelegramStub.TOKEN,
                PROMPT).hasSizeLessThanOrEqualTo(4096);
    }

    @Test
    void outageAndRecoveryGiveOneFailoverAndOneRecoveryMessageAndTwoAuditLines() {
        start(Map.of());
        router.template().requestBody("direct:chat", PROMPT, ChatResponse.class);
        ollamaDown();
        await().until(() -> telegram.delivered().size() == 1);
        String failover = telegram.delivered().get(0);
        System.out.println("FAILOVER ALERT:\n" + failover);
        assertThat(failover).startsWith("LLM failover: Ollama lost\n")
                .contains("Ollama: DEGRADED (server busy (POST /api/generate 503")
                .contains("New primary: gemini (gemini-1.5-flash)")
                .contains("Fallback chain: nemotron -> claude")
                .contains("Reason: ollama DEGRADED -> gemini at ")
                .contains("Trigger: probe, seen by alerts-test");
        assertNoSecret(failover);
        assertThat(TelegramStub.chatId(telegram.requests().get(0))).isEqualTo(TelegramStub.CHAT_ID);

        // still down: more probes, more prompts, no more messages
        probe();
        router.template().requestBody("direct:chat", PROMPT, ChatResponse.class);
        ollamaUp();
        probe(); // 1 of 2 healthy probes: still on gemini
        assertThat(router.bean("ollamaHealth", OllamaHealth.class).current().status()).isEqualTo(HealthStatus.DEGRADED);
        probe(); // recovered
        await().until(() -> telegram.delivered().size() == 2);
        String recovery = telegram.delivered().get(1);
        System.out.println("RECOVERY ALERT:\n" + recovery);
        assertThat(recovery).matches("(?s)LLM recovered: back on Ollama after \\d+s\n.*")
                .contains("Ollama: HEALTHY (recovered after 2 consecutive healthy probes")
                .contains("Primary: ollama (llama3.2:3b), fallback chain: gemini");
        assertNoSecret(recovery);

        List<JsonNode> audit = audit();
        audit.forEach(a -> System.out.println("AUDIT: " + a));
        assertThat(audit).hasSize(2);
        assertThat(audit.get(0).path("service").asText()).isEqualTo("llm_failover");
        assertThat(audit.get(0).path("action").asText()).isEqualTo("failover");
        assertThat(audit.get(0).path("from").asText()).isEqualTo("ollama");
        assertThat(audit.get(0).path("to").asText()).isEqualTo("gemini");
        assertThat(audit.get(0).path("health_status").asText()).isEqualTo("DEGRADED");
        assertThat(audit.get(0).path("reason").asText()).startsWith("ollama DEGRADED -> gemini at ");
        assertThat(audit.get(0).path("time").asText()).isNotBlank();
        assertThat(audit.get(1).path("action").asText()).isEqualTo("recovery");
        assertThat(audit.get(1).path("to").asText()).isEqualTo("ollama");
        await().until(() -> alerts("failover", "sent") == 1 && alerts("recovery", "sent") == 1);
    }

    @Test
    void aFailedOllamaCallAnnouncesTheFailoverToo() {
        start(Map.of());
        up.ollamaChat(Upstreams.json(500, "{\"error\":\"an error was encountered while running the model\"}"));
        ChatResponse r = router.template().requestBody("direct:chat", PROMPT, ChatResponse.class);
        assertThat(r.provider()).isEqualTo("gemini");
        await().until(() -> telegram.delivered().size() == 1);
        assertThat(telegram.delivered().get(0)).contains("Trigger: passive, seen by alerts-test")
                .contains("Ollama: DEGRADED (ollama call failed: unavailable, HTTP 500");
        assertThat(audit()).extracting(a -> a.path("trigger").asText()).containsExactly("passive");
    }

    @Test
    void noSecondFailoverMessageInsideTheWindowButOneAfterIt() {
        Duration window = Duration.ofMillis(1500);
        start(Map.of("llm.alerts.failover-window", "1500ms", "llm.health.recovery-probes", "1"));
        long windowStart = System.nanoTime();
        ollamaDown();
        await().until(() -> telegram.delivered("LLM failover").size() == 1);
        // flap: recover and fail again at once; the second failover is inside the window
        ollamaUp();
        probe();
        ollamaDown();
        await().until(() -> alerts("failover", "deduplicated") == 1);
        assertThat(System.nanoTime() - windowStart).isLessThan(window.toNanos());
        assertThat(telegram.delivered("LLM failover")).hasSize(1);
        // once the window has passed, the next failover goes out again
        await().atMost(Duration.ofSeconds(5)).until(() -> System.nanoTime() - windowStart > window.toNanos());
        ollamaUp();
        probe();
        ollamaDown();
        await().until(() -> telegram.delivered("LLM failover").size() == 2);
        assertThat(alerts("failover", "deduplicated")).isEqualTo(1);
    }

    @Test
    void quotaExhaustionIsAnnouncedOncePerWindowAndDenialsAreAudited() {
        start(Map.of("llm.gemini.daily-quota", "2"));
        ollamaDown();
        await().until(() -> telegram.delivered().size() == 1); // the failover
        for (int i = 0; i < 6; i++) {
            router.template().requestBody("direct:chat", PROMPT, ChatResponse.class);
        }
        await().until(() -> telegram.delivered("Gemini daily quota exhausted").size() == 1);
        String quota = telegram.delivered("Gemini daily quota exhausted").get(0);
        System.out.println("QUOTA ALERT:\n" + quota);
        assertThat(quota).startsWith("Gemini daily quota exhausted: 2/2 calls on ")
                .contains("prompts go to nemotron -> claude in its place");
        assertNoSecret(quota);

        // a denial at call time (the decision still showed Gemini) is audited; no second quota message
        router.bean("geminiQuotaGate", GeminiQuotaGate.class).setQuota(3);
        ChatResponse r = router.template().requestBody("direct:chat", PROMPT, ChatResponse.class); // takes slot 3
        assertThat(r.provider()).isEqualTo("gemini");
        org.apache.camel.Exchange denied = router.template().send("direct:call-gemini", ex -> {
            ex.setProperty("llmRequest", io.llmfailover.router.chat.ChatRequest.ofPrompt(PROMPT));
            ex.setProperty("llmHealth", router.bean("ollamaHealth", OllamaHealth.class).current());
        });
        assertThat(denied.getException()).isInstanceOf(io.llmfailover.router.chat.QuotaDeniedException.class)
                .hasMessage("gemini daily quota reached (3/3)");
        await().until(() -> audit().stream().anyMatch(a -> a.path("action").asText().equals("quota_denied")));
        JsonNode line = audit().stream().filter(a -> a.path("action").asText().equals("quota_denied")).findFirst().orElseThrow();
        assertThat(line.path("reason").asText()).isEqualTo("gemini daily quota reached (3/3)");
        assertThat(line.path("from").asText()).isEqualTo("gemini");
        assertThat(line.path("health_status").asText()).isEqualTo("DEGRADED");
        await().until(() -> alerts("quota", "deduplicated") + alerts("quota", "sent") == 1);
        assertThat(telegram.delivered("Gemini daily quota exhausted")).hasSize(1);
    }

    @Test
    void retryAfterOf429IsHonoured() {
        start(Map.of());
        telegram.server().resetMappings();
        telegram.server().stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(TelegramStub.PATH)
                .inScenario("flood").whenScenarioStateIs(com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED)
                .willReturn(TelegramStub.json(429, "{\"ok\":false,\"error_code\":429,\"description\":\"Too Many Requests: "
                        + "retry after 1\",\"parameters\":{\"retry_after\":1}}")).willSetStateTo("calm"));
        telegram.server().stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(TelegramStub.PATH)
                .inScenario("flood").whenScenarioStateIs("calm")
                .willReturn(TelegramStub.json(200, "{\"ok\":true,\"result\":{\"message_id\":43,\"chat\":{\"id\":4242,"
                        + "\"type\":\"private\"},\"date\":1746268800,\"text\":\"x\"}}")));
        ollamaDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> telegram.delivered().size() == 1);
        List<ServeEvent> requests = telegram.requests();
        assertThat(requests).hasSize(2);
        long gap = requests.get(1).getRequest().getLoggedDate().getTime() - requests.get(0).getRequest().getLoggedDate().getTime();
        assertThat(gap).isGreaterThanOrEqualTo(1000);
        await().until(() -> alerts("failover", "sent") == 1);
    }

    @Test
    void badChatIdIsLoggedOnceCountedAndNotRetried() {
        start(Map.of());
        telegram.answer(TelegramStub.json(400, "{\"ok\":false,\"error_code\":400,\"description\":\"Bad Request: chat not found\"}"));
        ollamaDown();
        await().until(() -> alerts("failover", "failed") == 1);
        assertThat(telegram.requests()).hasSize(1);
        List<String> warnings = logs.lines().stream().filter(l -> l.text().contains("not delivered")).map(LogCapture.Line::text).toList();
        assertThat(warnings).containsExactly("Telegram failover alert not delivered after 1 attempt(s): HTTP 400: Bad Request: chat not found");
        // the routing went on regardless
        assertThat(router.template().requestBody("direct:chat", "hi", ChatResponse.class).provider()).isEqualTo("gemini");
    }

    @Test
    void anAnswerThatIsNotJsonAndAHungConnectionAreBoundedAndCounted() {
        start(Map.of("llm.alerts.max-attempts", "2"));
        telegram.answer(aResponse().withStatus(502).withBody("<html>Bad Gateway</html>"));
        ollamaDown();
        await().until(() -> alerts("failover", "failed") == 1);
        assertThat(telegram.requests()).hasSize(2);
        assertThat(logs.lines()).anyMatch(l -> l.text().equals(
                "Telegram failover alert not delivered after 2 attempt(s): HTTP 502: answer is not JSON"));

        // a connection that never answers: each attempt ends at llm.telegram.timeout (500 ms)
        telegram.answer(TelegramStub.json(200, "{\"ok\":true}").withFixedDelay(10_000));
        ollamaUp();
        probe();
        probe();
        long start = System.nanoTime();
        await().atMost(Duration.ofSeconds(5)).until(() -> alerts("recovery", "failed") == 1);
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(4_000);
        assertThat(logs.lines()).anyMatch(l -> l.text().startsWith("Telegram recovery alert not delivered after 2 attempt(s): HttpTimeoutException"));
        assertThat(logs.lines()).noneMatch(l -> l.level().equals("ERROR"));
    }

    @Test
    void telegramDownSlowsNoPromptAndTheAlertArrivesWhenItReturns() {
        start(Map.of("llm.alerts.retry-backoff", "300ms", "llm.alerts.max-attempts", "6"));
        ollamaDown();
        await().until(() -> telegram.delivered().size() == 1);
        List<Long> up500 = timePrompts(500);

        telegram.stop();
        ollamaUp();
        probe();
        probe(); // recovery: its alert now retries against a dead Telegram while prompts flow
        ollamaDown();
        List<Long> down500 = timePrompts(500);
        telegram.start();
        telegram.ok();
        await().atMost(Duration.ofSeconds(15)).until(() -> telegram.delivered("LLM recovered").size() == 1);

        long p50Up = percentile(up500, 50);
        long p99Up = percentile(up500, 99);
        long p50Down = percentile(down500, 50);
        long p99Down = percentile(down500, 99);
        System.out.printf("500 prompts with Telegram up: p50 %.2f ms p99 %.2f ms; with Telegram down: p50 %.2f ms p99 %.2f ms%n",
                p50Up / 1e6, p99Up / 1e6, p50Down / 1e6, p99Down / 1e6);
        // beyond noise: no slower than twice the baseline plus 5 ms
        assertThat(p50Down).isLessThan(2 * p50Up + 5_000_000);
        assertThat(p99Down).isLessThan(2 * p99Up + 5_000_000);
    }

    private List<Long> timePrompts(int n) {
        List<Long> nanos = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            ChatResponse r = router.template().requestBody("direct:chat", "prompt " + i, ChatResponse.class);
            nanos.add(System.nanoTime() - t);
            assertThat(r.text()).isNotBlank();
        }
        return nanos;
    }

    private static long percentile(List<Long> values, int p) {
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(Long::compare);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    @Test
    void withoutATokenAlertsAreLoggedAndCountedAsSkipped() {
        start(Map.of("llm.telegram.token", "", "llm.telegram.chat-id", ""));
        ollamaDown();
        await().until(() -> alerts("failover", "skipped") == 1);
        assertThat(telegram.requests()).isEmpty();
        assertThat(logs.lines()).anyMatch(l -> l.level().equals("WARN")
                && l.text().startsWith("Telegram not configured (LLM_TELEGRAM_TOKEN, LLM_TELEGRAM_CHAT_ID); failover alert not sent:\nLLM failover: Ollama lost"));
        assertThat(logs.lines()).anyMatch(l -> l.text().startsWith("MISSING LLM_TELEGRAM_TOKEN and LLM_TELEGRAM_CHAT_ID"));
    }
}
