package io.llmfailover.router.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmfailover.router.chat.ChatMessage;
import io.llmfailover.router.chat.ChatRequest;
import io.llmfailover.router.chat.ChatResponse;
import io.llmfailover.router.health.OllamaHealth;
import io.llmfailover.router.support.RouterInstance;
import io.llmfailover.router.support.TestRedis;
import io.llmfailover.router.support.Upstreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Quotas of any provider, through two router instances on one real redis-server: Claude's daily token quota (each
 * answer's tokens reserved before the call and settled with the usage the stream reports), Nemotron's daily call
 * quota with its stand-in, the spend at the configured prices in GET /routing and the metrics, and the gates failing
 * closed once Redis is gone. The stubs answer Claude with usage 16 in + 35 out, 51 tokens.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProviderQuotasTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long TOKEN_QUOTA = 2000;
    private static final long CLAUDE_ANSWER = 51;
    private static final long HAIKU_QUOTA = 500;

    static Upstreams up;
    static TestRedis redis;
    static List<RouterInstance> routers = new ArrayList<>();
    static final Map<Integer, AtomicInteger> claudeAnswers = new HashMap<>();

    @BeforeAll
    static void start() {
        up = new Upstreams().allHealthy();
        redis = TestRedis.embedded();
        String prefix = TestRedis.uniquePrefix();
        for (String name : List.of("router-a", "router-b")) {
            Map<String, String> props = new HashMap<>(up.routerProperties());
            props.put("llm.redis.url", redis.url());
            props.put("llm.redis.key-prefix", prefix);
            props.put("llm.redis.timeout", "300ms");
            props.put("llm.instance-id", name);
            props.put("llm.routing.healthy", "claude,nemotron,gemini,ollama,haiku");
            // a second Anthropic provider on the same stub, whose answers (51 tokens) pass what a request reserves
            props.put("llm.providers.haiku.type", "anthropic");
            props.put("llm.providers.haiku.base-url", "http://127.0.0.1:" + up.anthropic.port());
            props.put("llm.providers.haiku.model", "claude-haiku-test");
            props.put("llm.providers.haiku.api-key", Upstreams.CLAUDE_KEY);
            props.put("llm.providers.haiku.daily-tokens", Long.toString(HAIKU_QUOTA));
            props.put("llm.routing.haiku-exhausted", "gemini");
            props.put("llm.providers.claude.daily-tokens", Long.toString(TOKEN_QUOTA));
            props.put("llm.providers.claude.price-input", "3");
            props.put("llm.providers.claude.price-output", "15");
            props.put("llm.routing.claude-exhausted", "gemini");
            props.put("llm.providers.nemotron.daily-calls", "3");
            props.put("llm.routing.nemotron-exhausted", "gemini");
            props.put("llm.gemini.daily-quota", "100000");
            routers.add(RouterInstance.start(props));
        }
        for (int i = 0; i < routers.size(); i++) {
            RouterInstance r = routers.get(i);
            claudeAnswers.put(i, new AtomicInteger());
            await().until(() -> r.bean("ollamaHealth", OllamaHealth.class).lastProbe() != null);
        }
    }

    @AfterAll
    static void stop() {
        routers.forEach(RouterInstance::close);
        up.close();
        redis.close();
    }

    private static ChatResponse ask(int router, String model, Integer maxTokens) {
        ChatRequest request = new ChatRequest(List.of(new ChatMessage("user", "hi")), null, maxTokens, null, model);
        ChatResponse r = routers.get(router).template().requestBody("direct:chat", request, ChatResponse.class);
        if ("claude".equals(r.provider())) {
            claudeAnswers.get(router).incrementAndGet();
        }
        return r;
    }

    private static QuotaGates gates(int router) {
        return routers.get(router).bean("quotaGates", QuotaGates.class);
    }

    private static long claudeTokensCounted() {
        return gates(0).of("claude").tokens().peek().count();
    }

    private static int claudeAnswered() {
        return claudeAnswers.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    @Test
    @Order(1)
    void theTokenQuotaHoldsExactlyAcrossTwoRouters() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<ChatResponse>> answers = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            int router = i % 2;
            // reserves 1 (the prompt, "hi") + 60 (max_tokens) = 61 tokens, uses 51: within its reservation
            answers.add(pool.submit(() -> ask(router, null, 60)));
        }
        for (Future<ChatResponse> f : answers) {
            assertThat(f.get().provider()).isIn("claude", "gemini");
        }
        pool.shutdown();
        // every answer settled with its real usage: the count is what the answers used, never above the quota
        await().until(() -> claudeTokensCounted() == claudeAnswered() * CLAUDE_ANSWER);
        assertThat(claudeTokensCounted()).isLessThanOrEqualTo(TOKEN_QUOTA);
        assertThat(claudeAnswered()).isEqualTo(up.claudeCalls()).isGreaterThanOrEqualTo(30);
        // filled to within one reservation: the next prompt cannot reserve, and Gemini stands in
        long left = TOKEN_QUOTA - claudeTokensCounted();
        if (left < 61) {
            ChatResponse after = ask(1, null, 60);
            assertThat(after.provider()).isEqualTo("gemini");
            assertThat(up.claudeCalls()).isEqualTo(claudeAnswered());
        }
        // one that asks for less still fits while there is room for it
        RouterInstance a = routers.get(0);
        JsonNode routing = JSON.readTree(a.get("/routing").body());
        assertThat(routing.at("/quotas/claude/tokens").asLong()).isEqualTo(claudeTokensCounted());
        assertThat(routing.at("/quotas/claude/tokenQuota").asLong()).isEqualTo(TOKEN_QUOTA);
    }

    @Test
    @Order(2)
    void aCallQuotaOnNemotronHandsItsPlaceToItsStandIn() throws Exception {
        List<String> by = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            by.add(ask(i % 2, "nemotron", null).provider());
        }
        assertThat(by).containsExactly("nemotron", "nemotron", "nemotron", "gemini", "gemini");
        assertThat(up.nvidiaCalls()).isEqualTo(3);
        JsonNode routing = JSON.readTree(routers.get(1).get("/routing").body());
        assertThat(routing.at("/quotas/nemotron/calls").asLong()).isEqualTo(3);
        assertThat(routing.at("/quotas/nemotron/callQuota").asLong()).isEqualTo(3);
        assertThat(routing.at("/reason").asText()).contains("nemotron daily quota reached (3/3)");
        assertThat(routing.at("/geminiQuota/quota").asLong()).isEqualTo(100000);
    }

    @Test
    @Order(3)
    void anAnswerPastItsReservationEndsTheDayOverByAtMostTheDocumentedBound() throws Exception {
        int concurrency = 8;
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        List<Future<ChatResponse>> answers = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            int router = i % 2;
            // reserves 1 + 10 = 11 tokens; the provider writes 51: 40 over its reservation, added when settled
            answers.add(pool.submit(() -> ask(router, "haiku", 10)));
        }
        int haiku = 0;
        for (Future<ChatResponse> f : answers) {
            // once haiku is spent its place goes to the rest of the chain (claude too, while 11 tokens still fit)
            String by = f.get().provider();
            haiku += "haiku".equals(by) ? 1 : 0;
        }
        pool.shutdown();
        int answered = haiku;
        TokenQuotaGate gate = gates(1).of("haiku").tokens();
        await().until(() -> gate.peek().count() == answered * CLAUDE_ANSWER);
        // README, "The quota gate": over by at most the excesses of the answers in flight at the last grant (at most
        // one per client thread here, 40 each)
        assertThat(gate.peek().count()).isGreaterThan(HAIKU_QUOTA - 11)
                .isLessThanOrEqualTo(HAIKU_QUOTA + concurrency * (CLAUDE_ANSWER - 11));
        QuotaDecision next = gates(0).acquire("haiku",
                new ChatRequest(List.of(new ChatMessage("user", "hi")), null, 10, null, null));
        assertThat(next.allowed()).isFalse();
        assertThat(next.reason()).startsWith("haiku daily token quota reached (");
        assertThat(up.claudeCalls()).isEqualTo(claudeAnswered() + answered);
    }

    @Test
    @Order(4)
    void spendIsInRoutingAndInTheMetrics() throws Exception {
        for (int i = 0; i < routers.size(); i++) {
            RouterInstance r = routers.get(i);
            double expected = claudeAnswers.get(i).get() * (16 * 3 + 35 * 15) / 1e6;
            JsonNode routing = JSON.readTree(r.get("/routing").body());
            assertThat(routing.at("/quotas/claude/spendToday").asDouble()).isCloseTo(expected,
                    org.assertj.core.data.Offset.offset(1e-9));
            String metrics = RouterInstance.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + r.managementPort() + "/observe/metrics")).GET().build()).body();
            assertThat(metrics).contains("llm_provider_spend_today{provider=\"claude\"}")
                    .contains("llm_provider_tokens_total{direction=\"output\",provider=\"claude\"} "
                            + (double) (claudeAnswers.get(i).get() * 35))
                    .contains("llm_provider_daily_calls{provider=\"nemotron\"} 3.0");
            String[] jmx = r.bean("routerManagement", io.llmfailover.router.management.RouterManagement.class).getQuotas();
            assertThat(jmx).anySatisfy(line -> assertThat(line).startsWith("claude: tokens "))
                    .anySatisfy(line -> assertThat(line).startsWith("nemotron: calls 3/3"));
        }
    }

    @Test
    @Order(5)
    void withRedisGoneTheGatesFailClosed() throws Exception {
        int claudeBefore = up.claudeCalls();
        int nemotronBefore = up.nvidiaCalls();
        redis.stop();
        QuotaDecision d = gates(0).acquire("claude",
                new ChatRequest(List.of(new ChatMessage("user", "hi")), null, 10, null, null));
        assertThat(d.allowed()).isFalse();
        assertThat(d.gateError()).isTrue();
        assertThat(gates(1).acquire("nemotron", null).gateError()).isTrue();
        assertThat(gates(0).of("claude").tokens().peek().available()).isFalse();
        // a prompt asking for Claude is not sent to it (nor to Nemotron, nor to Gemini: their gates fail closed too;
        // without Redis the health report is not shared either, so whether Ollama is in the row depends on its state)
        ChatRequest request = new ChatRequest(List.of(new ChatMessage("user", "hi")), null, 10, null, "claude");
        org.apache.camel.Exchange ex = routers.get(0).template().send("direct:chat", e -> e.getMessage().setBody(request));
        String outcome = ex.getException() != null ? ex.getException().getMessage()
                : ex.getMessage().getBody(ChatResponse.class).attempts().toString();
        assertThat(outcome).contains("claude token quota gate failed closed (redis redis://127.0.0.1:");
        assertThat(up.claudeCalls()).isEqualTo(claudeBefore);
        assertThat(up.nvidiaCalls()).isEqualTo(nemotronBefore);
    }
}
