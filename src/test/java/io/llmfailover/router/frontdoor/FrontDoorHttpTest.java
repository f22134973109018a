package io.llmfailover.router.frontdoor;

import static io.llmfailover.router.support.Upstreams.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmfailover.router.core.HealthStatus;
import io.llmfailover.router.health.HealthReport;
import io.llmfailover.router.health.OllamaHealth;
import io.llmfailover.router.support.OllamaStub;
import io.llmfailover.router.support.RouterInstance;
import io.llmfailover.router.support.Upstreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The OpenAI and Ollama front doors over real HTTP, with the upstreams faked at the wire. */
class FrontDoorHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static Upstreams up;
    static RouterInstance router;

    @BeforeAll
    static void start() {
        up = new Upstreams().allHealthy();
        Map<String, String> props = new HashMap<>(up.routerProperties());
        props.put("llm.http.max-body", "4096");
        router = RouterInstance.start(props);
        await().until(() -> router.bean("ollamaHealth", OllamaHealth.class).lastProbe() != null);
    }

    @AfterAll
    static void stop() {
        router.close();
        up.close();
    }

    @BeforeEach
    void healthy() {
        up.allHealthy();
        router.template().requestBody("direct:check-health", null, HealthReport.class);
    }

    static HttpResponse<String> post(RouterInstance r, String path, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(r.baseUrl() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return RouterInstance.send(b.build());
    }

    static void allUpstreamsDown() {
        up.ollama.reset().tags(OllamaStub.MODEL).generateError(500, "boom");
        router.template().requestBody("direct:check-health", null, HealthReport.class);
        up.gemini(json(503, Upstreams.GEMINI_503));
        up.nvidia(json(500, "{\"status\":500,\"title\":\"Internal Server Error\"}"));
        up.claude(json(529, Upstreams.CLAUDE_529));
    }

    // ---- OpenAI door ---------------------------------------------------------------------------------

    @Test
    void openAiDoorAnswersWithTheModelThatReallyAnswered() throws Exception {
        HttpResponse<String> r = post(router, "/v1/chat/completions",
                "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"system\",\"content\":\"Be terse.\"},"
                        + "{\"role\":\"user\",\"content\":\"Say this is a test!\"}],\"temperature\":0.7,\"max_tokens\":256}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(r.headers().firstValue("X-LLM-Provider")).hasValue("ollama");
        assertThat(r.headers().firstValue("X-LLM-Model")).hasValue("llama3.2:3b");
        assertThat(r.headers().firstValue("X-LLM-Attempts")).hasValue("1");
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.path("object").asText()).isEqualTo("chat.completion");
        assertThat(body.path("model").asText()).isEqualTo("llama3.2:3b");
        assertThat(body.at("/choices/0/message/content").asText()).isEqualTo("Ollama says hi.");
        assertThat(body.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(body.at("/usage/total_tokens").asInt()).isEqualTo(316);
        // no upstream header leaks back
        assertThat(r.headers().map().keySet()).noneMatch(h -> h.toLowerCase().startsWith("camel") || h.equalsIgnoreCase("matched-stub-id"));
    }

    @Test
    void openAiStreamIsServerSentEventsEndingWithDone() {
        HttpResponse<String> r = post(router, "/v1/chat/completions",
                "{\"model\":\"auto\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
        StringBuilder text = new StringBuilder();
        List<String> events = new ArrayList<>(List.of(r.body().split("\n\n")));
        assertThat(events.get(events.size() - 1)).isEqualTo("data: [DONE]");
        long usageTotal = -1;
        for (String event : events.subList(0, events.size() - 1)) {
            assertThat(event).startsWith("data: ");
            JsonNode chunk;
            try {
                chunk = JSON.readTree(event.substring(6));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            assertThat(chunk.path("object").asText()).isEqualTo("chat.completion.chunk");
            text.append(chunk.at("/choices/0/delta/content").asText(""));
            if (chunk.path("usage").isObject()) {
                usageTotal = chunk.at("/usage/total_tokens").asLong();
            }
        }
        assertThat(text.toString()).isEqualTo("Ollama says hi.");
        assertThat(usageTotal).isEqualTo(316);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "malformed JSON      | {\"model\":\"x\",\"messages\":[          | request body is not valid JSON",
        "missing messages    | {\"model\":\"x\"}                        | messages is required",
        "empty messages      | {\"model\":\"x\",\"messages\":[]}         | messages must not be empty",
        "empty prompt        | {\"model\":\"x\",\"messages\":[{\"role\":\"user\",\"content\":\"\"}]} | messages must contain a user message with text",
        "unknown role        | {\"model\":\"x\",\"messages\":[{\"role\":\"wizard\",\"content\":\"hi\"}]} | messages[0].role: unknown role 'wizard' (expected system, user, assistant or tool)",
        "non-numeric max     | {\"model\":\"x\",\"max_tokens\":\"lots\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]} | max_tokens must be an integer greater than 0",
        "missing model       | {\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]} | model is required"})
    void openAiBadInputIs400InOpenAisFormatAndCallsNoUpstream(String name, String body, String message) throws Exception {
        int before = up.ollamaChatCalls();
        HttpResponse<String> r = post(router, "/v1/chat/completions", body);
        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(r.body()).path("error");
        assertThat(error.path("message").asText()).startsWith(message);
        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(up.ollamaChatCalls()).isEqualTo(before);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "tool without a name | tools[0].function.name | `\"tools\":[{\"type\":\"function\",\"function\":{}}]` | tools[0].function.name is required",
        "tool name with space | tools[0].function.name | `\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get weather\"}}]` | tools[0].function.name must be 1 to 64 letters",
        "schema not an object | tools[0].function.parameters | `\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"parameters\":\"x\"}}]` | tools[0].function.parameters must be a JSON Schema object",
        "tool of another type | tools[0].type       | `\"tools\":[{\"type\":\"web_search\",\"function\":{\"name\":\"f\"}}]` | tools[0].type: unsupported tool type 'web_search'",
        "tool declared twice | tools[1].function.name | `\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}},{\"type\":\"function\",\"function\":{\"name\":\"f\"}}]` | tools[1].function.name: 'f' is declared twice",
        "tool_choice, no tools | tool_choice        | `\"tool_choice\":\"required\"`       | tool_choice asks for a tool call but no tools are given",
        "tool_choice unknown name | tool_choice     | `\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}],\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"g\"}}` | tool_choice names 'g', which is not one of the tools",
        "tool_choice unknown word | tool_choice     | `\"tool_choice\":\"always\"`         | tool_choice: unknown value 'always'",
        "functions (deprecated) | functions         | `\"functions\":[{\"name\":\"f\"}]`  | functions is deprecated and not supported: send tools",
        "n other than 1      | n                    | `\"n\":2`                             | n must be 1",
        "logprobs            | logprobs             | `\"logprobs\":true`                   | logprobs is not supported",
        "json_schema, none   | response_format.json_schema | `\"response_format\":{\"type\":\"json_schema\"}` | response_format.json_schema must be an object",
        "audio               | audio                | `\"audio\":{\"voice\":\"alloy\"}`   | audio output is not supported",
        "a field OpenAI lacks | frobnicate          | `\"frobnicate\":1`                    | Unrecognized request argument supplied: frobnicate",
        "top_p out of range  | top_p                | `\"top_p\":1.5`                       | top_p must be a number between 0 and 1",
        "five stop sequences | stop                 | `\"stop\":[\"a\",\"b\",\"c\",\"d\",\"e\"]` | stop may hold at most 4 sequences",
        "empty stop          | stop[0]              | `\"stop\":[\"\"]`                    | stop[0] must be a non-empty string",
        "fractional seed     | seed                 | `\"seed\":1.5`                        | seed must be an integer",
        "penalty too high    | presence_penalty     | `\"presence_penalty\":3`              | presence_penalty must be a number between -2 and 2"})
    void openAiFieldTheRouterCannotHonourIs400NamingIt(String name, String param, String field, String message)
            throws Exception {
        int before = up.ollamaChatCalls();
        HttpResponse<String> r = post(router, "/v1/chat/completions",
                "{\"model\":\"x\"," + field + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(r.body()).path("error");
        assertThat(error.path("message").asText()).startsWith(message);
        assertThat(error.path("param").asText()).isEqualTo(param);
        assertThat(up.ollamaChatCalls()).isEqualTo(before);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "result for no call     | messages[2].tool_call_id | `{\"role\":\"tool\",\"tool_call_id\":\"c9\",\"content\":\"22\"}` | messages[2].tool_call_id 'c9' matches no earlier tool call",
        "result without an id   | messages[2].tool_call_id | `{\"role\":\"tool\",\"content\":\"22\"}` | messages[2].tool_call_id is required",
        "arguments not JSON     | messages[1].tool_calls[0].function.arguments | `{\"role\":\"user\",\"content\":\"and?\"}` | messages[1].tool_calls[0].function.arguments must be a JSON object",
        "tool_calls on a user   | messages[2].tool_calls | `{\"role\":\"user\",\"content\":\"x\",\"tool_calls\":[]}` | messages[2].tool_calls is only allowed in assistant messages"})
    void openAiToolMessagesThatDoNotFitTheConversationAre400NamingTheField(String name, String param, String last,
            String message) throws Exception {
        int before = up.ollamaChatCalls();
        String args = name.startsWith("arguments") ? "not json" : "{}";
        HttpResponse<String> r = post(router, "/v1/chat/completions", "{\"model\":\"x\",\"messages\":["
                + "{\"role\":\"user\",\"content\":\"hi\"},"
                + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\","
                + "\"function\":{\"name\":\"f\",\"arguments\":\"" + args + "\"}}]}," + last + "]}");
        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(r.body()).path("error");
        assertThat(error.path("param").asText()).isEqualTo(param);
        assertThat(error.path("message").asText()).startsWith(message);
        assertThat(up.ollamaChatCalls()).isEqualTo(before);
    }

    @Test
    void openAiFieldsThatDoNotChangeTheAnswerOrSayOffAreAccepted() throws Exception {
        HttpResponse<String> r = post(router, "/v1/chat/completions", "{\"model\":\"x\",\"user\":\"u-17\","
                + "\"metadata\":{\"team\":\"a\"},\"store\":false,\"n\":1,\"logprobs\":false,"
                + "\"response_format\":{\"type\":\"text\"},\"tool_choice\":\"none\",\"service_tier\":\"auto\","
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(r.body()).at("/choices/0/message/content").asText()).isEqualTo("Ollama says hi.");
        assertThat(r.headers().firstValue("X-LLM-Unmapped")).isEmpty();
    }

    @Test
    void oversizedBodyIs413InEachDoorsFormat() throws Exception {
        String big = "x".repeat(5000);
        HttpResponse<String> openAi = post(router, "/v1/chat/completions",
                "{\"model\":\"x\",\"messages\":[{\"role\":\"user\",\"content\":\"" + big + "\"}]}");
        assertThat(openAi.statusCode()).isEqualTo(413);
        assertThat(JSON.readTree(openAi.body()).at("/error/message").asText())
                .isEqualTo("request body is larger than llm.http.max-body (4096 bytes)");
        HttpResponse<String> ollama = post(router, "/api/chat",
                "{\"model\":\"x\",\"messages\":[{\"role\":\"user\",\"content\":\"" + big + "\"}]}");
        assertThat(ollama.statusCode()).isEqualTo(413);
        assertThat(JSON.readTree(ollama.body()).path("error").asText())
                .isEqualTo("request body is larger than llm.http.max-body (4096 bytes)");
    }

    @Test
    void everyProviderDownIs502NamingEachAttempt() throws Exception {
        allUpstreamsDown();
        HttpResponse<String> r = post(router, "/v1/chat/completions",
                "{\"model\":\"x\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(r.statusCode()).isEqualTo(502);
        JsonNode error = JSON.readTree(r.body()).path("error");
        // the 503 and the 500 are transient: each of those providers was tried once more after a pause
        assertThat(error.path("message").asText()).matches("all providers failed: "
                + "gemini failed \\(unavailable, HTTP 503: The model is overloaded\\. Please try again later\\. "
                + "\\(tried again after \\d+ ms\\)\\); "
                + "gemini failed \\(unavailable, HTTP 503: The model is overloaded\\. Please try again later\\.\\); "
                + "nemotron failed \\(unavailable, HTTP 500: Internal Server Error \\(tried again after \\d+ ms\\)\\); "
                + "nemotron failed \\(unavailable, HTTP 500: Internal Server Error\\); "
                + "claude failed \\(overloaded, HTTP 529: overloaded_error: Overloaded\\)");
        assertThat(r.body()).doesNotContain(Upstreams.GEMINI_KEY).doesNotContain(Upstreams.NVIDIA_KEY)
                .doesNotContain(Upstreams.CLAUDE_KEY);

        HttpResponse<String> o = post(router, "/api/chat",
                "{\"model\":\"x\",\"stream\":false,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(o.statusCode()).isEqualTo(502);
        assertThat(JSON.readTree(o.body()).path("error").asText()).startsWith("all providers failed: gemini failed");
        assertThat(o.headers().firstValue("x-should-retry")).hasValue("false");
    }

    @Test
    void incomingCamelHeadersCannotRedirectAnything() throws Exception {
        HttpResponse<String> r = post(router, "/v1/chat/completions",
                "{\"model\":\"x\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "CamelHttpUri", "http://127.0.0.1:1/evil", "CamelHttpPath", "/evil", "CamelHttpMethod", "DELETE");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(r.body()).at("/choices/0/message/content").asText()).isEqualTo("Ollama says hi.");
    }

    @Test
    void jsonSentWithoutAJsonContentTypeIsStillReadAsJson() throws Exception {
        String body = "{\"model\":\"llama3.2\",\"stream\":false,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        // curl -d '...' sends application/x-www-form-urlencoded
        HttpResponse<String> form = RouterInstance.send(HttpRequest.newBuilder(URI.create(router.baseUrl() + "/api/chat"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body)).build());
        assertThat(form.statusCode()).as(form.body()).isEqualTo(200);
        assertThat(JSON.readTree(form.body()).at("/message/content").asText()).isEqualTo("Ollama says hi.");
        // and some scripts send no content type at all
        HttpResponse<String> none = RouterInstance.send(HttpRequest.newBuilder(URI.create(router.baseUrl() + "/v1/chat/completions"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"x\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")).build());
        assertThat(none.statusCode()).as(none.body()).isEqualTo(200);
        assertThat(JSON.readTree(none.body()).at("/choices/0/message/content").asText()).isEqualTo("Ollama says hi.");
    }

    @Test
    void onlyAnAnswerAfterTheWholeChainTellsTheOpenAiClientNotToRetry() throws Exception {
        HttpResponse<String> bad = post(router, "/v1/chat/completions", "{\"model\":\"x\",\"messages\":[]}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.headers().firstValue("x-should-retry")).isEmpty();
        allUpstreamsDown();
        HttpResponse<String> failed = post(router, "/v1/chat/completions",
                "{\"model\":\"x\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(failed.statusCode()).isEqualTo(502);
        assertThat(failed.headers().firstValue("x-should-retry")).hasValue("false");
    }

    @Test
    void wrongMethodIs405InTheDoorsJsonFormat() throws Exception {
        HttpResponse<String> r = RouterInstance.send(HttpRequest.newBuilder(URI.create(router.baseUrl() + "/v1/chat/completions")).GET().build());
        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(JSON.readTree(r.body()).at("/error/message").asText())
                .isEqualTo("Method GET is not allowed for /v1/chat/completions");
        HttpResponse<String> o = RouterInstance.send(HttpRequest.newBuilder(URI.create(router.baseUrl() + "/api/chat")).GET().build());
        assertThat(o.statusCode()).isEqualTo(405);
        assertThat(JSON.readTree(o.body()).path("error").asText()).isEqualTo("Method GET is not allowed for /api/chat");
    }

    @Test
    void anUnknownPathUnderADoorIs404InThatDoorsJsonFormat() throws Exception {
        HttpResponse<String> r = router.get("/v1/audio/speech");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode error = JSON.readTree(r.body()).path("error");
        assertThat(error.path("message").asText()).isEqualTo("Invalid URL (GET /v1/audio/speech)");
        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
        HttpResponse<String> o = router.get("/api/pull");
        assertThat(o.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(o.body()).path("error").asText()).isEqualTo("Invalid URL (GET /api/pull)");
    }

    @Test
    void openAiModelListAndEachModel() throws Exception {
        HttpResponse<String> list = router.get("/v1/models");
        assertThat(list.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(list.body());
        assertThat(body.path("object").asText()).isEqualTo("list");
        List<String> ids = new ArrayList<>();
        body.path("data").forEach(m -> ids.add(m.path("id").asText()));
        assertThat(ids).containsExactly("auto", "ollama", "gemini", "nemotron", "claude", "llama3.2:3b",
                "gemini-1.5-flash", "nvidia/nemotron-mini-4b-instruct", "claude-haiku-4-5-20251001");
        HttpResponse<String> one = router.get("/v1/models/nvidia/nemotron-mini-4b-instruct");
        assertThat(one.statusCode()).isEqualTo(200);
        JsonNode model = JSON.readTree(one.body());
        assertThat(model.path("id").asText()).isEqualTo("nvidia/nemotron-mini-4b-instruct");
        assertThat(model.path("object").asText()).isEqualTo("model");
        assertThat(model.path("owned_by").asText()).isEqualTo("nemotron");
        assertThat(model.path("created").asLong()).isPositive();
        HttpResponse<String> missing = router.get("/v1/models/gpt-5");
        assertThat(missing.statusCode()).isEqualTo(404);
        JsonNode error = JSON.readTree(missing.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("model_not_found");
        assertThat(error.path("param").asText()).isEqualTo("model");
        assertThat(error.path("message").asText()).isEqualTo("The model 'gpt-5' does not exist");
    }

    @Test
    void ollamaShowAnswersForAnyNameAndPsListsTheModels() throws Exception {
        HttpResponse<String> show = post(router, "/api/show", "{\"model\":\"claude-haiku-4-5-20251001\"}");
        assertThat(show.statusCode()).isEqualTo(200);
        JsonNode details = JSON.readTree(show.body());
        assertThat(details.at("/details/family").asText()).isEqualTo("claude");
        assertThat(details.path("capabilities").get(0).asText()).isEqualTo("completion");
        HttpResponse<String> any = post(router, "/api/show", "{\"name\":\"mistral:7b\"}");
        assertThat(any.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(any.body()).at("/details/family").asText()).isEqualTo("llm-failover-router");
        HttpResponse<String> none = post(router, "/api/show", "{}");
        assertThat(none.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(none.body()).path("error").asText()).isEqualTo("name is required");
        HttpResponse<String> ps = router.get("/api/ps");
        assertThat(ps.statusCode()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        JSON.readTree(ps.body()).path("models").forEach(m -> names.add(m.path("name").asText()));
        assertThat(names).containsExactly("llama3.2:3b", "gemini-1.5-flash", "nvidia/nemotron-mini-4b-instruct",
                "claude-haiku-4-5-20251001");
    }

    // ---- Ollama door ---------------------------------------------------------------------------------

    @Test
    void ollamaChatStreamsNdjsonByDefault() throws Exception {
        HttpResponse<String> r = post(router, "/api/chat",
                "{\"model\":\"llama3.2\",\"messages\":[{\"role\":\"user\",\"content\":\"why is the sky blue?\"}]}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/x-ndjson"));
        assertThat(r.headers().firstValue("X-LLM-Provider")).hasValue("ollama");
        String[] lines = r.body().split("\n");
        StringBuilder text = new StringBuilder();
        for (String line : lines) {
            JsonNode n = JSON.readTree(line);
            assertThat(n.has("error")).isFalse();
            text.append(n.at("/message/content").asText());
        }
        JsonNode last = JSON.readTree(lines[lines.length - 1]);
        assertThat(last.path("done").asBoolean()).isTrue();
        assertThat(last.path("done_reason").asText()).isEqualTo("stop");
        assertThat(last.path("eval_count").asLong()).isEqualTo(290);
        assertThat(text.toString()).isEqualTo("Ollama says hi.");
        assertThat(r.body()).endsWith("\n");
    }

    @Test
    void ollamaChatAndGenerateWithoutStreamAnswerOneObject() throws Exception {
        up.ollama.reset().tags(OllamaStub.MODEL).generateError(503, "server busy");
        router.template().requestBody("direct:check-health", null, HealthReport.class);
        assertThat(router.bean("ollamaHealth", OllamaHealth.class).current().status()).isEqualTo(HealthStatus.DEGRADED);

        HttpResponse<String> chat = post(router, "/api/chat",
                "{\"model\":\"llama3.2\",\"stream\":false,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(chat.statusCode()).isEqualTo(200);
        JsonNode c = JSON.readTree(chat.body());
        assertThat(c.path("model").asText()).isEqualTo("gemini-2.0-flash");
        assertThat(c.at("/message/content").asText()).isEqualTo("Gemini says hi.");
        assertThat(c.path("done").asBoolean()).isTrue();
        assertThat(chat.headers().firstValue("X-LLM-Provider")).hasValue("gemini");

        HttpResponse<String> gen = post(router, "/api/generate",
                "{\"model\":\"llama3.2\",\"stream\":false,\"system\":\"Be terse.\",\"prompt\":\"Why is the sky blue?\"}");
        assertThat(gen.statusCode()).isEqualTo(200);
        JsonNode g = JSON.readTree(gen.body());
        assertThat(g.path("response").asText()).isEqualTo("Gemini says hi.");
        assertThat(g.path("done").asBoolean()).isTrue();
        up.gemini.verify(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
                com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo(Upstreams.GEMINI_PATH))
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.equalToJson(
                        "{\"systemInstruction\":{\"parts\":[{\"text\":\"Be terse.\"}]},"
                                + "\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Why is the sky blue?\"}]}]}")));
    }

    @Test
    void ollamaTagsAndVersion() throws Exception {
        HttpResponse<String> tags = router.get("/api/tags");
        assertThat(tags.statusCode()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        JSON.readTree(tags.body()).path("models").forEach(m -> names.add(m.path("name").asText()));
        assertThat(names).containsExactly("llama3.2:3b", "gemini-1.5-flash", "nvidia/nemotron-mini-4b-instruct",
                "claude-haiku-4-5-20251001");
        HttpResponse<String> version = router.get("/api/version");
        assertThat(version.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(version.body()).path("version").asText()).isNotBlank();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "/api/chat     | malformed JSON   | {\"model\":                               | request body is not valid JSON",
        "/api/chat     | no messages      | {\"model\":\"llama3.2\",\"messages\":[]}      | messages must not be empty",
        "/api/chat     | unknown role     | {\"model\":\"llama3.2\",\"messages\":[{\"role\":\"robot\",\"content\":\"hi\"}]} | messages[0].role: unknown role 'robot'",
        "/api/chat     | non-numeric max  | {\"model\":\"llama3.2\",\"options\":{\"num_predict\":\"many\"},\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]} | options.num_predict",
        "/api/generate | empty prompt     | {\"model\":\"llama3.2\",\"prompt\":\"\"}       | prompt",
        "/api/generate | missing model    | {\"prompt\":\"hi\"}                          | model is required",
        "/api/chat     | tool, no function | {\"model\":\"llama3.2\",\"tools\":[{\"type\":\"function\"}],\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]} | tools[0].function is required",
        "/api/chat     | result for no call | {\"model\":\"llama3.2\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},{\"role\":\"tool\",\"content\":\"22\",\"tool_name\":\"f\"}]} | messages[1].tool_name: this tool result matches no earlier tool call of 'f'",
        "/api/chat     | format           | {\"model\":\"llama3.2\",\"format\":\"xml\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]} | format must be \"json\" or a JSON Schema object",
        "/api/chat     | unknown option   | {\"model\":\"llama3.2\",\"options\":{\"frobnicate\":1},\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]} | options.frobnicate is not an Ollama option",
        "/api/chat     | think            | {\"model\":\"llama3.2\",\"think\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]} | think is not supported",
        "/api/chat     | tool message     | {\"model\":\"llama3.2\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\",\"tool_name\":\"f\"}]} | messages[0].tool_name is only allowed in tool messages",
        "/api/chat     | unknown field    | {\"model\":\"llama3.2\",\"frobnicate\":1,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]} | Unrecognized request argument supplied: frobnicate",
        "/api/chat     | bad keep_alive   | {\"model\":\"llama3.2\",\"keep_alive\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]} | keep_alive must be a duration",
        "/api/generate | suffix           | {\"model\":\"llama3.2\",\"prompt\":\"hi\",\"suffix\":\"}\"}        | suffix (fill in the middle) is not supported",
        "/api/generate | raw              | {\"model\":\"llama3.2\",\"prompt\":\"hi\",\"raw\":true}          | raw is not supported"})
    void ollamaBadInputIs400InOllamasFormat(String path, String name, String body, String message) throws Exception {
        int before = up.ollamaChatCalls();
        HttpResponse<String> r = post(router, path, body);
        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(r.body()).path("error");
        assertThat(error.isTextual()).isTrue();
        assertThat(error.asText()).contains(message);
        assertThat(up.ollamaChatCalls()).isEqualTo(before);
    }

    // ---- API key -------------------------------------------------------------------------------------

    @Test
    void apiKeyWhenSetIsRequiredOnEveryChatDoor() throws Exception {
        Map<String, String> props = new HashMap<>(up.routerProperties());
        props.put("llm.http.api-key", "router-secret-123");
        try (RouterInstance guarded = RouterInstance.start(props)) {
            String body = "{\"model\":\"x\",\"stream\":false,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
            HttpResponse<String> none = post(guarded, "/v1/chat/completions", body);
            assertThat(none.statusCode()).isEqualTo(401);
            assertThat(JSON.readTree(none.body()).at("/error/code").asText()).isEqualTo("invalid_api_key");
            assertThat(none.body()).doesNotContain("router-secret-123");
            HttpResponse<String> wrong = post(guarded, "/api/chat", body, "Authorization", "Bearer nope");
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(JSON.readTree(wrong.body()).path("error").asText()).isEqualTo("invalid API key");
            assertThat(guarded.get("/api/tags").statusCode()).isEqualTo(401);
            assertThat(guarded.get("/v1/models").statusCode()).isEqualTo(401);
            assertThat(guarded.get("/v1/models/auto").statusCode()).isEqualTo(401);
            assertThat(guarded.get("/api/ps").statusCode()).isEqualTo(401);
            assertThat(post(guarded, "/api/show", "{\"model\":\"auto\"}").statusCode()).isEqualTo(401);
            HttpResponse<String> ok = post(guarded, "/v1/chat/completions", body, "Authorization", "Bearer router-secret-123");
            assertThat(ok.statusCode()).isEqualTo(200);
            // the client's bearer token never travels upstream
            up.ollama.server().verify(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
                    com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo("/api/chat")).withoutHeader("Authorization"));
        }
    }
}
