package io.llmfailover.router.dispatch;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.llmfailover.router.support.Upstreams.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.llmfailover.router.chat.AllProvidersFailedException;
import io.llmfailover.router.chat.Attempt;
import io.llmfailover.router.chat.ChatMessage;
import io.llmfailover.router.chat.ChatRequest;
import io.llmfailover.router.chat.ChatResponse;
import io.llmfailover.router.chat.InvalidChatRequestException;
import io.llmfailover.router.chat.ProviderCallException;
import io.llmfailover.router.chat.RequestTimeoutException;
import io.llmfailover.router.chat.Usage;
import io.llmfailover.router.core.HealthStatus;
import io.llmfailover.router.core.PropertyNames;
import io.llmfailover.router.health.HealthReport;
import io.llmfailover.router.health.OllamaHealth;
import io.llmfailover.router.quota.GeminiQuotaGate;
import io.llmfailover.router.stream.AnswerListener;
import io.llmfailover.router.stream.AnswerStream;
import io.llmfailover.router.stream.StreamFailure;
import io.llmfailover.router.support.RouterInstance;
import io.llmfailover.router.support.StreamBodies;
import io.llmfailover.router.support.Upstreams;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** direct:chat against the four upstream APIs faked at the wire (docs/wire-formats.md sections 1 to 4). */
class DispatchTest {

    static Upstreams up;
    static RouterInstance router;

    @BeforeAll
    static void start() {
        up = new Upstreams().allHealthy();
        Map<String, String> props = new HashMap<>(up.routerProperties());
        props.put("llm.stream.first-token-timeout", "500ms");
        props.put("llm.request-timeout", "20s");
        router = RouterInstance.start(props);
        await().until(() -> router.bean("ollamaHealth", OllamaHealth.class).lastProbe() != null);
    }

    @AfterAll
    static void stop() {
        router.close();
        up.close();
    }

    @BeforeEach
    void healthyEverything() {
        up.allHealthy();
        probe();
        router.bean("geminiQuotaGate", GeminiQuotaGate.class).setQuota(1_000_000);
        // each test starts with every breaker closed (ProviderBreakersTest covers them)
        router.bean("providerBreakers", io.llmfailover.router.health.ProviderBreakers.class).reset();
    }

    static HealthReport probe() {
        return router.template().requestBody("direct:check-health", null, HealthReport.class);
    }

    static ChatResponse chat(Object body) {
        return router.template().requestBody("direct:chat", body, ChatResponse.class);
    }

    /**
     * Ollama answers its probe with 503 (DEGRADED: same chain as OFFLINE). The stub is not stopped, so no pooled
     * connection goes stale for the next test.
     */
    static void ollamaOffline() {
        ollamaUnhealthyFor(router);
    }

    static void ollamaUnhealthyFor(RouterInstance instance) {
        up.ollama.reset().tags(io.llmfailover.router.support.OllamaStub.MODEL)
                .generateError(503, "server busy, please try again.  maximum pending requests exceeded");
        assertThat(instance.template().requestBody("direct:check-health", null, HealthReport.class).status())
                .isEqualTo(HealthStatus.DEGRADED);
        up.allHealthy();
    }

    private static Throwable chatFailure(Object body) {
        try {
            chat(body);
        } catch (CamelExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("direct:chat answered instead of failing");
    }

    @Test
    void healthyOllamaAnswersWithItsUsageAndFinishReason() {
        ChatResponse r = chat("Why is the sky blue?");
        assertThat(r.text()).isEqualTo("Ollama says hi.");
        assertThat(r.provider()).isEqualTo("ollama");
        assertThat(r.model()).isEqualTo("llama3.2:3b");
        assertThat(r.finishReason()).isEqualTo("stop");
        assertThat(r.usage()).isEqualTo(new Usage(26, 290, 316));
        assertThat(r.attempts()).extracting(Attempt::provider, Attempt::outcome).containsExactly(
                org.assertj.core.groups.Tuple.tuple("ollama", "success"));
        up.ollama.server().verify(postRequestedFor(urlEqualTo("/api/chat")).withRequestBody(equalToJson(
                "{\"model\":\"llama3.2:3b\",\"messages\":[{\"role\":\"user\",\"content\":\"Why is the sky blue?\"}],"
                        + "\"stream\":true}")));
    }

    @Test
    void ollamaGetsSystemPromptTemperatureAndMaxTokens() {
        chat(new ChatRequest(List.of(ChatMessage.user("Hi")), "You are terse.", 128, 0.2, null));
        up.ollama.server().verify(postRequestedFor(urlEqualTo("/api/chat")).withRequestBody(equalToJson(
                "{\"model\":\"llama3.2:3b\",\"messages\":[{\"role\":\"system\",\"content\":\"You are terse.\"},"
                        + "{\"role\":\"user\",\"content\":\"Hi\"}],\"stream\":true,"
                        + "\"options\":{\"temperature\":0.2,\"num_predict\":128}}")));
    }

    @Test
    void geminiAnswersWhenOllamaIsOfflineAndGetsItsOwnFormat() {
        ollamaOffline();
        ChatResponse r = chat(new ChatRequest(List.of(ChatMessage.user("Where is Google HQ?"),
                ChatMessage.assistant("In California."), ChatMessage.user("Which city?")), "You are terse.", 256, 0.7, null));
        assertThat(r.text()).isEqualTo("Gemini says hi.");
        assertThat(r.provider()).isEqualTo("gemini");
        assertThat(r.model()).isEqualTo("gemini-2.0-flash");
        assertThat(r.finishReason()).isEqualTo("stop");
        assertThat(r.nativeFinishReason()).isEqualTo("STOP");
        assertThat(r.usage()).isEqualTo(new Usage(7, 22, 29));
        assertThat(up.ollamaChatCalls()).isZero();
        up.gemini.verify(postRequestedFor(urlEqualTo(Upstreams.GEMINI_PATH))
                .withHeader("x-goog-api-key", equalTo(Upstreams.GEMINI_KEY))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("{\"systemInstruction\":{\"parts\":[{\"text\":\"You are terse.\"}]},"
                        + "\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Where is Google HQ?\"}]},"
                        + "{\"role\":\"model\",\"parts\":[{\"text\":\"In California.\"}]},"
                        + "{\"role\":\"user\",\"parts\":[{\"text\":\"Which city?\"}]}],"
                        + "\"generationConfig\":{\"temperature\":0.7,\"maxOutputTokens\":256}}")));
    }

    @Test
    void nemotronAnswersWhenGeminiIsRateLimited() {
        ollamaOffline();
        up.gemini(json(429, Upstreams.GEMINI_429));
        ChatResponse r = chat(new ChatRequest(List.of(ChatMessage.system("Be terse."), ChatMessage.user("Hi")), null, 64, null, null));
        assertThat(r.provider()).isEqualTo("nemotron");
        assertThat(r.text()).isEqualTo("Nemotron says hi.");
        assertThat(r.model()).isEqualTo("nvidia/nemotron-mini-4b-instruct");
        assertThat(r.usage()).isEqualTo(new Usage(13, 5, 18));
        assertThat(r.attempts()).hasSize(2);
        assertThat(r.attempts().get(0).provider()).isEqualTo("gemini");
        assertThat(r.attempts().get(0).outcome()).isEqualTo("failed");
        assertThat(r.attempts().get(0).reason()).startsWith("rate limited, HTTP 429: You exceeded your current quota");
        up.nvidia.verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withHeader("Authorization", equalTo("Bearer " + Upstreams.NVIDIA_KEY))
                .withRequestBody(equalToJson("{\"model\":\"nvidia/nemotron-mini-4b-instruct\",\"messages\":["
                        + "{\"role\":\"system\",\"content\":\"Be terse.\"},{\"role\":\"user\",\"content\":\"Hi\"}],"
                        + "\"max_tokens\":64,\"stream\":true,\"stream_options\":{\"include_usage\":true}}")));
    }

    @Test
    void claudeAnswersWhenNemotronFailsWith5xx() {
        ollamaOffline();
        up.gemini(json(429, Upstreams.GEMINI_429));
        up.nvidia(json(500, "{\"status\":500,\"title\":\"Internal Server Error\",\"detail\":\"upstream failure\"}"));
        ChatResponse r = chat(new ChatRequest(List.of(ChatMessage.system("Be terse."), ChatMessage.user("Hello")), null, null, 1.5, null));
        assertThat(r.provider()).isEqualTo("claude");
        assertThat(r.text()).isEqualTo("Claude says hi.");
        assertThat(r.model()).isEqualTo("claude-haiku-4-5-20251001");
        assertThat(r.finishReason()).isEqualTo("stop");
        assertThat(r.nativeFinishReason()).isEqualTo("end_turn");
        assertThat(r.usage()).isEqualTo(new Usage(16, 35, 51));
        // Gemini's 429 asks for 15 s (more than llm.retry.max-wait): no retry; NVIDIA's 500 is tried once more
        assertThat(r.attempts()).extracting(Attempt::provider).containsExactly("gemini", "nemotron", "nemotron", "claude");
        assertThat(r.attempts().get(2).reason()).isEqualTo("unavailable, HTTP 500: Internal Server Error: upstream failure");
        up.anthropic.verify(postRequestedFor(urlEqualTo("/v1/messages"))
                .withHeader("x-api-key", equalTo(Upstreams.CLAUDE_KEY))
                .withHeader("anthropic-version", equalTo("2023-06-01"))
                .withRequestBody(equalToJson("{\"model\":\"claude-haiku-4-5-20251001\",\"max_tokens\":1024,"
                        + "\"system\":\"Be terse.\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}],"
                        + "\"temperature\":1.0,\"stream\":true}")));
    }

    @Test
    void allProvidersDownIsOneClearErrorListingEveryAttempt() {
        ollamaOffline();
        up.gemini(json(503, Upstreams.GEMINI_503));
        up.nvidia(json(429, "{\"status\":429,\"title\":\"Too Many Requests\"}"));
        up.claude(json(529, Upstreams.CLAUDE_529));
        Throwable e = chatFailure("Hello?");
        assertThat(e).isInstanceOf(AllProvidersFailedException.class);
        assertThat(e.getMessage()).matches("all providers failed: "
                + "gemini failed \\(unavailable, HTTP 503: The model is overloaded\\. Please try again later\\. "
                + "\\(tried again after \\d+ ms\\)\\); "
                + "gemini failed \\(unavailable, HTTP 503: The model is overloaded\\. Please try again later\\.\\); "
                + "nemotron failed \\(rate limited, HTTP 429: Too Many Requests\\); "
                + "claude failed \\(overloaded, HTTP 529: overloaded_error: Overloaded\\)");
        assertThat(e.getMessage()).doesNotContain(Upstreams.GEMINI_KEY, Upstreams.NVIDIA_KEY, Upstreams.CLAUDE_KEY);
        assertThat(e.getStackTrace()).isEmpty();
        assertThat(((AllProvidersFailedException) e).getAttempts()).hasSize(4);
    }

    @Test
    void aChainThatLostGeminiToTheQuotaSaysSoWhenEveryoneElseFails() {
        io.llmfailover.router.quota.GeminiQuotaGate gate = router.bean("geminiQuotaGate",
                io.llmfailover.router.quota.GeminiQuotaGate.class);
        long quota = gate.quota();
        gate.setQuota(0);
        try {
            ollamaOffline();
            up.nvidia(json(429, "{\"status\":429,\"title\":\"Too Many Requests\"}"));
            up.claude(json(529, Upstreams.CLAUDE_529));
            Throwable e = chatFailure("Hello?");
            assertThat(e).isInstanceOf(AllProvidersFailedException.class);
            assertThat(e.getMessage()).startsWith("all providers failed: "
                    + "nemotron failed (rate limited, HTTP 429: Too Many Requests); "
                    + "claude failed (overloaded, HTTP 529: overloaded_error: Overloaded); "
                    + "gemini skipped: daily quota reached (").endsWith("/0)");
            assertThat(((AllProvidersFailedException) e).getAttempts()).hasSize(2);
        } finally {
            gate.setQuota(quota);
        }
    }

    @Test
    void aFailedWalkLeavesNoProviderHeaderOnTheExchange() {
        ollamaOffline();
        up.gemini(json(503, Upstreams.GEMINI_503));
        up.nvidia(json(500, "{\"status\":500,\"title\":\"Internal Server Error\"}"));
        up.claude(json(529, Upstreams.CLAUDE_529));
        org.apache.camel.Exchange ex = router.template().send("direct:chat", e -> e.getMessage().setBody("hi"));
        assertThat(ex.getException()).isInstanceOf(AllProvidersFailedException.class);
        assertThat(ex.getMessage().getHeaders().values()).extracting(String::valueOf)
                .noneMatch(v -> v.contains(Upstreams.GEMINI_KEY) || v.contains(Upstreams.NVIDIA_KEY) || v.contains(Upstreams.CLAUDE_KEY));
        assertThat(ex.getMessage().getHeaders()).doesNotContainKeys("x-goog-api-key", "x-api-key", "Authorization");
    }

    @Test
    void runningOutOfTheRequestBudgetOnOllamaDoesNotMarkOllamaUnhealthy() {
        Map<String, String> props = new HashMap<>(up.routerProperties());
        props.put("llm.request-timeout", "700ms");
        try (RouterInstance tight = RouterInstance.start(props)) {
            await().until(() -> tight.bean("ollamaHealth", OllamaHealth.class).lastProbe() != null);
            up.ollamaChat(json(200, "{}").withFixedDelay(3_000));
            Throwable e;
            try {
                tight.template().requestBody("direct:chat", "Hi", ChatResponse.class);
                throw new AssertionError("answered");
            } catch (CamelExecutionException ex) {
                e = ex.getCause();
            }
            assertThat(e).isInstanceOf(RequestTimeoutException.class).hasMessageContaining("(llm.request-timeout)");
            assertThat(tight.bean("ollamaHealth", OllamaHealth.class).current().status()).isEqualTo(HealthStatus.HEALTHY);
        }
    }

    static List<Arguments> geminiFailures() {
        return List.of(
                Arguments.of("408", json(408, "{\"error\":{\"code\":408,\"message\":\"Request timeout\",\"status\":\"DEADLINE_EXCEEDED\"}}"), "timeout, HTTP 408: Request timeout"),
                Arguments.of("429", json(429, Upstreams.GEMINI_429), "rate limited, HTTP 429"),
                Arguments.of("500", json(500, "{\"error\":{\"code\":500,\"message\":\"Internal error encountered.\",\"status\":\"INTERNAL\"}}"), "unavailable, HTTP 500: Internal error encountered."),
                Arguments.of("503", json(503, Upstreams.GEMINI_503), "unavailable, HTTP 503"),
                Arguments.of("504", json(504, "{\"error\":{\"code\":504,\"message\":\"Deadline expired\",\"status\":\"DEADLINE_EXCEEDED\"}}"), "unavailable, HTTP 504"),
                Arguments.of("invalid key", json(400, Upstreams.GEMINI_KEY_INVALID), "auth failure, HTTP 400 API_KEY_INVALID: API key not valid"),
                Arguments.of("401", json(401, "{\"error\":{\"code\":401,\"message\":\"Request had invalid authentication credentials.\",\"status\":\"UNAUTHENTICATED\"}}"), "auth failure, HTTP 401"),
                Arguments.of("403", json(403, Upstreams.GEMINI_403), "auth failure, HTTP 403: Method doesn't allow unregistered callers"),
                Arguments.of("404 model", json(404, Upstreams.GEMINI_404), "not found, HTTP 404: models/gemini-5.0-flash is not found"),
                Arguments.of("garbage 200", Upstreams.json(200, "<html>gateway</html>"), "the stream ended before the first token"),
                Arguments.of("error event", Upstreams.sse(StreamBodies.error(StreamBodies.Api.GEMINI)),
                        "error event before the first token: The model is overloaded."),
                Arguments.of("malformed first event", Upstreams.sse(StreamBodies.malformed(StreamBodies.Api.GEMINI)),
                        "malformed first event"),
                Arguments.of("no answer head", json(200, "{}").withFixedDelay(2_000), "no first token within 1 s"),
                Arguments.of("connection reset", Upstreams.refused(), "connection error"));
    }

    @ParameterizedTest(name = "gemini {0} -> nemotron")
    @MethodSource("geminiFailures")
    void everyGeminiFailureMovesOnToNemotron(String name, com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder answer,
            String reason) {
        ollamaOffline();
        up.gemini(answer);
        long start = System.nanoTime();
        ChatResponse r = chat("Hi");
        assertThat(r.provider()).isEqualTo("nemotron");
        assertThat(r.attempts().get(0).provider()).isEqualTo("gemini");
        assertThat(r.attempts().get(0).outcome()).isEqualTo("failed");
        assertThat(r.attempts().get(0).reason()).startsWith(reason);
        // bounded by llm.stream.first-token-timeout (500 ms), not by the stub's delay
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1_900);
    }

    @Test
    void geminiConnectionRefusedMovesOn() {
        ollamaOffline();
        up.gemini.stop();
        try {
            ChatResponse r = chat("Hi");
            assertThat(r.provider()).isEqualTo("nemotron");
            assertThat(r.attempts().get(0).reason()).isEqualTo("connection refused");
        } finally {
            up.gemini.start();
        }
    }

    @Test
    void nvidiaPendingAndAuthFailuresMoveOnToClaude() {
        ollamaOffline();
        up.gemini(json(429, Upstreams.GEMINI_429));
        up.nvidia(json(202, "").withHeader("NVCF-REQID", "7d2c1f3e-aaaa-bbbb-cccc-0123456789ab"));
        ChatResponse r = chat("Hi");
        assertThat(r.provider()).isEqualTo("claude");
        assertThat(r.attempts().get(1).reason()).startsWith("pending, HTTP 202 Accepted");

        up.nvidia(json(403, "{\"status\":403,\"title\":\"Forbidden\",\"detail\":\"Authorization failed\"}"));
        r = chat("Hi");
        assertThat(r.provider()).isEqualTo("claude");
        assertThat(r.attempts().get(1).reason()).isEqualTo("auth failure, HTTP 403: Forbidden: Authorization failed");

        up.nvidia(json(404, "{\"status\":404,\"title\":\"Not Found\",\"detail\":\"Function '2befd4f2-0000': Not found for account 'abc'\"}"));
        r = chat("Hi");
        assertThat(r.attempts().get(1).reason()).startsWith("not found, HTTP 404: Not Found: Function");
    }

    @Test
    void claudeOverloaded529MovesOnAndAPreferredProviderGoesFirst() {
        ollamaOffline();
        up.claude(json(529, Upstreams.CLAUDE_529));
        ChatResponse r = chat(ChatRequest.ofPrompt("Hi").withModel("claude"));
        assertThat(r.attempts()).extracting(Attempt::provider).containsExactly("claude", "gemini");
        assertThat(r.attempts().get(0).reason()).isEqualTo("overloaded, HTTP 529: overloaded_error: Overloaded");
        assertThat(r.provider()).isEqualTo("gemini");
        // a model name the router does not know is only a hint and changes nothing
        assertThat(chat(ChatRequest.ofPrompt("Hi").withModel("gpt-4o")).provider()).isEqualTo("gemini");
        // a configured model name prefers its provider
        up.claudeOk("Claude says hi.");
        assertThat(chat(ChatRequest.ofPrompt("Hi").withModel("claude-haiku-4-5-20251001")).provider()).isEqualTo("claude");
    }

    @Test
    void aFailedOllamaCallSendsTheNextPromptStraightToTheFallback() {
        up.ollamaChat(json(500, "{\"error\":\"an error was encountered while running the model\"}"));
        ChatResponse first = chat("one");
        assertThat(first.provider()).isEqualTo("gemini");
        // a 500 is transient: Ollama is tried once more; its second failure marks it unhealthy
        assertThat(first.attempts()).extracting(Attempt::provider).containsExactly("ollama", "ollama", "gemini");
        assertThat(first.attempts().get(1).reason()).isEqualTo("unavailable, HTTP 500: an error was encountered while running the model");
        assertThat(router.bean("ollamaHealth", OllamaHealth.class).current().status()).isEqualTo(HealthStatus.DEGRADED);

        ChatResponse second = chat("two");
        assertThat(second.attempts()).extracting(Attempt::provider).containsExactly("gemini");
        assertThat(up.ollamaChatCalls()).isEqualTo(2);

        // a healthy probe brings Ollama back (llm.health.recovery-probes is 1 here)
        up.ollamaChatOk("Ollama is back.");
        probe();
        assertThat(chat("three").text()).isEqualTo("Ollama is back.");
    }

    @Test
    void aRefusedOllamaConnectionIsMarkedOffline() {
        // an Ollama of its own, so stopping it leaves no stale connection in the shared router's pool
        try (io.llmfailover.router.support.OllamaStub ownOllama = new io.llmfailover.router.support.OllamaStub().healthy()) {
            Map<String, String> props = new HashMap<>(up.routerProperties());
            props.put("llm.ollama.url", ownOllama.url());
            try (RouterInstance instance = RouterInstance.start(props)) {
                await().until(() -> instance.bean("ollamaHealth", OllamaHealth.class).lastProbe() != null);
                ownOllama.stop();
                ChatResponse r = instance.template().requestBody("direct:chat", "one", ChatResponse.class);
                assertThat(r.provider()).isEqualTo("gemini");
                assertThat(r.attempts().get(0).reason()).isEqualTo("connection refused");
                OllamaHealth health = instance.bean("ollamaHealth", OllamaHealth.class);
                assertThat(health.current().status()).isEqualTo(HealthStatus.OFFLINE);
                assertThat(health.current().reason()).isEqualTo("ollama call failed: connection refused");
                assertThat(instance.template().requestBody("direct:chat", "two", ChatResponse.class).attempts())
                        .extracting(Attempt::provider).containsExactly("gemini");
            }
        }
    }

    @Test
    void spentGeminiQuotaSendsPromptsToNemotronWithoutCallingGemini() {
        ollamaOffline();
        GeminiQuotaGate gate = router.bean("geminiQuotaGate", GeminiQuotaGate.class);
        gate.setQuota(gate.peek().count() + 1);
        assertThat(chat("one").provider()).isEqualTo("gemini");
        int geminiCalls = up.geminiCalls();
        ChatResponse r = chat("two");
        assertThat(r.provider()).isEqualTo("nemotron");
        assertThat(r.attempts()).extracting(Attempt::provider).containsExactly("nemotron");
        assertThat(up.geminiCalls()).isEqualTo(geminiCalls);
    }

    @Test
    void badInputIsATypedErrorAndCallsNothing() {
        int before = up.ollamaChatCalls();
        assertThat(chatFailure(null)).isInstanceOf(InvalidChatRequestException.class)
                .hasMessage("no prompt: send a String or a ChatRequest to direct:chat");
        assertThat(chatFailure("   ")).isInstanceOf(InvalidChatRequestException.class).hasMessage("the prompt is empty");
        assertThat(chatFailure(42)).isInstanceOf(InvalidChatRequestException.class)
                .hasMessage("direct:chat takes a String prompt or a ChatRequest, not Integer");
        assertThat(chatFailure(new ChatRequest(List.of(), null, null, null, null)))
                .hasMessage("messages must not be empty");
        assertThat(chatFailure(new ChatRequest(List.of(new ChatMessage("robot", "x"), ChatMessage.user("hi")), null, null, null, null)))
                .hasMessage("messages[0].role: unknown role 'robot' (expected system, user, assistant or tool)");
        assertThat(chatFailure(new ChatRequest(List.of(new ChatMessage("tool", "x"), ChatMessage.user("hi")), null, null, null, null)))
                .hasMessage("messages[0].toolCallId is required in a tool message");
        assertThat(chatFailure(new ChatRequest(List.of(ChatMessage.system("only system")), null, null, null, null)))
                .hasMessage("messages must contain a user message with text");
        assertThat(chatFailure(new ChatRequest(List.of(ChatMessage.user("hi")), null, 0, null, null)))
                .hasMessage("maxTokens must be an integer greater than 0");
        assertThat(chatFailure(new ChatRequest(List.of(ChatMessage.user("hi")), null, null, 3.0, null)))
                .hasMessage("temperature must be a number between 0 and 2");
        assertThat(up.ollamaChatCalls()).isEqualTo(before);
    }

    @Test
    void camelHeadersFromTheCallerCannotRedirectTheCall() {
        ChatResponse r = router.template().requestBodyAndHeaders("direct:chat", "Hi",
                Map.of("CamelHttpUri", "http://127.0.0.1:1/evil", "CamelHttpPath", "/evil", "Authorization", "Bearer stolen"),
                ChatResponse.class);
        assertThat(r.provider()).isEqualTo("ollama");
        up.ollama.server().verify(postRequestedFor(urlEqualTo("/api/chat")).withoutHeader("Authorization"));
    }

    @Test
    void requestTimeoutBoundsTheWholeWalk() {
        Map<String, String> props = new HashMap<>(up.routerProperties());
        props.put("llm.request-timeout", "1s");
        props.put("llm.stream.first-token-timeout", "30s");
        try (RouterInstance slow = RouterInstance.start(props)) {
            ollamaUnhealthyFor(slow);
            up.gemini(json(200, "{}").withFixedDelay(5_000));
            long start = System.nanoTime();
            Throwable e;
            try {
                slow.template().requestBody("direct:chat", "Hi", ChatResponse.class);
                throw new AssertionError("answered");
            } catch (CamelExecutionException ex) {
                e = ex.getCause();
            }
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            assertThat(e).isInstanceOf(RequestTimeoutException.class);
            assertThat(e.getMessage()).startsWith("no answer within llm.request-timeout (1000 ms): gemini failed (timed out after")
                    .contains("nemotron skipped (no time left of llm.request-timeout)")
                    .contains("claude skipped (no time left of llm.request-timeout)");
            assertThat(tookMs).isBetween(900L, 2_500L);
        }
    }

    @Test
    void missingApiKeySkipsTheProviderWithoutCallingIt() {
        Map<String, String> props = new HashMap<>(up.routerProperties());
        props.put("llm.gemini.api-key", "");
        try (RouterInstance noKey = RouterInstance.start(props)) {
            ollamaUnhealthyFor(noKey);
            int before = up.geminiCalls();
            ChatResponse r = noKey.template().requestBody("direct:chat", "Hi", ChatResponse.class);
            assertThat(r.provider()).isEqualTo("nemotron");
            assertThat(r.attempts().get(0)).isEqualTo(new Attempt("gemini", "skipped",
                    "no API key configured (set LLM_GEMINI_API_KEY)", r.attempts().get(0).durationMs()));
            assertThat(up.geminiCalls()).isEqualTo(before);
        }
    }

    @Test
    void aProviderRouteStandsAloneOnWhatItIsGiven() {
        ChatRequest request = ChatRequest.ofPrompt("Hi");
        int geminiBefore = up.geminiCalls();

        // only the request: no walk, no dispatcher state
        Exchange claude = router.template().send("direct:call-claude",
                ex -> ex.setProperty(PropertyNames.REQUEST, request));
        Exchange gemini = router.template().send("direct:call-gemini", ex -> {
            ex.setProperty(PropertyNames.REQUEST, request);
            ex.setProperty(PropertyNames.TIME_BUDGET_MS, 5_000L);
        });

        assertThat(claude.getException()).isNull();
        assertThat(collect(claude.getMessage().getBody(AnswerStream.class))).isEqualTo("Claude says hi.");
        assertThat(claude.getMessage().getHeaders()).as("no header (the API key among them) comes back").isEmpty();
        assertThat(gemini.getException()).isNull();
        assertThat(gemini.getMessage().getBody(AnswerStream.class).facts().provider()).isEqualTo("gemini");
        assertThat(collect(gemini.getMessage().getBody(AnswerStream.class))).isEqualTo("Gemini says hi.");
        assertThat(up.geminiCalls()).as("the quota gate let one call through").isEqualTo(geminiBefore + 1);
        assertThat(router.bean("geminiQuotaGate", GeminiQuotaGate.class).peek().count()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aStandaloneProviderCallFailsWithTheAttemptsReason() {
        up.claude(json(529, Upstreams.CLAUDE_529));

        Exchange claude = router.template().send("direct:call-claude",
                ex -> ex.setProperty(PropertyNames.REQUEST, ChatRequest.ofPrompt("Hi")));

        assertThat(claude.getException()).isInstanceOf(ProviderCallException.class)
                .hasMessage("overloaded, HTTP 529: overloaded_error: Overloaded");
        assertThat(claude.getMessage().getHeaders()).doesNotContainKey("x-api-key");
    }

    /** The whole text of a provider route's answer stream. */
    private static String collect(AnswerStream stream) {
        CompletableFuture<String> done = new CompletableFuture<>();
        StringBuilder text = new StringBuilder();
        stream.listen(new AnswerListener() {
            @Override
            public void text(String delta) {
                text.append(delta);
            }

            @Override
            public void toolCall(io.llmfailover.router.chat.ToolCallDelta delta) {
                text.append("[tool call ").append(delta.name()).append(']');
            }

            @Override
            public void completed(AnswerStream s) {
                done.complete(text.toString());
            }

            @Override
            public void interrupted(AnswerStream s, StreamFailure failure) {
                done.completeExceptionally(new AssertionError(failure.toString()));
            }
        });
        return done.orTimeout(10, TimeUnit.SECONDS).join();
    }
}
