package io.llmfailover.router;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.model.ollama.OllamaEmbeddingModel;
import dev.langchain4j.model.openai.OpenAiEmbeddingModel;
import io.llmfailover.router.chat.EmbeddingRequest;
import io.llmfailover.router.chat.EmbeddingResponse;
import io.llmfailover.router.chat.InvalidChatRequestException;
import io.llmfailover.router.health.ProviderBreakers;
import io.llmfailover.router.settings.InvalidSettingException;
import io.llmfailover.router.settings.RouterSettings;
import io.llmfailover.router.support.FreePorts;
import io.llmfailover.router.support.OllamaStub;
import io.llmfailover.router.support.RouterInstance;
import io.llmfailover.router.support.TestSettings;
import org.apache.camel.CamelExecutionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Embeddings never mix vector spaces: two Ollama hosts declaring nomic-embed-text (the HTTP wire, Ollama's exact
 * /api/embed format) and an OpenAI-compatible endpoint declaring another model. A request for nomic-embed-text fails
 * over from one host to the other, never to the other model; both doors; direct:embed; LangChain4j's clients.
 */
class EmbeddingsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NOMIC = "nomic-embed-text";
    private static final String OTHER = "text-embedding-3-small";
    private static final String KEY = "sk-embed-test-0004";

    static OllamaStub gpu1;
    static OllamaStub gpu2;
    static WireMockServer openai;
    static RouterInstance router;

    @BeforeAll
    static void start() {
        gpu1 = new OllamaStub();
        gpu2 = new OllamaStub();
        openai = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").port(FreePorts.next()));
        openai.start();
        Map<String, String> p = new HashMap<>();
        provider(p, "gpu1", "ollama", gpu1.url(), NOMIC);
        provider(p, "gpu2", "ollama", gpu2.url(), NOMIC);
        provider(p, "oai", "openai", openai.baseUrl(), OTHER);
        p.put("llm.providers.oai.api-key", KEY);
        // a second endpoint of the other model without its key: skipped, never called
        provider(p, "oai2", "openai", openai.baseUrl(), OTHER);
        provider(p, "gem", "gemini", openai.baseUrl(), "text-embedding-004");
        p.put("llm.providers.gem.api-key", KEY);
        router = RouterInstance.start(p);
    }

    private static void provider(Map<String, String> p, String id, String type, String url, String embeddingModel) {
        p.put("llm.providers." + id + ".type", type);
        p.put("llm.providers." + id + ".base-url", url);
        p.put("llm.providers." + id + ".model", "chat-model");
        p.put("llm.providers." + id + ".embedding-model", embeddingModel);
    }

    @AfterAll
    static void stop() {
        router.close();
        gpu1.close();
        gpu2.close();
        openai.stop();
    }

    @BeforeEach
    void stubs() {
        router.bean("providerBreakers", ProviderBreakers.class).reset();
        for (OllamaStub s : new OllamaStub[] {gpu1, gpu2}) {
            if (!s.server().isRunning()) {
                s.start();
            }
            s.reset();
        }
        ollamaEmbed(gpu1, "0.1,0.2,0.3", "0.7,0.8,0.9");
        ollamaEmbed(gpu2, "0.4,0.5,0.6", "0.1,0.1,0.1");
        openai.resetAll();
        openai.stubFor(post(urlEqualTo("/v1/embeddings")).willReturn(json("{\"object\":\"list\",\"data\":["
                + "{\"object\":\"embedding\",\"index\":0,\"embedding\":[0.9,0.9]}],\"model\":\"" + OTHER + "\","
                + "\"usage\":{\"prompt_tokens\":3,\"total_tokens\":3}}")));
    }

    /** Ollama's /api/embed answer: one vector for one input, two for two. */
    private static void ollamaEmbed(OllamaStub s, String first, String second) {
        s.server().stubFor(post(urlEqualTo("/api/embed")).atPriority(5).willReturn(json("{\"model\":\"" + NOMIC
                + "\",\"embeddings\":[[" + first + "]],\"total_duration\":14143917,\"load_duration\":1019500,"
                + "\"prompt_eval_count\":2}")));
        s.server().stubFor(post(urlEqualTo("/api/embed")).atPriority(1).withRequestBody(matchingJsonPath("$.input[1]"))
                .willReturn(json("{\"model\":\"" + NOMIC + "\",\"embeddings\":[[" + first + "],[" + second + "]],"
                        + "\"total_duration\":14143917,\"load_duration\":1019500,\"prompt_eval_count\":4}")));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json; charset=utf-8").withBody(body);
    }

    private static JsonNode body(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    private static int calls(WireMockServer s, String path) {
        return s.findAll(postRequestedFor(urlEqualTo(path))).size();
    }

    @Test
    void theOpenAiDoorIsAnsweredByTheFirstHostOfTheModel() throws Exception {
        HttpResponse<String> r = router.postJson("/v1/embeddings",
                "{\"model\":\"nomic-embed-text\",\"input\":[\"hello\",\"world\"]}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("X-LLM-Provider")).hasValue("gpu1");
        assertThat(r.headers().firstValue("X-LLM-Model")).hasValue(NOMIC);
        JsonNode b = body(r);
        assertThat(b.path("object").asText()).isEqualTo("list");
        assertThat(b.path("model").asText()).isEqualTo(NOMIC);
        assertThat(b.path("data")).hasSize(2);
        assertThat(b.path("data").get(1).path("object").asText()).isEqualTo("embedding");
        assertThat(b.path("data").get(1).path("index").asInt()).isEqualTo(1);
        assertThat(b.path("data").get(0).path("embedding").toString()).isEqualTo("[0.1,0.2,0.3]");
        assertThat(b.path("data").get(1).path("embedding").toString()).isEqualTo("[0.7,0.8,0.9]");
        assertThat(b.path("usage").path("prompt_tokens").asInt()).isEqualTo(4);
        gpu1.server().verify(postRequestedFor(urlEqualTo("/api/embed"))
                .withRequestBody(equalToJson("{\"model\":\"nomic-embed-text\",\"input\":[\"hello\",\"world\"]}")));
        assertThat(calls(gpu2.server(), "/api/embed")).isZero();
        assertThat(calls(openai, "/v1/embeddings")).isZero();
    }

    @Test
    void theFirstHostDownTheSecondAnswersNeverTheOtherModel() throws Exception {
        gpu1.stop();
        HttpResponse<String> r = router.postJson("/api/embed", "{\"model\":\"nomic-embed-text\",\"input\":\"hi\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("X-LLM-Provider")).hasValue("gpu2");
        assertThat(r.headers().firstValue("X-LLM-Model")).hasValue(NOMIC);
        assertThat(r.headers().firstValue("X-LLM-Attempts")).hasValue("2");
        JsonNode b = body(r);
        assertThat(b.path("model").asText()).isEqualTo(NOMIC);
        assertThat(b.path("embeddings").toString()).isEqualTo("[[0.4,0.5,0.6]]");
        assertThat(b.path("prompt_eval_count").asInt()).isEqualTo(2);
        assertThat(calls(openai, "/v1/embeddings")).isZero();
    }

    @Test
    void bothHostsDownIsA503InEachDoorsFormatAndTheOtherModelIsNeverAsked() throws Exception {
        gpu1.stop();
        gpu2.server().stubFor(post(urlEqualTo("/api/embed")).atPriority(0).willReturn(aResponse().withStatus(500)
                .withHeader("Content-Type", "application/json").withBody("{\"error\":\"model runner crashed\"}")));
        HttpResponse<String> r = router.postJson("/v1/embeddings", "{\"model\":\"nomic-embed-text\",\"input\":\"hi\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
        String message = body(r).path("error").path("message").asText();
        assertThat(message).contains("nomic-embed-text", "gpu1: ", "gpu2: HTTP 500: model runner crashed");
        assertThat(body(r).path("error").path("code").asText()).isEqualTo("embeddings_unavailable");

        HttpResponse<String> o = router.postJson("/api/embed", "{\"model\":\"gpu1\",\"input\":[\"hi\"]}");
        assertThat(o.statusCode()).as(o.body()).isEqualTo(503);
        assertThat(body(o).path("error").asText()).contains("nomic-embed-text", "gpu1: ", "gpu2: ");
        assertThat(calls(openai, "/v1/embeddings")).isZero();
    }

    @Test
    void theOtherModelIsServedByItsOwnEndpointWithItsKey() throws Exception {
        HttpResponse<String> r = router.postJson("/v1/embeddings", "{\"model\":\"oai\",\"input\":\"hi\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("X-LLM-Provider")).hasValue("oai");
        assertThat(r.headers().firstValue("X-LLM-Model")).hasValue(OTHER);
        assertThat(body(r).path("data").get(0).path("embedding").toString()).isEqualTo("[0.9,0.9]");
        openai.verify(postRequestedFor(urlEqualTo("/v1/embeddings")).withHeader("Authorization",
                equalTo("Bearer " + KEY)).withRequestBody(equalToJson("{\"model\":\"" + OTHER + "\",\"input\":[\"hi\"]}")));
        assertThat(calls(gpu1.server(), "/api/embed") + calls(gpu2.server(), "/api/embed")).isZero();
    }

    @Test
    void anEndpointWithoutItsKeyIsSkippedAndAFailingOneIsNotReplacedByAnotherModel() throws Exception {
        openai.stubFor(post(urlEqualTo("/v1/embeddings")).atPriority(0).willReturn(aResponse().withStatus(429)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\"}}")));
        HttpResponse<String> r = router.postJson("/v1/embeddings", "{\"model\":\"" + OTHER + "\",\"input\":\"hi\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
        assertThat(body(r).path("error").path("message").asText()).contains("oai: HTTP 429: Rate limit reached",
                "oai2: skipped: no API key configured (set LLM_PROVIDERS_OAI2_API_KEY)");
        assertThat(calls(openai, "/v1/embeddings")).isEqualTo(1);
        assertThat(calls(gpu1.server(), "/api/embed") + calls(gpu2.server(), "/api/embed")).isZero();
    }

    @Test
    void anEndpointWhoseBreakerIsOpenIsSkippedWithoutACall() throws Exception {
        router.bean("providerBreakers", ProviderBreakers.class).failed("oai", "HTTP 503: overloaded", 60_000);
        HttpResponse<String> r = router.postJson("/v1/embeddings", "{\"model\":\"oai\",\"input\":\"hi\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
        assertThat(body(r).path("error").path("message").asText()).contains("oai: skipped: circuit open");
        assertThat(calls(openai, "/v1/embeddings")).isZero();
    }

    @Test
    void geminiIsCalledWithItsBatchEmbedContents() throws Exception {
        String path = "/v1beta/models/text-embedding-004:batchEmbedContents";
        openai.stubFor(post(urlEqualTo(path)).willReturn(json("{\"embeddings\":[{\"values\":[0.3,0.2]},"
                + "{\"values\":[0.1,0.0]}]}")));
        HttpResponse<String> r = router.postJson("/api/embed", "{\"model\":\"text-embedding-004\",\"input\":[\"a\",\"b\"]}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("X-LLM-Provider")).hasValue("gem");
        assertThat(body(r).path("embeddings").toString()).isEqualTo("[[0.3,0.2],[0.1,0.0]]");
        openai.verify(postRequestedFor(urlEqualTo(path)).withHeader("x-goog-api-key", equalTo(KEY))
                .withRequestBody(equalToJson("{\"requests\":[{\"model\":\"models/text-embedding-004\",\"content\":"
                        + "{\"parts\":[{\"text\":\"a\"}]}},{\"model\":\"models/text-embedding-004\",\"content\":"
                        + "{\"parts\":[{\"text\":\"b\"}]}}]}")));
    }

    @Test
    void badInputIsA400NamingTheField() throws Exception {
        HttpResponse<String> missing = router.postJson("/v1/embeddings", "{\"model\":\"nomic-embed-text\"}");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(body(missing).path("error").path("param").asText()).isEqualTo("input");

        HttpResponse<String> tokens = router.postJson("/v1/embeddings", "{\"model\":\"nomic-embed-text\",\"input\":[\"a\",7]}");
        assertThat(tokens.statusCode()).isEqualTo(400);
        assertThat(body(tokens).path("error").path("param").asText()).isEqualTo("input[1]");

        HttpResponse<String> empty = router.postJson("/api/embed", "{\"model\":\"nomic-embed-text\",\"input\":[]}");
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(body(empty).path("error").asText()).contains("input");

        HttpResponse<String> unknown = router.postJson("/v1/embeddings", "{\"model\":\"all-minilm\",\"input\":\"a\"}");
        assertThat(unknown.statusCode()).isEqualTo(400);
        JsonNode error = body(unknown).path("error");
        assertThat(error.path("param").asText()).isEqualTo("model");
        assertThat(error.path("message").asText()).contains("'all-minilm'", "nomic-embed-text (gpu1, gpu2)",
                OTHER + " (oai, oai2)", "text-embedding-004 (gem)");
        HttpResponse<String> unknownOllama = router.postJson("/api/embed", "{\"model\":\"all-minilm\",\"input\":\"a\"}");
        assertThat(unknownOllama.statusCode()).isEqualTo(400);
        assertThat(body(unknownOllama).path("error").asText()).contains("all-minilm", "nomic-embed-text");
        assertThat(calls(gpu1.server(), "/api/embed") + calls(openai, "/v1/embeddings")).isZero();
    }

    @Test
    void aWrongMethodIs405InTheDoorsFormat() throws Exception {
        HttpResponse<String> r = router.get("/v1/embeddings");
        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(body(r).path("error").path("message").asText()).isEqualTo("Method GET is not allowed for /v1/embeddings");
        HttpResponse<String> o = router.get("/api/embed");
        assertThat(o.statusCode()).isEqualTo(405);
        assertThat(body(o).path("error").asText()).isEqualTo("Method GET is not allowed for /api/embed");
    }

    @Test
    void directEmbedTakesAnEmbeddingRequest() {
        EmbeddingResponse r = router.template().requestBody("direct:embed",
                EmbeddingRequest.of(NOMIC, "a", "b"), EmbeddingResponse.class);
        assertThat(r.provider()).isEqualTo("gpu1");
        assertThat(r.vectors()).hasSize(2);
        assertThat(r.vectors().get(1)).containsExactly(0.7f, 0.8f, 0.9f);
        assertThatThrownBy(() -> router.template().requestBody("direct:embed", EmbeddingRequest.of("nope", "a")))
                .isInstanceOf(CamelExecutionException.class).cause().isInstanceOf(InvalidChatRequestException.class)
                .hasMessageContaining("nope");
        assertThatThrownBy(() -> EmbeddingRequest.of(NOMIC, "")).isInstanceOf(InvalidChatRequestException.class)
                .hasMessage("input must not be empty");
    }

    @Test
    void langChain4jEmbeddingModelsThroughBothDoors() {
        // OpenAiEmbeddingModel asks for floats; the official openai clients ask for base64 (the door answers both)
        Embedding viaOpenAi = OpenAiEmbeddingModel.builder().baseUrl(router.baseUrl() + "/v1").apiKey("unused")
                .modelName(NOMIC).build().embed("hello").content();
        assertThat(viaOpenAi.vector()).containsExactly(0.1f, 0.2f, 0.3f);
        gpu1.stop();
        Embedding viaOllama = OllamaEmbeddingModel.builder().baseUrl(router.baseUrl()).modelName(NOMIC).build()
                .embed("hello").content();
        assertThat(viaOllama.vector()).containsExactly(0.4f, 0.5f, 0.6f);
    }

    @Test
    void theBase64EncodingIsLittleEndianFloat32() throws Exception {
        HttpResponse<String> r = router.postJson("/v1/embeddings",
                "{\"model\":\"nomic-embed-text\",\"input\":\"hi\",\"encoding_format\":\"base64\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        byte[] raw = java.util.Base64.getDecoder().decode(body(r).path("data").get(0).path("embedding").asText());
        java.nio.FloatBuffer f = java.nio.ByteBuffer.wrap(raw).order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        assertThat(new float[] {f.get(0), f.get(1), f.get(2)}).containsExactly(0.1f, 0.2f, 0.3f);
    }

    @Test
    void anEmbeddingModelOnAnAnthropicProviderStopsStartup() {
        Map<String, String> values = Map.of("llm.providers.claude.embedding-model", "voyage-3");
        assertThatThrownBy(() -> RouterSettings.load(TestSettings.lookup(values), TestSettings.names(values)))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("llm.providers.claude.embedding-model");
    }
}
