package io.llmfailover.router.dispatch;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.llmfailover.router.chat.Attempt;
import io.llmfailover.router.chat.ChatMessage;
import io.llmfailover.router.chat.ChatRequest;
import io.llmfailover.router.chat.ChatResponse;
import io.llmfailover.router.chat.ContentFilteredException;
import io.llmfailover.router.core.HealthStatus;
import io.llmfailover.router.health.HealthReport;
import io.llmfailover.router.health.ProviderBreakers;
import io.llmfailover.router.support.RouterInstance;
import io.llmfailover.router.support.StreamBodies;
import io.llmfailover.router.support.TelegramStub;
import io.llmfailover.router.support.Upstreams;
import org.apache.camel.CamelExecutionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The README's table "When a provider fails", row by row, for each provider in its own error format, against stubs at
 * the wire: how many calls each provider got, the pauses between them (from the stub's request log), who answered,
 * what the client is told, the alert and the metric.
 */
class ErrorTaxonomyTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static Upstreams up;
    static TelegramStub telegram;
    static RouterInstance router;

    /** Each provider: its stub, its chat path, its stream format, and how it words each kind of error. */
    enum P {
        OLLAMA("ollama", "/api/chat", StreamBodies.Api.OLLAMA),
        GEMINI("gemini", Upstreams.GEMINI_PATH, StreamBodies.Api.GEMINI),
        NEMOTRON("nemotron", "/v1/chat/completions", StreamBodies.Api.NVIDIA),
        CLAUDE("claude", "/v1/messages", StreamBodies.Api.CLAUDE);

        final String id;
        final String path;
        final StreamBodies.Api api;

        P(String id, String path, StreamBodies.Api api) {
            this.id = id;
            this.path = path;
            this.api = api;
        }

        WireMockServer server() {
            return switch (this) {
                case OLLAMA -> up.ollama.server();
                case GEMINI -> up.gemini;
                case NEMOTRON -> up.nvidia;
                case CLAUDE -> up.anthropic;
            };
        }

        ResponseDefinitionBuilder ok() {
            return Upstreams.stream(api, id + " answers.");
        }

        /** An error answer in this provider's own format. */
        ResponseDefinitionBuilder error(int status, String message) {
            String body = switch (this) {
                case OLLAMA -> "{\"error\":" + q(message) + "}";
                case GEMINI -> "{\"error\":{\"code\":" + status + ",\"message\":" + q(message) + ",\"status\":\""
                        + switch (status) {
                            case 400 -> "INVALID_ARGUMENT";
                            case 404 -> "NOT_FOUND";
                            case 429 -> "RESOURCE_EXHAUSTED";
                            case 503 -> "UNAVAILABLE";
                            default -> "INTERNAL";
                        } + "\"}}";
                case NEMOTRON -> "{\"error\":{\"message\":" + q(message) + ",\"type\":\"invalid_request_error\","
                        + "\"param\":null,\"code\":null}}";
                case CLAUDE -> "{\"type\":\"error\",\"error\":{\"type\":\"" + switch (status) {
                    case 400 -> "invalid_request_error";
                    case 401 -> "authentication_error";
                    case 404 -> "not_found_error";
                    case 429 -> "rate_limit_error";
                    case 529 -> "overloaded_error";
                    default -> "api_error";
                } + "\",\"message\":" + q(message) + "},\"request_id\":\"req_011CSHoEeqs5C35K2UUqR7Fy\"}";
            };
            return Upstreams.json(status, body);
        }

        /** A 429 asking to wait this many seconds: Gemini in its RetryInfo, the others in Retry-After. */
        ResponseDefinitionBuilder rateLimited(int seconds) {
            if (this == GEMINI) {
                return Upstreams.json(429, "{\"error\":{\"code\":429,\"message\":\"Resource has been exhausted (e.g. "
                        + "check quota).\",\"status\":\"RESOURCE_EXHAUSTED\",\"details\":[{\"@type\":"
                        + "\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"" + seconds + "s\"}]}}");
            }
            return error(429, "Too many requests").withHeader("Retry-After", Integer.toString(seconds));
        }

        /** This provider's own words for a prompt longer than the model's context window. */
        ResponseDefinitionBuilder tooLarge() {
            return switch (this) {
                case OLLAMA -> error(400, "the input length exceeds the context length");
                case GEMINI -> error(400, "The input token count (1200000) exceeds the maximum number of tokens "
                        + "allowed (1048576).");
                case NEMOTRON -> Upstreams.json(400, "{\"error\":{\"message\":\"This model's maximum context length is "
                        + "4096 tokens. However, you requested 5000 tokens.\",\"type\":\"invalid_request_error\","
                        + "\"param\":\"messages\",\"code\":\"context_length_exceeded\"}}");
                case CLAUDE -> error(400, "prompt is too long: 215000 tokens > 200000 maximum");
            };
        }

        /** This provider's wrong-key answer. */
        ResponseDefinitionBuilder badKey() {
            return switch (this) {
                case OLLAMA -> error(401, "unauthorized");
                case GEMINI -> Upstreams.json(400, Upstreams.GEMINI_KEY_INVALID);
                case NEMOTRON -> Upstreams.json(401, "{\"status\":401,\"title\":\"Unauthorized\",\"detail\":"
                        + "\"Authentication failed\"}");
                case CLAUDE -> error(401, "invalid x-api-key");
            };
        }

        /** This provider's content-policy refusal (none for Ollama), as its API sends it. */
        ResponseDefinitionBuilder refusal() {
            return switch (this) {
                case OLLAMA -> throw new IllegalStateException("Ollama has no content filter");
                case GEMINI -> Upstreams.sse("data: " + Upstreams.GEMINI_BLOCKED + "\r\n\r\n");
                case NEMOTRON -> Upstreams.json(400, "{\"error\":{\"message\":\"Your request was rejected as a result "
                        + "of our safety system.\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":"
                        + "\"content_policy_violation\"}}");
                case CLAUDE -> Upstreams.sse("event: message_start\ndata: {\"type\":\"message_start\",\"message\":{"
                        + "\"id\":\"msg_01\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[],\"model\":"
                        + "\"claude-haiku-4-5-20251001\",\"stop_reason\":null,\"usage\":{\"input_tokens\":16,"
                        + "\"output_tokens\":1}}}\n\nevent: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":"
                        + "{\"stop_reason\":\"refusal\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":1}}\n\n"
                        + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
            };
        }

        List<LoggedRequest> calls() {
            List<LoggedRequest> all = new ArrayList<>(server().findAll(postRequestedFor(urlEqualTo(path))));
            all.sort(java.util.Comparator.comparing(LoggedRequest::getLoggedDate));
            return all;
        }

        /** Milliseconds between the provider's first and second call. */
        long gapMs() {
            List<LoggedRequest> c = calls();
            return c.get(1).getLoggedDate().getTime() - c.get(0).getLoggedDate().getTime();
        }

        void answers(ResponseDefinitionBuilder response) {
            server().stubFor(post(urlEqualTo(path)).willReturn(response));
        }

        /** The first call gets {@code first}, every later one {@code then}. */
        void answersFirst(ResponseDefinitionBuilder first, ResponseDefinitionBuilder then) {
            server().stubFor(post(urlEqualTo(path)).inScenario(id).whenScenarioStateIs(STARTED).willReturn(first)
                    .willSetStateTo("again"));
            server().stubFor(post(urlEqualTo(path)).inScenario(id).whenScenarioStateIs("again").willReturn(then));
        }

        static String q(String s) {
            return "\"" + s.replace("\"", "\\\"") + "\"";
        }
    }

    @BeforeAll
    static void startRouter() {
        up = new Upstreams().allHealthy();
        telegram = new TelegramStub();
        telegram.ok();
        Map<String, String> props = new HashMap<>(up.routerPropertiesWithEveryProvider(Map.of("llm.request-timeout", "20s",
                "llm.retry.pause", "250ms")));
        props.putAll(telegram.routerProperties());
        router = RouterInstance.startProbed(props);
    }

    @AfterAll
    static void stopRouter() {
        router.close();
        telegram.close();
        up.close();
    }

    @BeforeEach
    void everyProviderAnswers() {
        afresh(router, up);
    }

    /** Every stub answers, Ollama is HEALTHY again (llm.health.recovery-probes is 1), every breaker is closed. */
    static void afresh(RouterInstance router, Upstreams up) {
        up.allHealthy();
        assertThat(router.template().requestBody("direct:check-health", null, HealthReport.class).status())
                .isEqualTo(HealthStatus.HEALTHY);
        router.bean("providerBreakers", ProviderBreakers.class).reset();
    }

    static ChatResponse ask(P p) {
        return ask(router, p.id);
    }

    /** A prompt that names the provider to ask first. */
    static ChatResponse ask(RouterInstance router, String provider) {
        return router.template().requestBody("direct:chat", new ChatRequest(List.of(ChatMessage.user("Hi")), null,
                null, null, provider), ChatResponse.class);
    }

    static Stream<Arguments> transientErrors() {
        return Stream.of(P.values()).flatMap(p -> Stream.of(
                Arguments.of(p, "500", p.error(500, "Internal error encountered.")),
                Arguments.of(p, "503", p == P.OLLAMA
                        ? p.error(503, "server busy, please try again.  maximum pending requests exceeded")
                        : p.error(503, "The model is overloaded. Please try again later.")),
                Arguments.of(p, "connection reset", aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER))));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("transientErrors")
    void aTransientErrorIsTriedOnceMoreAfterAJitteredPause(P p, String what, ResponseDefinitionBuilder error) {
        p.answersFirst(error, p.ok());
        ChatResponse r = ask(p);
        assertThat(r.provider()).isEqualTo(p.id);
        assertThat(r.text()).isEqualTo(p.id + " answers.");
        assertThat(r.attempts()).extracting(Attempt::provider, Attempt::outcome)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(p.id, Attempt.FAILED),
                        org.assertj.core.groups.Tuple.tuple(p.id, Attempt.SUCCESS));
        assertThat(r.attempts().get(0).reason()).containsPattern("\\(tried again after \\d+ ms\\)$");
        assertThat(p.calls()).hasSize(2);
        // llm.retry.pause is 250 ms, jittered between half and one and a half of it
        assertThat(p.gapMs()).isGreaterThanOrEqualTo(125);
        if (p == P.OLLAMA) {
            assertThat(router.bean("ollamaHealth", io.llmfailover.router.health.OllamaHealth.class).current().status())
                    .as("one transient error that the retry answered says nothing about Ollama's health")
                    .isEqualTo(HealthStatus.HEALTHY);
        }
    }

    @ParameterizedTest
    @EnumSource(P.class)
    void aTransientErrorThatComesBackMovesOnAfterTwoCalls(P p) {
        p.answers(p.error(500, "Internal error encountered."));
        ChatResponse r = ask(p);
        assertThat(r.provider()).isNotEqualTo(p.id);
        assertThat(r.attempts().subList(0, 2)).extracting(Attempt::provider).containsExactly(p.id, p.id);
        assertThat(p.calls()).hasSize(2);
    }

    @ParameterizedTest
    @EnumSource(P.class)
    void aRateLimitWithAShortWaitIsTriedAgainAfterThatWait(P p) {
        p.answersFirst(p.rateLimited(1), p.ok());
        ChatResponse r = ask(p);
        assertThat(r.provider()).as(r.attempts().toString()).isEqualTo(p.id);
        assertThat(r.attempts().get(0).reason()).startsWith("rate limited, HTTP 429").endsWith("(tried again after 1000 ms)");
        assertThat(p.calls()).hasSize(2);
        assertThat(p.gapMs()).as("the provider's own wait").isGreaterThanOrEqualTo(1000);
    }

    @ParameterizedTest
    @EnumSource(value = P.class, names = { "OLLAMA", "NEMOTRON", "CLAUDE" })
    void aTransientErrorWithItsOwnShortRetryAfterIsTriedAgainAfterThatWait(P p) {
        p.answersFirst(p.error(503, "Service unavailable").withHeader("Retry-After", "1"), p.ok());
        ChatResponse r = ask(p);
        assertThat(r.provider()).isEqualTo(p.id);
        assertThat(r.attempts().get(0).reason()).endsWith("(tried again after 1000 ms)");
        assertThat(p.gapMs()).isGreaterThanOrEqualTo(1000);
    }

    @Test
    void providersDecliningForDifferentReasonsGiveAPlain400() throws Exception {
        P.OLLAMA.answers(P.OLLAMA.tooLarge());
        for (P p : List.of(P.GEMINI, P.NEMOTRON, P.CLAUDE)) {
            p.answers(p.error(400, "Invalid value for 'temperature'"));
        }
        var r = router.postJson("/v1/chat/completions", "{\"model\":\"ollama\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"Hi\"}]}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        JsonNode error = JSON.readTree(r.body()).path("error");
        assertThat(error.path("code").isNull()).as("no code: the providers disagree on why").isTrue();
        assertThat(error.path("message").asText()).startsWith("the request is invalid for every provider that was asked; "
                + "ollama said: HTTP 400: the input length exceeds the context length");
    }

    static Stream<Arguments> persistentErrors() {
        return Stream.concat(Stream.of(P.values()).flatMap(p -> Stream.of(
                Arguments.of(p, "429 asking for 30 s", p.rateLimited(30)),
                Arguments.of(p, "429 without a wait", p.error(429, "Too many requests")),
                Arguments.of(p, "504", p.error(504, "Deadline expired")))),
                Stream.of(Arguments.of(P.CLAUDE, "529 overloaded", Upstreams.json(529, Upstreams.CLAUDE_529))));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("persistentErrors")
    void aPersistentErrorMovesOnAtOnce(P p, String what, ResponseDefinitionBuilder error) {
        p.answers(error);
        ChatResponse r = ask(p);
        assertThat(r.provider()).isNotEqualTo(p.id);
        assertThat(r.attempts().get(0).provider()).isEqualTo(p.id);
        assertThat(r.attempts().get(1).provider()).as("no retry").isNotEqualTo(p.id);
        assertThat(p.calls()).hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(P.class)
    void aRequestTooLargeForTheModelMovesOnWithoutRetry(P p) {
        p.answers(p.tooLarge());
        ChatResponse r = ask(p);
        assertThat(r.provider()).isNotEqualTo(p.id);
        assertThat(p.calls()).hasSize(1);
        assertThat(router.bean("ollamaHealth", io.llmfailover.router.health.OllamaHealth.class).current().status())
                .isEqualTo(HealthStatus.HEALTHY);
    }

    @Test
    void aRequestTooLargeForEveryProviderIsA400ThatSaysSo() throws Exception {
        for (P p : P.values()) {
            p.answers(p.tooLarge());
        }
        var r = router.postJson("/v1/chat/completions", "{\"model\":\"ollama\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"Hi\"}]}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        JsonNode error = JSON.readTree(r.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("context_length_exceeded");
        assertThat(error.path("param").asText()).isEqualTo("messages");
        assertThat(error.path("message").asText()).isEqualTo("the request is too large for every provider that was "
                + "asked; ollama said: HTTP 400: the input length exceeds the context length");
    }

    @Test
    void anInvalidRequestForEveryProviderIsA400WithTheFirstReason() throws Exception {
        for (P p : P.values()) {
            p.answers(p.error(400, "Invalid value for 'temperature'"));
        }
        var r = router.postJson("/api/chat", "{\"model\":\"claude\",\"stream\":false,\"messages\":[{\"role\":\"user\","
                + "\"content\":\"Hi\"}]}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(JSON.readTree(r.body()).path("error").asText()).isEqualTo("the request is invalid for every "
                + "provider that was asked; claude said: HTTP 400: invalid_request_error: Invalid value for 'temperature'");
        for (P p : P.values()) {
            assertThat(p.calls()).as(p.id + " asked once").hasSize(1);
        }
    }

    @ParameterizedTest
    @EnumSource(value = P.class, names = { "GEMINI", "NEMOTRON", "CLAUDE" })
    void aContentPolicyRefusalIsFinalAndTheClientIsToldWhy(P p) throws Exception {
        p.answers(p.refusal());
        assertThatThrownBy(() -> ask(p)).isInstanceOf(CamelExecutionException.class)
                .cause().isInstanceOf(ContentFilteredException.class)
                .hasMessageStartingWith(p.id + " declined the request on content-policy grounds: ");
        var r = router.postJson("/v1/chat/completions", "{\"model\":\"" + p.id + "\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"Hi\"}]}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        JsonNode error = JSON.readTree(r.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("content_filter");
        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
        var o = router.postJson("/api/chat", "{\"model\":\"" + p.id + "\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"Hi\"}]}");
        assertThat(o.statusCode()).as(o.body()).isEqualTo(400);
        assertThat(JSON.readTree(o.body()).path("error").asText()).contains("content-policy");
        assertThat(p.calls()).hasSize(3);
        for (P other : P.values()) {
            if (other != p) {
                assertThat(other.calls()).as("no other provider is asked").isEmpty();
            }
        }
    }

    @Test
    void anOpenAiStreamThatOnlySaysContentFilterIsARefusalNotAnEmptyAnswer() {
        P.NEMOTRON.answers(Upstreams.sse("data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":"
                + "1726012687,\"model\":\"nvidia/nemotron-mini-4b-instruct\",\"choices\":[{\"index\":0,\"delta\":{},"
                + "\"finish_reason\":\"content_filter\"}]}\n\ndata: [DONE]\n\n"));
        assertThatThrownBy(() -> ask(P.NEMOTRON)).cause().isInstanceOf(ContentFilteredException.class)
                .hasMessage("nemotron declined the request on content-policy grounds: declined by the provider's "
                        + "content policy (finish reason content_filter)");
    }

    static Stream<Arguments> operatorErrors() {
        return Stream.of(
                Arguments.of(P.GEMINI, "auth", P.GEMINI.badKey(), "rejects the router's API key (set LLM_GEMINI_API_KEY)"),
                Arguments.of(P.NEMOTRON, "auth", P.NEMOTRON.badKey(), "rejects the router's API key (set LLM_NEMOTRON_API_KEY)"),
                Arguments.of(P.CLAUDE, "auth", P.CLAUDE.badKey(), "rejects the router's API key (set LLM_CLAUDE_API_KEY)"),
                Arguments.of(P.OLLAMA, "auth", P.OLLAMA.error(401, "unauthorized"),
                        "refuses the router's requests (Ollama takes no key: check what stands in front of it)"),
                Arguments.of(P.OLLAMA, "model", P.OLLAMA.error(404, "model 'llama3.2:3b' not found"),
                        "does not know the model llama3.2:3b (llm.providers.ollama.model)"),
                Arguments.of(P.GEMINI, "model", Upstreams.json(404, Upstreams.GEMINI_404),
                        "does not know the model gemini-1.5-flash (llm.providers.gemini.model)"),
                Arguments.of(P.NEMOTRON, "model", Upstreams.json(404, "{\"status\":404,\"title\":\"Not Found\","
                        + "\"detail\":\"Function 'x': Not found for account 'y'\"}"),
                        "does not know the model nvidia/nemotron-mini-4b-instruct (llm.providers.nemotron.model)"),
                Arguments.of(P.CLAUDE, "model", P.CLAUDE.error(404, "model: claude-haiku-4-5-20251001"),
                        "does not know the model claude-haiku-4-5-20251001 (llm.providers.claude.model)"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("operatorErrors")
    void aWrongKeyOrAMissingModelMovesOnAndIsAlertedOnce(P p, String kind, ResponseDefinitionBuilder error,
            String alert) {
        p.answers(error);
        String headline = "LLM provider needs an operator: " + p.id + " " + alert;
        // Ollama's failure also marks it DEGRADED (passive health): the next prompts leave it out of the chain
        int calls = p == P.OLLAMA ? 1 : 3;
        double deduplicated = metric("llm_alerts_total\\{outcome=\"deduplicated\",type=\"provider_error\"\\}");
        for (int i = 0; i < 3; i++) {
            ChatResponse r = ask(p);
            assertThat(r.provider()).isNotEqualTo(p.id);
            assertThat(r.attempts().get(0).provider()).as(i + ": " + r.attempts())
                    .isEqualTo(i < calls ? p.id : "gemini");
        }
        assertThat(p.calls()).as("no retry").hasSize(calls);
        await().until(() -> telegram.delivered(headline).size() == 1);
        // the others were deduplicated (counted), not sent
        await().until(() -> metric("llm_alerts_total\\{outcome=\"deduplicated\",type=\"provider_error\"\\}")
                >= deduplicated + calls - 1);
        assertThat(telegram.delivered(headline)).hasSize(1);
        assertThat(telegram.delivered(headline).get(0)).doesNotContain(Upstreams.GEMINI_KEY, Upstreams.NVIDIA_KEY,
                Upstreams.CLAUDE_KEY);
    }

    @Test
    void everyFailedAttemptIsCountedWithItsKind() throws Exception {
        P.GEMINI.answers(P.GEMINI.error(500, "Internal error encountered."));
        P.NEMOTRON.answers(P.NEMOTRON.tooLarge());
        double transientBefore = metric("llm_provider_failures_total\\{class=\"transient\",provider=\"gemini\"\\}");
        double tooLargeBefore = metric("llm_provider_failures_total\\{class=\"too_large\",provider=\"nemotron\"\\}");
        ask(P.GEMINI);
        ask(P.NEMOTRON);
        assertThat(metric("llm_provider_failures_total\\{class=\"transient\",provider=\"gemini\"\\}"))
                .isEqualTo(transientBefore + 2);
        assertThat(metric("llm_provider_failures_total\\{class=\"too_large\",provider=\"nemotron\"\\}"))
                .isEqualTo(tooLargeBefore + 1);
    }

    /** The value of the first Prometheus sample matching this pattern (0 when there is none yet). */
    static double metric(String pattern) {
        String text = RouterInstance.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:"
                + router.managementPort() + "/observe/metrics")).GET().build()).body();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^" + pattern + " (\\S+)$").matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
