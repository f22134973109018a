package io.llmfailover.router.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmfailover.router.chat.Attempt;
import io.llmfailover.router.chat.ChatResponse;
import io.llmfailover.router.core.HealthStatus;
import io.llmfailover.router.health.HealthReport;
import io.llmfailover.router.health.OllamaHealth;
import io.llmfailover.router.metrics.RouterMetrics;
import io.llmfailover.router.quota.GeminiQuotaGate;
import io.llmfailover.router.support.RouterInstance;
import io.llmfailover.router.support.StreamingStub.Ending;
import io.llmfailover.router.support.StreamingStub.Script;
import io.llmfailover.router.support.StreamingStub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Streams end to end: the four providers stream in their own formats from stubs over loopback, with a delay between
 * events, and go wrong on demand; clients read the doors' streams as they come. docs/streaming.md.
 */
class StreamingTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String ANSWER = "The quick brown fox jumps over the lazy dog.";
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    static final Map<String, StreamingStub> STUBS = new HashMap<>();
    static RouterInstance router;

    @BeforeAll
    static void start() {
        STUBS.putAll(StreamingStub.forEveryProvider());
        router = RouterInstance.start(properties(Map.of()));
    }

    static Map<String, String> properties(Map<String, String> more) {
        Map<String, String> p = new HashMap<>(StreamingStub.routerProperties(STUBS));
        p.put("llm.stream.first-token-timeout", "1s");
        p.put("llm.stream.idle-timeout", "1s");
        p.put("llm.request-timeout", "20s");
        // these tests break a provider's streams hundreds of times on purpose: its breaker stays closed for them
        // (ProviderBreakersTest covers the breakers)
        p.put("llm.breaker.failures", "1000");
        p.putAll(more);
        return p;
    }

    @AfterAll
    static void stop() {
        router.close();
        STUBS.values().forEach(StreamingStub::close);
    }

    @BeforeEach
    void everyProviderStreamsTheAnswer() {
        STUBS.forEach((id, stub) -> stub.answer(Script.complete(id + " says: " + ANSWER, 20)));
        router.bean("geminiQuotaGate", GeminiQuotaGate.class).setQuota(1_000_000);
        // each test starts with every breaker closed (ProviderBreakersTest covers them)
        router.bean("providerBreakers", io.llmfailover.router.health.ProviderBreakers.class).reset();
        assertThat(router.template().requestBody("direct:check-health", null, HealthReport.class).status())
                .isEqualTo(HealthStatus.HEALTHY);
    }

    // ---- tokens as they come -------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(names = { "ollama", "gemini", "nemotron", "claude" }, value = Provider.class)
    void theOpenAiDoorSendsEachTokenAsTheProviderWritesIt(Provider provider) throws Exception {
        STUBS.get(provider.id).answer(Script.complete(ANSWER, 80));
        Streamed s = post("/v1/chat/completions", openAi(provider.id, true));

        assertThat(s.status).isEqualTo(200);
        assertThat(s.header("X-LLM-Provider")).isEqualTo(provider.id);
        assertThat(s.header("Content-Type")).startsWith("text/event-stream");
        List<Line> content = s.contentLines();
        assertThat(content).as("one chunk per piece of text").hasSizeGreaterThan(5);
        assertThat(content.get(content.size() - 1).atMs - content.get(0).atMs)
                .as("spread over time, as the provider wrote them").isGreaterThanOrEqualTo(300);
        assertThat(s.openAiText()).isEqualTo(ANSWER);
        assertThat(s.lastEvent()).isEqualTo("data: [DONE]");
    }

    @ParameterizedTest
    @EnumSource(names = { "ollama", "gemini", "nemotron", "claude" }, value = Provider.class)
    void theOllamaDoorSendsEachTokenAsTheProviderWritesIt(Provider provider) throws Exception {
        STUBS.get(provider.id).answer(Script.complete(ANSWER, 80));
        Streamed s = post("/api/chat", "{\"model\":\"" + provider.id + "\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"Go\"}]}");

        assertThat(s.status).isEqualTo(200);
        assertThat(s.header("X-LLM-Provider")).isEqualTo(provider.id);
        List<JsonNode> lines = s.json();
        assertThat(lines.size()).isGreaterThan(5);
        assertThat(s.lines.get(s.lines.size() - 2).atMs - s.lines.get(0).atMs).isGreaterThanOrEqualTo(300);
        StringBuilder text = new StringBuilder();
        lines.forEach(l -> text.append(l.at("/message/content").asText()));
        assertThat(text.toString()).isEqualTo(ANSWER);
        JsonNode done = lines.get(lines.size() - 1);
        assertThat(done.get("done").asBoolean()).isTrue();
        assertThat(done.get("eval_count").asLong()).isPositive();
        assertThat(done.get("eval_duration").asLong()).isGreaterThan(300_000_000L);
    }

    // ---- failover before the first token ---------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(names = { "ollama", "gemini", "nemotron", "claude" }, value = Provider.class)
    void beforeTheFirstTokenEveryFailureMovesOnToTheNextProvider(Provider provider) throws Exception {
        List<Script> failures = List.of(
                Script.status(500, "{\"error\":\"boom\"}"),
                Script.failing(ANSWER, 10, 0, Ending.CUT),
                Script.failing(ANSWER, 10, 0, Ending.ERROR),
                Script.failing(ANSWER, 10, 0, Ending.MALFORMED),
                Script.failing(ANSWER, 10, 0, Ending.STALL));
        List<String> reasons = List.of("HTTP 500", "(connection closed|the stream ended) .*",
                "error event before the first token", "malformed first event", "no first token within 1 s");
        // a 500 and a stream that ends before its first token are transient: the provider is tried once more first
        List<String> attempts = List.of("3", "3", "2", "2", "2");
        for (int i = 0; i < failures.size(); i++) {
            STUBS.get(provider.id).answer(failures.get(i));
            Streamed s = post("/v1/chat/completions", openAi(provider.id, true));
            assertThat(s.status).isEqualTo(200);
            assertThat(s.header("X-LLM-Provider")).as(reasons.get(i)).isNotEqualTo(provider.id);
            assertThat(s.header("X-LLM-Attempts")).as(reasons.get(i)).isEqualTo(attempts.get(i));
            assertThat(s.openAiText()).isEqualTo(s.header("X-LLM-Provider") + " says: " + ANSWER);
            assertThat(s.lastEvent()).isEqualTo("data: [DONE]");
            probeHealthy();
            ChatResponse r = router.template().requestBody("direct:chat",
                    new io.llmfailover.router.chat.ChatRequest(List.of(io.llmfailover.router.chat.ChatMessage.user("Go")),
                            null, null, null, provider.id), ChatResponse.class);
            assertThat(r.attempts().get(0).reason()).as("a collected answer fails over alike: " + r.attempts())
                    .containsPattern(reasons.get(i));
            everyProviderStreamsTheAnswer();
        }
    }

    // ---- after the commit ------------------------------------------------------------------------------------

    @Test
    void aStreamCutAfterTheCommitIsContinuedByTheNextProviderThatTakesAPrefill() throws Exception {
        STUBS.get("ollama").answer(Script.failing(ANSWER, 10, 3, Ending.CUT));
        STUBS.get("gemini").continuing(ANSWER, 10);
        Streamed s = post("/v1/chat/completions", openAi("auto", true));

        assertThat(s.header("X-LLM-Provider")).isEqualTo("ollama");
        assertThat(s.openAiText()).as("one answer, nothing repeated at the seam").isEqualTo(ANSWER);
        assertThat(s.lastEvent()).isEqualTo("data: [DONE]");
        assertThat(s.events().get(s.events().size() - 1).at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(s.events().stream().map(e -> e.path("model").asText())).contains("llama3.2:3b", "gemini-2.0-flash");
        JsonNode continuation = STUBS.get("gemini").requests().get(STUBS.get("gemini").requests().size() - 1);
        assertThat(STUBS.get("gemini").prefill(continuation)).isEqualTo("The quick brown");
    }

    @Test
    void aStalledStreamIsContinuedAtTheOllamaDoorToo() throws Exception {
        STUBS.get("ollama").answer(Script.failing(ANSWER, 10, 4, Ending.STALL));
        STUBS.get("gemini").continuing(ANSWER, 10);
        Streamed s = post("/api/chat", "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"Go\"}]}");
        StringBuilder text = new StringBuilder();
        s.json().forEach(l -> text.append(l.at("/message/content").asText()));
        assertThat(text.toString()).isEqualTo(ANSWER);
        assertThat(s.json().get(s.json().size() - 1).get("done").asBoolean()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(value = Ending.class, names = { "CUT", "STALL", "ERROR", "MALFORMED", "NO_TERMINATOR" })
    void aBreakThatNothingCanContinueEndsWithAnErrorNamingItAndNoTerminator(Ending ending) throws Exception {
        STUBS.get("ollama").answer(Script.failing(ANSWER, 10, 3, ending));
        // every provider that takes a prefill refuses it
        STUBS.get("gemini").answer(Script.status(400, "{\"error\":{\"code\":400,\"message\":\"prefill refused\"}}"));
        STUBS.get("claude").answer(Script.status(400, "{\"type\":\"error\",\"error\":{\"type\":"
                + "\"invalid_request_error\",\"message\":\"prefill refused\"}}"));
        String reason = switch (ending) {
            case STALL -> "ollama stream stalled for 1 s after 3 tokens";
            case ERROR -> "ollama stream error event after 3 tokens";
            case MALFORMED -> "ollama malformed stream event after 3 tokens";
            default -> "ollama stream cut after 3 tokens";
        };

        Streamed openAi = post("/v1/chat/completions", openAi("auto", true));
        JsonNode last = openAi.events().get(openAi.events().size() - 1);
        assertThat(last.at("/error/message").asText()).startsWith(reason).contains("prefill refused");
        assertThat(openAi.body()).doesNotContain("[DONE]").doesNotContain("\"finish_reason\":\"stop\"");
        assertThat(openAi.openAiText()).isEqualTo("The quick brown");

        probeHealthy();
        Streamed ollama = post("/api/chat", "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"Go\"}]}");
        JsonNode end = ollama.json().get(ollama.json().size() - 1);
        assertThat(end.get("error").asText()).startsWith(reason);
        assertThat(ollama.body()).doesNotContain("\"done\":true");
    }

    @Test
    void anAnswerThatEndsWithoutItsTerminatorAfterItsFinalEventIsComplete() throws Exception {
        STUBS.get("nemotron").answer(Script.failing(ANSWER, 10, 100, Ending.NO_TERMINATOR));
        Streamed s = post("/v1/chat/completions", openAi("nemotron", true));
        assertThat(s.header("X-LLM-Provider")).isEqualTo("nemotron");
        assertThat(s.openAiText()).isEqualTo(ANSWER);
        assertThat(s.lastEvent()).isEqualTo("data: [DONE]");
    }

    @Test
    void aCollectedAnswerComesWholeFromOneProvider() {
        STUBS.get("ollama").answer(Script.failing(ANSWER, 10, 3, Ending.CUT));
        ChatResponse r = router.template().requestBody("direct:chat", "Go", ChatResponse.class);
        assertThat(r.provider()).isEqualTo("gemini");
        assertThat(r.text()).isEqualTo("gemini says: " + ANSWER);
        assertThat(r.attempts()).extracting(Attempt::reason).first().asString()
                .startsWith("stream cut after 3 tokens");
    }

    // ---- in-JVM callers --------------------------------------------------------------------------------------

    @Test
    void aCamelSplitWalksTheAnswerPieceByPieceAsItComes() throws Exception {
        STUBS.get("ollama").answer(Script.complete(ANSWER, 60));
        List<Long> at = new java.util.concurrent.CopyOnWriteArrayList<>();
        StringBuilder text = new StringBuilder();
        router.context().addRoutes(new org.apache.camel.builder.RouteBuilder() {
            @Override
            public void configure() {
                from("direct:test-consume-stream").routeId("test-consume-stream")
                        .to("direct:chat-stream")
                        .split(body()).streaming()
                        .process(e -> {
                            at.add(System.nanoTime() / 1_000_000);
                            synchronized (text) {
                                text.append(e.getMessage().getBody(String.class));
                            }
                        });
            }
        });
        org.apache.camel.Exchange done = router.template().request("direct:test-consume-stream",
                e -> e.getMessage().setBody("Go"));
        assertThat(done.getException()).isNull();
        assertThat(done.getMessage().getHeader("X-LLM-Provider")).isEqualTo("ollama");
        assertThat(text.toString()).isEqualTo(ANSWER);
        assertThat(at).hasSizeGreaterThan(5);
        assertThat(at.get(at.size() - 1) - at.get(0)).isGreaterThanOrEqualTo(300);
    }

    @Test
    void anInJvmStreamThatBreaksForGoodThrowsNamingTheBreak() {
        STUBS.get("ollama").answer(Script.failing(ANSWER, 10, 3, Ending.CUT));
        STUBS.get("gemini").answer(Script.status(400, "{\"error\":{\"code\":400,\"message\":\"prefill refused\"}}"));
        STUBS.get("claude").answer(Script.status(400, "{\"type\":\"error\",\"error\":{\"type\":"
                + "\"invalid_request_error\",\"message\":\"prefill refused\"}}"));
        io.llmfailover.router.dispatch.AnswerChunks chunks = router.template().requestBody("direct:chat-stream", "Go",
                io.llmfailover.router.dispatch.AnswerChunks.class);
        StringBuilder text = new StringBuilder();
        assertThatThrownBy(() -> chunks.forEachRemaining(text::append))
                .isInstanceOf(io.llmfailover.router.chat.StreamInterruptedException.class)
                .hasMessageStartingWith("ollama stream cut after 3 tokens");
        assertThat(text.toString()).isEqualTo("The quick brown");
    }

    @Test
    void anInJvmStreamWithNoProviderLeftIsTheTypedErrorOfDirectChat() {
        STUBS.values().forEach(stub -> stub.answer(Script.status(503, "{\"error\":\"busy\"}")));
        assertThatThrownBy(() -> router.template().requestBody("direct:chat-stream", "Go"))
                .hasCauseInstanceOf(io.llmfailover.router.chat.AllProvidersFailedException.class);
    }

    // ---- the client goes away --------------------------------------------------------------------------------

    @Test
    void aClientThatHangsUpCancelsTheUpstreamCall() throws Exception {
        StreamingStub claude = STUBS.get("claude");
        claude.answer(Script.complete(ANSWER.repeat(20), 50));
        int closedBefore = claude.closedEarly();
        double goneBefore = metrics().count("llm.stream.outcomes", "provider", "claude", "outcome", "client_gone");
        HttpResponse<InputStream> r = HTTP.send(request("/v1/chat/completions", openAi("claude", true)),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = r.body()) {
            assertThat(in.read(new byte[64])).isPositive();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> claude.closedEarly() > closedBefore);
        await().atMost(Duration.ofSeconds(10)).until(() -> metrics().count("llm.stream.outcomes", "provider", "claude",
                "outcome", "client_gone") > goneBefore);
    }

    @Test
    void thousandsOfBrokenAndAbandonedStreamsLeaveNoConnectionOrThreadBehind() throws Exception {
        // Claude streams (no passive health to move it out of the chain); each prompt says how its stream goes
        // wrong; nothing continues it (every prefill is refused)
        StreamingStub claude = STUBS.get("claude");
        claude.answer(body -> switch (body.at("/messages/0/content").asText()) {
            case "cut" -> Script.failing(ANSWER, 5, 3, Ending.CUT);
            case "stall" -> Script.failing(ANSWER, 5, 3, Ending.STALL);
            default -> Script.complete(ANSWER.repeat(50), 20);
        });
        for (String p : List.of("ollama", "gemini")) {
            STUBS.get(p).answer(body -> STUBS.get(p).prefill(body) != null
                    ? Script.status(400, "{\"error\":{\"code\":400,\"message\":\"prefill refused\"}}")
                    : Script.complete(ANSWER, 5));
        }
        double cutBefore = outcome("cut");
        double stalledBefore = outcome("stalled");
        double goneBefore = outcome("client_gone");
        java.util.concurrent.ExecutorService clients = java.util.concurrent.Executors.newFixedThreadPool(32);
        List<java.util.concurrent.Future<?>> done = new ArrayList<>();
        int each = 100;
        // streams committed to Claude (its first token came within llm.stream.first-token-timeout); under a loaded
        // machine a few may fail over before their first token instead, and are then answered whole by another provider
        Map<String, java.util.concurrent.atomic.AtomicInteger> committed = new java.util.concurrent.ConcurrentHashMap<>();
        for (int i = 0; i < each; i++) {
            for (String kind : List.of("cut", "stall", "long")) {
                done.add(clients.submit(() -> {
                    String body = "{\"model\":\"claude\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\""
                            + kind + "\"}]}";
                    if (kind.equals("long")) {
                        // the client reads the first chunk and hangs up
                        HttpResponse<InputStream> r = HTTP.send(request("/v1/chat/completions", body),
                                HttpResponse.BodyHandlers.ofInputStream());
                        if ("claude".equals(r.headers().firstValue("X-LLM-Provider").orElse(null))) {
                            committed.computeIfAbsent(kind, k -> new java.util.concurrent.atomic.AtomicInteger())
                                    .incrementAndGet();
                        }
                        try (InputStream in = r.body()) {
                            in.read(new byte[64]);
                        }
                    } else {
                        Streamed s = post("/v1/chat/completions", body);
                        if ("claude".equals(s.header("X-LLM-Provider"))) {
                            // committed, then broken: an in-band error, never a fake success
                            committed.computeIfAbsent(kind, k -> new java.util.concurrent.atomic.AtomicInteger())
                                    .incrementAndGet();
                            assertThat(s.lastEvent()).as(kind).contains("\"error\"");
                        } else {
                            // failed over before the first token: another provider's whole answer
                            assertThat(s.lastEvent()).as(kind).isEqualTo("data: [DONE]");
                            assertThat(s.body()).as(kind).doesNotContain("\"error\"");
                        }
                    }
                    return null;
                }));
            }
        }
        for (java.util.concurrent.Future<?> f : done) {
            f.get(60, java.util.concurrent.TimeUnit.SECONDS);
        }
        clients.shutdown();
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(claude.openConnections()).as("connections left open to the provider").isZero());
        int cut = committed.getOrDefault("cut", new java.util.concurrent.atomic.AtomicInteger()).get();
        int stalled = committed.getOrDefault("stall", new java.util.concurrent.atomic.AtomicInteger()).get();
        int gone = committed.getOrDefault("long", new java.util.concurrent.atomic.AtomicInteger()).get();
        assertThat(cut + stalled + gone).as("streams committed to Claude").isGreaterThan(2 * each);
        assertThat(outcome("cut") - cutBefore).isGreaterThanOrEqualTo(cut);
        assertThat(outcome("stalled") - stalledBefore).isGreaterThanOrEqualTo(stalled);
        await().atMost(Duration.ofSeconds(30)).until(() -> outcome("client_gone") - goneBefore >= gone);
        long routeThreads = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().contains("llm-route")).count();
        assertThat(routeThreads).as("route threads after %d streams", 3 * each).isLessThan(64);
    }

    static double outcome(String outcome) {
        return metrics().count("llm.stream.outcomes", "provider", "claude", "outcome", outcome);
    }

    @Test
    void withContinueOnCutOffABrokenStreamEndsInTheErrorEvenWhenAProviderCouldContinue() throws Exception {
        try (RouterInstance strict = RouterInstance.start(properties(Map.of("llm.stream.continue-on-cut", "false")))) {
            STUBS.get("ollama").answer(Script.failing(ANSWER, 10, 3, Ending.CUT));
            STUBS.get("gemini").continuing(ANSWER, 10);
            int geminiCalls = STUBS.get("gemini").requests().size();
            HttpResponse<Stream<String>> r = HTTP.send(HttpRequest.newBuilder(URI.create(strict.baseUrl()
                    + "/v1/chat/completions")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(openAi("auto", true))).build(),
                    HttpResponse.BodyHandlers.ofLines());
            List<String> lines = r.body().filter(l -> l.startsWith("data: ")).toList();
            assertThat(lines.get(lines.size() - 1)).contains("ollama stream cut after 3 tokens").doesNotContain("[DONE]");
            assertThat(STUBS.get("gemini").requests()).as("nobody was asked to continue").hasSize(geminiCalls);
        }
    }

    // ---- health and metrics ----------------------------------------------------------------------------------

    @Test
    void ollamaStreamingBelowTheMinimumSpeedForThreeAnswersIsSlowUntilTheProbeSaysOtherwise() throws Exception {
        STUBS.get("ollama").answer(Script.complete("one two three four", 400));
        for (int i = 0; i < 3; i++) {
            assertThat(post("/v1/chat/completions", openAi("auto", true)).header("X-LLM-Provider")).isEqualTo("ollama");
        }
        await().atMost(Duration.ofSeconds(5)).until(() ->
                router.bean("ollamaHealth", OllamaHealth.class).current().status() == HealthStatus.SLOW);
        assertThat(router.bean("ollamaHealth", OllamaHealth.class).current().reason())
                .contains("3 answers in a row streamed below 5 tokens/s");
        assertThat(router.template().requestBody("direct:check-health", null, HealthReport.class).status())
                .isEqualTo(HealthStatus.HEALTHY);
        assertThat(RouterInstance.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + router.managementPort()
                + "/observe/metrics")).build()).body())
                .contains("llm_provider_time_to_first_token_seconds_count{provider=\"ollama\"}")
                .contains("llm_stream_outcomes_total{outcome=\"completed\",provider=\"ollama\"}");
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    /** A failed Ollama stream marks Ollama unhealthy at once (passive health): the probe brings it back. */
    static void probeHealthy() {
        assertThat(router.template().requestBody("direct:check-health", null, HealthReport.class).status())
                .isEqualTo(HealthStatus.HEALTHY);
    }

    enum Provider {
        ollama, gemini, nemotron, claude;

        final String id = name();
    }

    static RouterMetrics metrics() {
        return router.bean("routerMetrics", RouterMetrics.class);
    }

    static String openAi(String model, boolean stream) {
        return "{\"model\":\"" + model + "\",\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\",\"content\":\"Go\"}]}";
    }

    static HttpRequest request(String path, String body) {
        return HttpRequest.newBuilder(URI.create(router.baseUrl() + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    record Line(long atMs, String text) {
    }

    /** A streamed reply as it came: each line and when. */
    record Streamed(int status, HttpHeaders headers, List<Line> lines) {

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        String body() {
            StringBuilder b = new StringBuilder();
            lines.forEach(l -> b.append(l.text).append('\n'));
            return b.toString();
        }

        List<Line> contentLines() {
            return lines.stream().filter(l -> l.text.contains("\"content\":\"") && !l.text.contains("\"content\":\"\""))
                    .toList();
        }

        /** The SSE data events but [DONE], parsed. */
        List<JsonNode> events() {
            List<JsonNode> out = new ArrayList<>();
            for (Line l : lines) {
                if (l.text.startsWith("data: ") && !l.text.equals("data: [DONE]")) {
                    out.add(read(l.text.substring(6)));
                }
            }
            return out;
        }

        String lastEvent() {
            List<Line> data = lines.stream().filter(l -> l.text.startsWith("data: ")).toList();
            return data.get(data.size() - 1).text;
        }

        String openAiText() {
            StringBuilder text = new StringBuilder();
            events().forEach(e -> text.append(e.at("/choices/0/delta/content").asText("")));
            return text.toString();
        }

        List<JsonNode> json() {
            return lines.stream().filter(l -> !l.text.isBlank()).map(l -> read(l.text)).toList();
        }
    }

    interface HttpHeaders {
        java.util.Optional<String> firstValue(String name);
    }

    static JsonNode read(String s) {
        try {
            return JSON.readTree(s);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + s, e);
        }
    }

    static Streamed post(String path, String body) throws Exception {
        long start = System.nanoTime();
        HttpResponse<Stream<String>> r = HTTP.send(request(path, body), HttpResponse.BodyHandlers.ofLines());
        List<Line> lines = new ArrayList<>();
        try (Stream<String> s = r.body()) {
            s.forEach(l -> lines.add(new Line((System.nanoTime() - start) / 1_000_000, l)));
        }
        return new Streamed(r.statusCode(), r.headers()::firstValue, lines);
    }
}
