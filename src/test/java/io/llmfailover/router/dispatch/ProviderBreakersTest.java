package io.llmfailover.router.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmfailover.router.chat.Attempt;
import io.llmfailover.router.chat.ChatMessage;
import io.llmfailover.router.chat.ChatRequest;
import io.llmfailover.router.chat.ChatResponse;
import io.llmfailover.router.core.Provider;
import io.llmfailover.router.health.ProviderBreakers;
import io.llmfailover.router.support.RouterInstance;
import io.llmfailover.router.support.Upstreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The cloud providers' passive health: a provider that keeps failing, or asks the router to wait, is skipped (no
 * call, nothing counted against Gemini's quota) until its cool-down ends; then one prompt tries it, and its answer
 * closes the breaker. A request the provider calls invalid leaves the breaker alone, and when every provider calls
 * it invalid the client gets a 400 with the first one's reason rather than a 502.
 */
class ProviderBreakersTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Upstreams up;
    private static RouterInstance router;

    @BeforeAll
    static void start() {
        up = new Upstreams().allHealthy();
        router = RouterInstance.startProbed(up.routerPropertiesWithEveryProvider(Map.of("llm.breaker.failures", "3",
                "llm.breaker.cool-down", "1s", "llm.request-timeout", "20s")));
    }

    @AfterAll
    static void stop() {
        router.close();
        up.close();
    }

    /** One router for the class: each test starts with every stub answering, Ollama HEALTHY, every breaker closed. */
    @BeforeEach
    void afresh() {
        ErrorTaxonomyTest.afresh(router, up);
    }

    private ChatResponse ask(String model) {
        return router.template().requestBody("direct:chat", new ChatRequest(List.of(ChatMessage.user("Hi")), null,
                null, null, model), ChatResponse.class);
    }

    private ProviderBreakers breakers() {
        return router.bean("providerBreakers", ProviderBreakers.class);
    }

    @Test
    void aProviderFailingThreeTimesInARowIsSkippedUntilItsCoolDownThenOnePromptTriesIt() throws Exception {
        up.gemini(Upstreams.json(503, Upstreams.GEMINI_503));
        for (int i = 0; i < 3; i++) {
            ChatResponse r = ask("gemini");
            // a 503 is transient: tried once more after a pause; only the second failure counts against the breaker
            assertThat(r.attempts()).extracting(Attempt::provider).containsExactly("gemini", "gemini", "ollama");
            assertThat(r.attempts().get(0).reason()).containsPattern("\\(tried again after \\d+ ms\\)$");
            assertThat(r.provider()).isEqualTo("ollama");
        }
        assertThat(up.geminiCalls()).isEqualTo(6);
        long counted = router.bean("geminiQuotaGate", io.llmfailover.router.quota.GeminiQuotaGate.class).peek().count();

        ChatResponse skipped = ask("gemini");
        Attempt first = skipped.attempts().get(0);
        assertThat(first.provider()).isEqualTo("gemini");
        assertThat(first.outcome()).isEqualTo(Attempt.SKIPPED);
        assertThat(first.reason()).startsWith("circuit open after 3 failures in a row (last: unavailable, HTTP 503: "
                + "The model is overloaded. Please try again later.); tried again in ");
        // Gemini's stand-ins (llm.routing.quota-exceeded: nemotron, claude) take its place, as for a spent quota
        assertThat(skipped.provider()).isEqualTo("nemotron");
        assertThat(up.geminiCalls()).as("no call while open").isEqualTo(6);
        assertThat(router.bean("geminiQuotaGate", io.llmfailover.router.quota.GeminiQuotaGate.class).peek().count())
                .as("a skipped Gemini is not counted against the quota").isEqualTo(counted);
        JsonNode routing = JSON.readTree(RouterInstance.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(router.baseUrl() + "/routing")).GET().build()).body());
        assertThat(routing.at("/breakers/gemini").asText()).isEqualTo("open");
        assertThat(routing.at("/breakers/claude").asText()).isEqualTo("closed");
        String metrics = RouterInstance.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:"
                + router.managementPort() + "/observe/metrics")).GET().build()).body();
        assertThat(metrics).containsPattern("llm_provider_breaker_state\\{[^}]*provider=\"gemini\"[^}]*\\} 1\\.0")
                .containsPattern("llm_provider_breaker_state\\{[^}]*provider=\"claude\"[^}]*\\} 0\\.0");
        io.llmfailover.router.management.RouterManagement jmx = router.bean("routerManagement",
                io.llmfailover.router.management.RouterManagement.class);
        assertThat(jmx.getBreakers()).isEqualTo("gemini=open, nemotron=closed, claude=closed");

        // the cool-down ends: one prompt tries Gemini, which answers again, and the breaker closes
        await().atMost(Duration.ofSeconds(5)).until(() -> breakers().state(Provider.GEMINI)
                == ProviderBreakers.State.HALF_OPEN);
        up.geminiOk("Gemini is back.");
        ChatResponse trial = ask("gemini");
        assertThat(trial.provider()).isEqualTo("gemini");
        assertThat(trial.text()).isEqualTo("Gemini is back.");
        assertThat(breakers().state(Provider.GEMINI)).isEqualTo(ProviderBreakers.State.CLOSED);
    }

    @Test
    void aRateLimitWithRetryAfterOpensTheBreakerAtOnceForThatLong() {
        up.nvidia(Upstreams.json(429, "{\"status\":429,\"title\":\"Too Many Requests\"}").withHeader("Retry-After", "120"));
        ChatResponse r = ask("nemotron");
        assertThat(r.attempts().get(0).reason()).isEqualTo("rate limited, HTTP 429: Too Many Requests");
        ChatResponse next = ask("nemotron");
        assertThat(next.attempts().get(0).outcome()).isEqualTo(Attempt.SKIPPED);
        assertThat(next.attempts().get(0).reason()).startsWith("circuit open after 1 failure in a row").endsWith(
                "tried again in 120 s");
        assertThat(up.nvidiaCalls()).isEqualTo(1);
    }

    @Test
    void geminisRetryDelayIsHonouredLikeRetryAfter() {
        up.gemini(Upstreams.json(429, Upstreams.GEMINI_429));
        ask("gemini");
        assertThat(ask("gemini").attempts().get(0).reason()).endsWith("tried again in 15 s");
        assertThat(up.geminiCalls()).isEqualTo(1);
    }

    @Test
    void aRequestTheProviderCallsInvalidLeavesTheBreakerClosed() {
        up.claude(Upstreams.json(400, "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\","
                + "\"message\":\"messages: roles must alternate\"}}"));
        for (int i = 0; i < 4; i++) {
            assertThat(ask("claude").attempts().get(0).outcome()).isEqualTo(Attempt.FAILED);
        }
        assertThat(up.claudeCalls()).isEqualTo(4);
        assertThat(breakers().state(Provider.CLAUDE)).isEqualTo(ProviderBreakers.State.CLOSED);
    }

    @Test
    void anOperatorClosesTheBreakersOverJmxAndTheNextPromptTriesTheProviderAgain() {
        up.nvidia(Upstreams.json(429, "{\"status\":429,\"title\":\"Too Many Requests\"}").withHeader("Retry-After", "600"));
        ask("nemotron");
        assertThat(breakers().state(Provider.NEMOTRON)).isEqualTo(ProviderBreakers.State.OPEN);
        up.nvidiaOk("NVIDIA is back.");
        assertThat(router.bean("routerManagement", io.llmfailover.router.management.RouterManagement.class)
                .resetBreakers()).isEqualTo("closed: gemini=closed, nemotron=closed, claude=closed");
        assertThat(ask("nemotron").text()).isEqualTo("NVIDIA is back.");
    }

    @Test
    void aRequestEveryProviderCallsInvalidIsA400WithTheFirstReasonNotA502() throws Exception {
        up.ollamaChat(Upstreams.json(400, "{\"error\":\"invalid message format\"}"));
        up.gemini(Upstreams.json(400, "{\"error\":{\"code\":400,\"message\":\"Request contains an invalid argument.\","
                + "\"status\":\"INVALID_ARGUMENT\"}}"));
        up.nvidia(Upstreams.json(422, "{\"status\":422,\"title\":\"Unprocessable Entity\",\"detail\":\"bad input\"}"));
        up.claude(Upstreams.json(400, "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\","
                + "\"message\":\"messages: roles must alternate\"}}"));
        java.net.http.HttpResponse<String> r = router.postJson("/v1/chat/completions",
                "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(r.body()).path("error");
        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.path("message").asText()).isEqualTo("the request is invalid for every provider that was "
                + "asked; ollama said: HTTP 400: invalid message format");
        assertThat(up.claudeCalls()).as("every provider was asked").isEqualTo(1);

        // one provider that is merely down makes it a 502 again: the request may be fine
        up.claude(Upstreams.json(529, Upstreams.CLAUDE_529));
        assertThat(router.postJson("/v1/chat/completions",
                "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}").statusCode())
                .isEqualTo(502);
    }

    @Test
    void promptsGeminiBlocksLeaveItsBreakerClosed() {
        up.gemini(Upstreams.sse("data: " + Upstreams.GEMINI_BLOCKED + "\r\n\r\n"));
        for (int i = 0; i < 4; i++) {
            // final by default: the client is told, no other provider asked (ErrorTaxonomyTest)
            assertThatThrownBy(() -> ask("gemini")).hasCauseInstanceOf(
                    io.llmfailover.router.chat.ContentFilteredException.class);
        }
        assertThat(up.geminiCalls()).isEqualTo(4);
        assertThat(breakers().state(Provider.GEMINI)).isEqualTo(ProviderBreakers.State.CLOSED);
    }

    @Test
    void geminisStandInsTakeItsPlaceWhileItsBreakerIsOpen() {
        // the default matrix: HEALTHY is ollama, gemini (the soak run found this: Ollama dying while Gemini's breaker
        // was open gave a 502 although NVIDIA and Anthropic were up)
        try (RouterInstance plain = RouterInstance.startProbed(up.routerProperties())) {
            // a prompt that asks for Gemini first meets its 429 (retry in 15 s): its breaker opens, Ollama answers
            up.gemini(Upstreams.json(429, Upstreams.GEMINI_429));
            ChatResponse first = plain.template().requestBody("direct:chat", new ChatRequest(List.of(
                    ChatMessage.user("Hi")), null, null, null, "gemini"), ChatResponse.class);
            assertThat(first.provider()).as(first.attempts().toString()).isEqualTo("ollama");
            assertThat(plain.bean("providerBreakers", ProviderBreakers.class).state(Provider.GEMINI))
                    .isEqualTo(ProviderBreakers.State.OPEN);
            // then Ollama fails: Gemini is skipped, and llm.routing.quota-exceeded (nemotron, claude) takes its place
            up.ollamaChat(Upstreams.json(503, "{\"error\":\"server busy, please try again.  maximum pending "
                    + "requests exceeded\"}"));
            ChatResponse next = plain.template().requestBody("direct:chat", "Hi", ChatResponse.class);
            assertThat(next.attempts()).extracting(Attempt::provider, Attempt::outcome).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("ollama", Attempt.FAILED),
                    org.assertj.core.groups.Tuple.tuple("ollama", Attempt.FAILED),
                    org.assertj.core.groups.Tuple.tuple("gemini", Attempt.SKIPPED),
                    org.assertj.core.groups.Tuple.tuple("nemotron", Attempt.SUCCESS));
        }
    }

    @Test
    void oneProvidersRefusalAloneIsNotTheClientsFault() throws Exception {
        up.claude(Upstreams.json(400, "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\","
                + "\"message\":\"Your credit balance is too low to access the Anthropic API.\"}}"));
        up.nvidia(Upstreams.json(429, "{\"status\":429,\"title\":\"Too Many Requests\"}").withHeader("Retry-After", "600"));
        up.gemini(Upstreams.json(429, Upstreams.GEMINI_429));
        up.ollamaChat(Upstreams.json(500, "{\"error\":\"boom\"}"));
        // a first prompt walks the chain: NVIDIA's and Gemini's breakers open (their retry delays), Ollama degrades
        assertThat(router.postJson("/v1/chat/completions", "{\"model\":\"nemotron\",\"messages\":[{\"role\":"
                + "\"user\",\"content\":\"Hi\"}]}").statusCode()).isEqualTo(502);
        // now Claude alone is asked, and its 400 stays a 502
        java.net.http.HttpResponse<String> r = router.postJson("/v1/chat/completions",
                "{\"model\":\"claude\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(502);
        assertThat(JSON.readTree(r.body()).at("/error/message").asText()).contains("credit balance is too low");
    }
}
