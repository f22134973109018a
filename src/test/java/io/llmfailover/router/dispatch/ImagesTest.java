package io.llmfailover.router.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.llmfailover.router.support.RouterInstance;
import io.llmfailover.router.support.Upstreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Images reach the providers whose model can see, in each API's own form (docs/wire-formats.md sections 1 to 4); the
 * others are skipped with the reason; a bad image is a 400 naming the field.
 */
class ImagesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** A 1x1 PNG. */
    private static final String PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

    static Upstreams up;
    static RouterInstance router;

    @BeforeAll
    static void start() {
        up = new Upstreams().allHealthy();
        router = RouterInstance.startProbed(up.routerPropertiesWithEveryProvider(Map.of(
                "llm.ollama.capabilities", "json,tools,vision", "llm.nemotron.capabilities", "json,tools,vision")));
    }

    @AfterAll
    static void stop() {
        router.close();
        up.close();
    }

    @BeforeEach
    void healthy() {
        up.allHealthy();
    }

    private static HttpResponse<String> post(String path, String body) {
        return router.postJson(path, body);
    }

    private static String openAi(String model, String url) {
        return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\","
                + "\"text\":\"What is in this picture?\"},{\"type\":\"image_url\",\"image_url\":{\"url\":\"" + url
                + "\",\"detail\":\"low\"}}]}]}";
    }

    private static JsonNode sentTo(WireMockServer server) {
        return Upstreams.lastChatBody(server);
    }

    @Test
    void ollamaGetsBase64Images() throws Exception {
        up.ollama.server().resetRequests();
        HttpResponse<String> r = post("/api/chat", "{\"model\":\"ollama\",\"stream\":false,\"messages\":[{\"role\":"
                + "\"user\",\"content\":\"What is in this picture?\",\"images\":[\"" + PNG + "\"]}]}");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode message = sentTo(up.ollama.server()).path("messages").get(0);
        assertThat(message.path("content").asText()).isEqualTo("What is in this picture?");
        assertThat(message.path("images").get(0).asText()).isEqualTo(PNG);
    }

    @Test
    void geminiGetsInlineData() throws Exception {
        up.gemini.resetRequests();
        HttpResponse<String> r = post("/v1/chat/completions", openAi("gemini", "data:image/png;base64," + PNG));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("X-LLM-Provider")).hasValue("gemini");
        JsonNode parts = sentTo(up.gemini).at("/contents/0/parts");
        assertThat(parts.get(0).path("text").asText()).isEqualTo("What is in this picture?");
        assertThat(parts.get(1)).isEqualTo(JSON.readTree("{\"inlineData\":{\"mimeType\":\"image/png\",\"data\":\""
                + PNG + "\"}}"));
    }

    @Test
    void nvidiaGetsOpenAisImageParts() throws Exception {
        up.nvidia.resetRequests();
        HttpResponse<String> r = post("/v1/chat/completions", openAi("nemotron", "https://example.com/cat.png"));
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode content = sentTo(up.nvidia).at("/messages/0/content");
        assertThat(content.get(1)).isEqualTo(JSON.readTree(
                "{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://example.com/cat.png\"}}"));
    }

    @Test
    void claudeGetsImageBlocksBeforeTheText() throws Exception {
        up.anthropic.resetRequests();
        HttpResponse<String> r = post("/v1/chat/completions", openAi("claude", "data:image/png;base64," + PNG));
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode content = sentTo(up.anthropic).at("/messages/0/content");
        assertThat(content.get(0)).isEqualTo(JSON.readTree("{\"type\":\"image\",\"source\":{\"type\":\"base64\","
                + "\"media_type\":\"image/png\",\"data\":\"" + PNG + "\"}}"));
        assertThat(content.get(1).path("text").asText()).isEqualTo("What is in this picture?");
    }

    @Test
    void anImageUrlSkipsTheProvidersThatTakeImagesInlineOnly() throws Exception {
        up.anthropic.resetRequests();
        HttpResponse<String> r = post("/v1/chat/completions", openAi("auto", "https://example.com/cat.png"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("X-LLM-Provider")).hasValue("nemotron");
        assertThat(r.headers().firstValue("X-LLM-Attempts")).hasValue("3");
    }

    @Test
    void aModelThatCannotSeeIsSkippedAndNoneThatCanIsA400() throws Exception {
        // the default capabilities: Gemini and Claude see, Ollama's and NVIDIA's default models do not
        Map<String, String> props = new HashMap<>(up.routerProperties());
        props.put("llm.routing.offline", "nemotron");
        props.put("llm.routing.healthy", "ollama,nemotron");
        try (RouterInstance plain = RouterInstance.start(props)) {
            HttpResponse<String> r = plain.postJson("/v1/chat/completions", openAi("auto", "data:image/png;base64," + PNG));
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(JSON.readTree(r.body()).at("/error/message").asText()).contains("lacks vision");
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "ftp URL        | ftp://example.com/cat.png        | messages[0].content[1].image_url.url must be an http(s) URL or a data: URL",
        "not base64     | data:image/png;base64,@@@@       | messages[0].content[1].image_url.url is not valid base64 image data",
        "not an image   | data:text/plain;base64,aGk=      | messages[0].content[1].image_url.url must be a PNG, JPEG, GIF or WebP image, not 'text/plain'"})
    void aBadImageIs400NamingTheField(String name, String url, String message) throws Exception {
        int before = up.ollamaChatCalls();
        HttpResponse<String> r = post("/v1/chat/completions", openAi("auto", url));
        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(r.body()).path("error");
        assertThat(error.path("message").asText()).isEqualTo(message);
        assertThat(error.path("param").asText()).isEqualTo("messages[0].content[1].image_url.url");
        assertThat(up.ollamaChatCalls()).isEqualTo(before);
    }

    @Test
    void anOllamaImageThatIsNotAPictureIs400() throws Exception {
        HttpResponse<String> r = post("/api/chat", "{\"model\":\"x\",\"messages\":[{\"role\":\"user\",\"content\":"
                + "\"hi\",\"images\":[\"aGVsbG8gd29ybGQ=\"]}]}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(r.body()).path("error").asText())
                .isEqualTo("messages[0].images[0] is not a PNG, JPEG, GIF or WebP image");
    }
}
