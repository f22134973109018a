package io.llmfailover.router.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmfailover.router.chat.Attempt;
import io.llmfailover.router.chat.ChatMessage;
import io.llmfailover.router.chat.ChatRequest;
import io.llmfailover.router.chat.ChatResponse;
import io.llmfailover.router.chat.ResponseFormat;
import io.llmfailover.router.chat.Sampling;
import io.llmfailover.router.support.RouterInstance;
import io.llmfailover.router.support.Upstreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A request that needs a capability skips the providers whose configured model lacks it
 * ({@code llm.<provider>.capabilities}), visibly: in the attempts, the headers and the metrics; when no provider of
 * the chain has it, the client gets a 400 that lists what each lacks, and nothing is sent upstream.
 */
class CapabilityRoutingTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Upstreams up;
    private RouterInstance router;

    @AfterEach
    void stop() {
        router.close();
        up.close();
    }

    private void start(Map<String, String> extra) {
        up = new Upstreams().allHealthy();
        router = RouterInstance.startProbed(up.routerPropertiesWithEveryProvider(extra));
    }

    private HttpResponse<String> postJsonRequest() {
        return router.postJson("/v1/chat/completions", "{\"model\":\"auto\",\"response_format\":{\"type\":"
                + "\"json_object\"},\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    }

    @Test
    void providersWithoutTheCapabilityAreSkippedWithTheReason() throws Exception {
        start(Map.of("llm.ollama.capabilities", "", "llm.gemini.capabilities", "tools,vision"));
        ChatResponse r = router.template().requestBody("direct:chat", new ChatRequest(
                List.of(ChatMessage.user("hi")), null, null, null, null, Sampling.NONE, ResponseFormat.JSON_OBJECT),
                ChatResponse.class);
        assertThat(r.provider()).isEqualTo("nemotron");
        assertThat(r.attempts()).extracting(Attempt::provider, Attempt::outcome, Attempt::reason).containsExactly(
                org.assertj.core.groups.Tuple.tuple("ollama", "skipped", "llama3.2:3b lacks json"),
                org.assertj.core.groups.Tuple.tuple("gemini", "skipped", "gemini-1.5-flash lacks json"),
                org.assertj.core.groups.Tuple.tuple("nemotron", "success", null));
        assertThat(up.ollamaChatCalls()).isZero();
        assertThat(up.geminiCalls()).isZero();
        // a skipped Gemini is not counted against its daily quota
        assertThat(router.bean("geminiQuotaGate", io.llmfailover.router.quota.GeminiQuotaGate.class).peek().count())
                .isZero();

        HttpResponse<String> http = postJsonRequest();
        assertThat(http.statusCode()).isEqualTo(200);
        assertThat(http.headers().firstValue("X-LLM-Provider")).hasValue("nemotron");
        assertThat(http.headers().firstValue("X-LLM-Attempts")).hasValue("3");
        String metrics = RouterInstance.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + router.managementPort() + "/observe/metrics")).GET().build()).body();
        assertThat(metrics).containsPattern("llm_provider_requests_total\\{[^}]*outcome=\"skipped\"[^}]*provider=\"ollama\"[^}]*\\} 2\\.0");
        // a plain-text request is not held back by the missing capability
        ChatResponse text = router.template().requestBody("direct:chat", "hi", ChatResponse.class);
        assertThat(text.provider()).isEqualTo("ollama");
    }

    @Test
    void whenNoProviderHasItTheClientGetsA400ListingWhatEachLacks() throws Exception {
        start(Map.of("llm.ollama.capabilities", "", "llm.gemini.capabilities", "", "llm.nemotron.capabilities", "tools",
                "llm.claude.capabilities", "vision"));
        HttpResponse<String> r = postJsonRequest();
        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(r.body()).path("error");
        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.path("message").asText()).isEqualTo("no provider in the chain can answer this request: "
                + "ollama: llama3.2:3b lacks json; gemini: gemini-1.5-flash lacks json; "
                + "nemotron: nvidia/nemotron-mini-4b-instruct lacks json; claude: claude-haiku-4-5-20251001 lacks json");
        assertThat(up.ollamaChatCalls() + up.geminiCalls() + up.nvidiaCalls() + up.claudeCalls()).isZero();
    }

    @Test
    void aConversationWithToolsSkipsTheModelsWithoutToolsAndSaysSo() throws Exception {
        start(Map.of("llm.ollama.capabilities", "json", "llm.gemini.capabilities", "json,vision"));
        // a second turn: no tools offered any more, but the conversation holds a call and its result
        HttpResponse<String> r = router.postJson("/v1/chat/completions", "{\"model\":\"auto\",\"messages\":["
                + "{\"role\":\"user\",\"content\":\"Weather in Paris?\"},{\"role\":\"assistant\",\"content\":null,"
                + "\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
                + "\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}]},{\"role\":\"tool\",\"tool_call_id\":\"call_1\","
                + "\"content\":\"22 C\"}]}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("X-LLM-Provider")).hasValue("nemotron");
        assertThat(r.headers().firstValue("X-LLM-Attempts")).hasValue("3");
        assertThat(up.ollamaChatCalls() + up.geminiCalls()).isZero();
        ChatResponse direct = router.template().requestBody("direct:chat", new ChatRequest(List.of(
                ChatMessage.user("Weather in Paris?")), null, null, null, null, Sampling.NONE, null,
                io.llmfailover.router.chat.ToolSet.of(List.of(new io.llmfailover.router.chat.Tool("get_weather", null,
                        null, false)))), ChatResponse.class);
        assertThat(direct.attempts()).extracting(Attempt::provider, Attempt::outcome, Attempt::reason).startsWith(
                org.assertj.core.groups.Tuple.tuple("ollama", "skipped", "llama3.2:3b lacks tools"),
                org.assertj.core.groups.Tuple.tuple("gemini", "skipped", "gemini-1.5-flash lacks tools"));
    }
}
