package io.llmfailover.router.it;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.output.FinishReason;
import io.llmfailover.router.health.OllamaHealth;
import io.llmfailover.router.support.RouterInstance;
import io.llmfailover.router.support.Upstreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Java clients an integration engineer's own Camel app uses, LangChain4j's {@code OpenAiChatModel} and
 * {@code OllamaChatModel}, pointed at the router's two doors with the sampling options they expose: each request is
 * accepted as the client sends it, and its options reach the provider under the provider's own names.
 */
class LangChainClientsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static Upstreams up;
    static RouterInstance router;

    @BeforeAll
    static void start() {
        up = new Upstreams().allHealthy();
        Map<String, String> props = new HashMap<>(up.routerProperties());
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
        up.ollama.server().resetRequests();
    }

    private static JsonNode sentToOllama() throws Exception {
        List<LoggedRequest> all = up.ollama.server().findAll(postRequestedFor(urlEqualTo("/api/chat")));
        assertThat(all).hasSize(1);
        return JSON.readTree(all.get(0).getBodyAsString());
    }

    @Test
    void openAiChatModelWithSamplingOptions() throws Exception {
        OpenAiChatModel model = OpenAiChatModel.builder().baseUrl(router.baseUrl() + "/v1").apiKey("unused")
                .modelName("auto").temperature(0.2).topP(0.9).stop(List.of("END")).seed(42).maxTokens(64)
                .presencePenalty(0.5).frequencyPenalty(0.25).build();

        ChatResponse answer = model.chat(dev.langchain4j.model.chat.request.ChatRequest.builder()
                .messages(dev.langchain4j.data.message.UserMessage.from("Why is the sky blue?")).build());

        assertThat(answer.aiMessage().text()).isEqualTo("Ollama says hi.");
        assertThat(answer.finishReason()).isEqualTo(FinishReason.STOP);
        JsonNode options = sentToOllama().path("options");
        assertThat(options.path("temperature").asDouble()).isEqualTo(0.2);
        assertThat(options.path("top_p").asDouble()).isEqualTo(0.9);
        assertThat(options.path("stop")).isEqualTo(JSON.readTree("[\"END\"]"));
        assertThat(options.path("seed").asLong()).isEqualTo(42);
        assertThat(options.path("num_predict").asInt()).isEqualTo(64);
        assertThat(options.path("presence_penalty").asDouble()).isEqualTo(0.5);
        assertThat(options.path("frequency_penalty").asDouble()).isEqualTo(0.25);
    }

    @Test
    void ollamaChatModelWithSamplingOptions() throws Exception {
        OllamaChatModel model = OllamaChatModel.builder().baseUrl(router.baseUrl()).modelName("llama3.2")
                .temperature(0.3).topK(20).topP(0.8).seed(7).numCtx(4096).numPredict(100).stop(List.of("###"))
                .repeatPenalty(1.1).build();

        String answer = model.chat("Why is the sky blue?");

        assertThat(answer).isEqualTo("Ollama says hi.");
        JsonNode options = sentToOllama().path("options");
        assertThat(options.path("temperature").asDouble()).isEqualTo(0.3);
        assertThat(options.path("top_k").asInt()).isEqualTo(20);
        assertThat(options.path("top_p").asDouble()).isEqualTo(0.8);
        assertThat(options.path("seed").asInt()).isEqualTo(7);
        assertThat(options.path("num_ctx").asInt()).isEqualTo(4096);
        assertThat(options.path("num_predict").asInt()).isEqualTo(100);
        assertThat(options.path("stop")).isEqualTo(JSON.readTree("[\"###\"]"));
        assertThat(options.path("repeat_penalty").asDouble()).isEqualTo(1.1);
    }

    @Test
    void openAiChatModelWithAJsonSchemaGetsTheJsonText() throws Exception {
        up.ollamaChatOk("{\"city\":\"Mountain View\"}");
        OpenAiChatModel model = OpenAiChatModel.builder().baseUrl(router.baseUrl() + "/v1").apiKey("unused")
                .modelName("auto").strictJsonSchema(true).build();
        dev.langchain4j.model.chat.request.ResponseFormat format = dev.langchain4j.model.chat.request.ResponseFormat
                .builder().type(dev.langchain4j.model.chat.request.ResponseFormatType.JSON)
                .jsonSchema(dev.langchain4j.model.chat.request.json.JsonSchema.builder().name("city")
                        .rootElement(dev.langchain4j.model.chat.request.json.JsonObjectSchema.builder()
                                .addStringProperty("city").required("city").build())
                        .build())
                .build();

        ChatResponse answer = model.chat(dev.langchain4j.model.chat.request.ChatRequest.builder()
                .messages(dev.langchain4j.data.message.UserMessage.from("Where is Google HQ?"))
                .responseFormat(format).build());

        assertThat(JSON.readTree(answer.aiMessage().text()).path("city").asText()).isEqualTo("Mountain View");
        JsonNode sentFormat = sentToOllama().path("format");
        assertThat(sentFormat.path("type").asText()).isEqualTo("object");
        assertThat(sentFormat.at("/properties/city/type").asText()).isEqualTo("string");
    }

    @Test
    void aFieldTheRouterCannotHonourReachesTheJavaClientAsAClearError() {
        OpenAiChatModel model = OpenAiChatModel.builder().baseUrl(router.baseUrl() + "/v1").apiKey("unused")
                .modelName("auto").maxRetries(0).logitBias(Map.of("50256", -100)).build();

        assertThatThrownBy(() -> model.chat("Why is the sky blue?"))
                .hasMessageContaining("logit_bias is not supported");
        assertThat(up.ollamaChatCalls()).isZero();
    }
}
