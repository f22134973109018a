package io.llmfailover.router.it;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.ollama.OllamaStreamingChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.TokenStream;
import io.llmfailover.router.health.OllamaHealth;
import io.llmfailover.router.support.RouterInstance;
import io.llmfailover.router.support.StreamBodies;
import io.llmfailover.router.support.ToolStreams;
import io.llmfailover.router.support.Upstreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Java clients an integration engineer's own Camel app uses, LangChain4j's {@code OpenAiChatModel} and
 * {@code OllamaChatModel}, pointed at the router's two doors with the sampling options they expose: each request is
 * accepted as the client sends it, and its options reach the provider under the provider's own names. An AI service
 * with a {@code @Tool} method runs its whole tool loop through either door.
 */
class LangChainClientsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static Upstreams up;
    static RouterInstance router;

    @BeforeAll
    static void start() {
        up = new Upstreams().allHealthy();
        // every provider in the chain, so that a model naming one (nemotron) is answered by it
        Map<String, String> props = new HashMap<>(up.routerPropertiesWithEveryProvider(Map.of()));
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

    // ---- tool calling through an AI service -------------------------------------------------------------------

    /** What a user's app declares: the AI service's interface, and the tool it may call. */
    interface Assistant {
        String chat(String question);
    }

    static class WeatherTools {
        final List<String> cities = new CopyOnWriteArrayList<>();

        @Tool("The current weather in a city")
        String getWeather(@P("the city's name") String city) {
            cities.add(city);
            return "{\"city\":\"" + city + "\",\"temperature\":18,\"sky\":\"clear\"}";
        }
    }

    private static final String WEATHER_ANSWER = "It is 18 degrees and clear in Paris.";
    private static final String TOOL_OUTPUT = "{\"city\":\"Paris\",\"temperature\":18,\"sky\":\"clear\"}";

    /** Ollama answers a request that carries a tool result with text, any other with a call of getWeather(Paris). */
    private static void ollamaCallsTheToolThenAnswers() {
        up.ollama.server().stubFor(post(urlEqualTo("/api/chat")).atPriority(1)
                .withRequestBody(containing("\"role\":\"tool\""))
                .willReturn(Upstreams.stream(StreamBodies.Api.OLLAMA, WEATHER_ANSWER)));
        up.ollama.server().stubFor(post(urlEqualTo("/api/chat")).atPriority(2)
                .willReturn(ToolStreams.response(StreamBodies.Api.OLLAMA, "", "getWeather", "{\"city\":\"Paris\"}")));
    }

    /** The two requests Ollama got: the tool offered on both, and on the second the call and the tool's result. */
    private static void assertOllamaGotTheToolResult() throws Exception {
        List<LoggedRequest> all = up.ollama.server().findAll(postRequestedFor(urlEqualTo("/api/chat")));
        assertThat(all).hasSize(2);
        for (LoggedRequest r : all) {
            JsonNode tool = JSON.readTree(r.getBodyAsString()).at("/tools/0/function");
            assertThat(tool.path("name").asText()).isEqualTo("getWeather");
            assertThat(tool.path("description").asText()).isEqualTo("The current weather in a city");
            assertThat(tool.at("/parameters/properties/city/type").asText()).isEqualTo("string");
        }
        JsonNode messages = JSON.readTree(all.get(1).getBodyAsString()).path("messages");
        assertThat(messages).hasSize(3);
        assertThat(messages.at("/0/content").asText()).isEqualTo("What is the weather in Paris?");
        assertThat(messages.at("/1/role").asText()).isEqualTo("assistant");
        assertThat(messages.at("/1/tool_calls/0/function/name").asText()).isEqualTo("getWeather");
        assertThat(messages.at("/1/tool_calls/0/function/arguments")).isEqualTo(JSON.readTree("{\"city\":\"Paris\"}"));
        assertThat(messages.at("/2/role").asText()).isEqualTo("tool");
        assertThat(messages.at("/2/tool_name").asText()).isEqualTo("getWeather");
        assertThat(messages.at("/2/content").asText()).isEqualTo(TOOL_OUTPUT);
    }

    @Test
    void aiServiceWithAToolThroughTheOpenAiDoor() throws Exception {
        ollamaCallsTheToolThenAnswers();
        OpenAiChatModel model = OpenAiChatModel.builder().baseUrl(router.baseUrl() + "/v1").apiKey("unused")
                .modelName("auto").maxRetries(0).build();
        WeatherTools tools = new WeatherTools();
        Assistant assistant = AiServices.builder(Assistant.class).chatModel(model).tools(tools).build();

        String answer = assistant.chat("What is the weather in Paris?");

        assertThat(tools.cities).containsExactly("Paris");
        assertThat(answer).isEqualTo(WEATHER_ANSWER);
        assertOllamaGotTheToolResult();
    }

    @Test
    void aiServiceWithAToolThroughTheOllamaDoor() throws Exception {
        ollamaCallsTheToolThenAnswers();
        OllamaChatModel model = OllamaChatModel.builder().baseUrl(router.baseUrl()).modelName("llama3.2").build();
        WeatherTools tools = new WeatherTools();
        Assistant assistant = AiServices.builder(Assistant.class).chatModel(model).tools(tools).build();

        String answer = assistant.chat("What is the weather in Paris?");

        assertThat(tools.cities).containsExactly("Paris");
        assertThat(answer).isEqualTo(WEATHER_ANSWER);
        assertOllamaGotTheToolResult();
    }

    interface StreamingAssistant {
        TokenStream chat(String question);
    }

    /** Runs the streaming AI service to its end: the final answer, or the error it reported. */
    private static ChatResponse streamed(StreamingAssistant assistant, String question) throws Exception {
        CompletableFuture<ChatResponse> done = new CompletableFuture<>();
        assistant.chat(question).onPartialResponse(piece -> { }).onCompleteResponse(done::complete)
                .onError(done::completeExceptionally).start();
        return done.get(30, TimeUnit.SECONDS);
    }

    @Test
    void streamingAiServiceWithAToolThroughTheOpenAiDoorFromNvidia() throws Exception {
        // NVIDIA streams the call's id and name first, then the arguments in fragments
        up.nvidia.stubFor(post(urlEqualTo("/v1/chat/completions")).atPriority(1)
                .withRequestBody(containing("\"role\":\"tool\""))
                .willReturn(Upstreams.stream(StreamBodies.Api.NVIDIA, WEATHER_ANSWER)));
        up.nvidia(ToolStreams.response(StreamBodies.Api.NVIDIA, "", "getWeather", "{\"city\":\"Paris\"}"));
        OpenAiStreamingChatModel model = OpenAiStreamingChatModel.builder().baseUrl(router.baseUrl() + "/v1")
                .apiKey("unused").modelName("nemotron").build();
        WeatherTools tools = new WeatherTools();
        StreamingAssistant assistant = AiServices.builder(StreamingAssistant.class).streamingChatModel(model)
                .tools(tools).build();

        ChatResponse answer = streamed(assistant, "What is the weather in Paris?");

        assertThat(tools.cities).containsExactly("Paris");
        assertThat(answer.aiMessage().text()).isEqualTo(WEATHER_ANSWER);
        List<LoggedRequest> all = up.nvidia.findAll(postRequestedFor(urlEqualTo("/v1/chat/completions")));
        assertThat(all).hasSize(2);
        JsonNode messages = JSON.readTree(all.get(1).getBodyAsString()).path("messages");
        assertThat(messages.at("/1/tool_calls/0/id").asText()).isEqualTo(ToolStreams.NVIDIA_ID);
        assertThat(JSON.readTree(messages.at("/1/tool_calls/0/function/arguments").asText()))
                .isEqualTo(JSON.readTree("{\"city\":\"Paris\"}"));
        assertThat(messages.at("/2/role").asText()).isEqualTo("tool");
        assertThat(messages.at("/2/tool_call_id").asText()).isEqualTo(ToolStreams.NVIDIA_ID);
        assertThat(messages.at("/2/content").asText()).isEqualTo(TOOL_OUTPUT);
        assertThat(up.ollamaChatCalls()).isZero();
    }

    @Test
    void streamingAiServiceWithAToolThroughTheOllamaDoor() throws Exception {
        ollamaCallsTheToolThenAnswers();
        OllamaStreamingChatModel model = OllamaStreamingChatModel.builder().baseUrl(router.baseUrl())
                .modelName("llama3.2").build();
        WeatherTools tools = new WeatherTools();
        StreamingAssistant assistant = AiServices.builder(StreamingAssistant.class).streamingChatModel(model)
                .tools(tools).build();

        ChatResponse answer = streamed(assistant, "What is the weather in Paris?");

        assertThat(tools.cities).containsExactly("Paris");
        assertThat(answer.aiMessage().text()).isEqualTo(WEATHER_ANSWER);
        assertOllamaGotTheToolResult();
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
