package io.llmfailover.router.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.llmfailover.router.chat.ChatMessage;
import io.llmfailover.router.chat.ChatRequest;
import io.llmfailover.router.chat.ChatResponse;
import io.llmfailover.router.chat.InvalidChatRequestException;
import io.llmfailover.router.chat.Sampling;
import io.llmfailover.router.core.Provider;
import io.llmfailover.router.support.Upstreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every sampling option reaches each provider under that provider's own name (docs/wire-formats.md sections 1 to 4),
 * and what a provider has no field for is named in {@code X-LLM-Unmapped}, never dropped without a word.
 */
class SamplingOptionsTest extends EveryProviderRouterTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Every option at once: what each provider gets is the test. */
    private static final Sampling ALL = new Sampling(0.9, 40, List.of("END", "\n\n"), 42L, 0.5, -0.5, 8192, "10m",
            Map.of("repeat_penalty", 1.1, "mirostat", 0));

    private static ChatResponse chat(Provider p) {
        ChatRequest request = new ChatRequest(List.of(ChatMessage.user("Hi")), null, 64, 0.3, p.id(), ALL);
        ChatResponse r = router.template().requestBody("direct:chat", request, ChatResponse.class);
        assertThat(r.provider()).isEqualTo(p.id());
        return r;
    }

    @Test
    void ollamaGetsEveryOptionInOptionsAndKeepAlive() throws Exception {
        up.ollama.server().resetRequests();
        chat(Provider.OLLAMA);
        JsonNode body = sentTo(up.ollama.server());
        assertThat(body.path("options")).isEqualTo(JSON.readTree("{\"temperature\":0.3,\"num_predict\":64,"
                + "\"top_p\":0.9,\"top_k\":40,\"stop\":[\"END\",\"\\n\\n\"],\"seed\":42,\"presence_penalty\":0.5,"
                + "\"frequency_penalty\":-0.5,\"num_ctx\":8192,\"repeat_penalty\":1.1,\"mirostat\":0}"));
        assertThat(body.path("keep_alive").asText()).isEqualTo("10m");
        assertThat(ALL.notTakenBy(Provider.OLLAMA)).isEmpty();
    }

    @Test
    void geminiGetsThemInGenerationConfig() throws Exception {
        up.gemini.resetRequests();
        chat(Provider.GEMINI);
        JsonNode body = sentTo(up.gemini);
        assertThat(body.path("generationConfig")).isEqualTo(JSON.readTree("{\"temperature\":0.3,"
                + "\"maxOutputTokens\":64,\"topP\":0.9,\"topK\":40,\"stopSequences\":[\"END\",\"\\n\\n\"],\"seed\":42,"
                + "\"presencePenalty\":0.5,\"frequencyPenalty\":-0.5}"));
        assertThat(body.has("keep_alive")).isFalse();
        assertThat(ALL.notTakenBy(Provider.GEMINI))
                .containsExactly("num_ctx", "keep_alive", "options.mirostat", "options.repeat_penalty");
    }

    @Test
    void nvidiaGetsOpenAisTopLevelFields() throws Exception {
        up.nvidia.resetRequests();
        chat(Provider.NEMOTRON);
        JsonNode body = sentTo(up.nvidia);
        assertThat(body.path("top_p").asDouble()).isEqualTo(0.9);
        assertThat(body.path("stop")).isEqualTo(JSON.readTree("[\"END\",\"\\n\\n\"]"));
        assertThat(body.path("seed").asLong()).isEqualTo(42);
        assertThat(body.path("presence_penalty").asDouble()).isEqualTo(0.5);
        assertThat(body.path("frequency_penalty").asDouble()).isEqualTo(-0.5);
        assertThat(body.path("max_tokens").asInt()).isEqualTo(64);
        assertThat(body.has("top_k")).isFalse();
        assertThat(ALL.notTakenBy(Provider.NEMOTRON))
                .containsExactly("top_k", "num_ctx", "keep_alive", "options.mirostat", "options.repeat_penalty");
    }

    @Test
    void anthropicGetsWhatItsMessagesApiHas() throws Exception {
        up.anthropic.resetRequests();
        chat(Provider.CLAUDE);
        JsonNode body = sentTo(up.anthropic);
        assertThat(body.path("top_p").asDouble()).isEqualTo(0.9);
        assertThat(body.path("top_k").asInt()).isEqualTo(40);
        assertThat(body.path("stop_sequences")).isEqualTo(JSON.readTree("[\"END\",\"\\n\\n\"]"));
        assertThat(body.has("seed")).isFalse();
        assertThat(body.has("presence_penalty")).isFalse();
        assertThat(ALL.notTakenBy(Provider.CLAUDE)).containsExactly("seed", "presence_penalty", "frequency_penalty",
                "num_ctx", "keep_alive", "options.mirostat", "options.repeat_penalty");
    }

    @ParameterizedTest
    @MethodSource("io.llmfailover.router.core.Provider#shipped")
    void whatAProviderTakesIsWhatItsAdapterSends(Provider p) throws Exception {
        // Provider.takes (which names X-LLM-Unmapped) and the adapter's request must agree, field by field
        Sampling one = new Sampling(null, null, null, 7L, null, null, null, null, null);
        ChatRequest request = new ChatRequest(List.of(ChatMessage.user("Hi")), null, null, null, p.id(), one);
        WireMockServer server = switch (p.id()) {
            case "ollama" -> up.ollama.server();
            case "gemini" -> up.gemini;
            case "nemotron" -> up.nvidia;
            case "claude" -> up.anthropic;
            default -> throw new IllegalArgumentException(p.id());
        };
        server.resetRequests();
        router.template().requestBody("direct:chat", request, ChatResponse.class);
        String body = Upstreams.lastChatBody(server).toString();
        assertThat(body.contains("\"seed\":7")).isEqualTo(p.takes("seed"));
        assertThat(one.notTakenBy(p).contains("seed")).isEqualTo(!p.takes("seed"));
    }

    @Test
    void anInJvmCallersBadOptionIsATypedErrorNamingIt() {
        ChatRequest bad = new ChatRequest(List.of(ChatMessage.user("Hi")), null, null, null, null,
                new Sampling(1.5, null, null, null, null, null, null, null, null));
        assertThatThrownBy(() -> router.template().requestBody("direct:chat", bad))
                .hasCauseInstanceOf(InvalidChatRequestException.class)
                .cause().hasMessage("sampling.topP must be a number between 0 and 1");
    }

    @Test
    void theOpenAiDoorNamesWhatTheAnsweringProviderCouldNotTake() throws Exception {
        up.anthropic.resetRequests();
        HttpResponse<String> r = router.postJson("/v1/chat/completions", "{\"model\":\"claude\",\"seed\":42,"
                + "\"top_p\":0.5,\"stop\":\"END\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("X-LLM-Provider")).hasValue("claude");
        assertThat(r.headers().firstValue("X-LLM-Unmapped")).hasValue("seed");
        JsonNode sent = sentTo(up.anthropic);
        assertThat(sent.path("top_p").asDouble()).isEqualTo(0.5);
        assertThat(sent.path("stop_sequences")).isEqualTo(JSON.readTree("[\"END\"]"));
    }

    @Test
    void theOllamaDoorMapsOptionsToTheProviderThatAnswers() throws Exception {
        up.gemini.resetRequests();
        HttpResponse<String> r = router.postJson("/api/chat", "{\"model\":\"gemini\",\"stream\":false,"
                + "\"keep_alive\":\"5m\",\"options\":{\"top_k\":20,\"stop\":[\"###\"],\"num_ctx\":4096},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("X-LLM-Provider")).hasValue("gemini");
        assertThat(r.headers().firstValue("X-LLM-Unmapped")).hasValue("num_ctx,keep_alive");
        JsonNode config = sentTo(up.gemini).path("generationConfig");
        assertThat(config.path("topK").asInt()).isEqualTo(20);
        assertThat(config.path("stopSequences")).isEqualTo(JSON.readTree("[\"###\"]"));
    }
}
