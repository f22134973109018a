package io.llmfailover.router.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmfailover.router.chat.ChatMessage;
import io.llmfailover.router.chat.ChatRequest;
import io.llmfailover.router.chat.ChatResponse;
import io.llmfailover.router.chat.InvalidChatRequestException;
import io.llmfailover.router.chat.ResponseFormat;
import io.llmfailover.router.chat.Sampling;
import io.llmfailover.router.core.Provider;
import org.junit.jupiter.api.Test;

/**
 * Structured output reaches each provider in its own form (docs/wire-formats.md sections 1 to 4), and the answer is
 * the JSON text the client asked for, through both doors.
 */
class StructuredOutputTest extends EveryProviderRouterTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SCHEMA = "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},"
            + "\"required\":[\"city\"],\"additionalProperties\":false}";
    private static final ResponseFormat CITY = new ResponseFormat(SCHEMA, "city", true);

    private static ChatResponse ask(Provider p, ResponseFormat format) {
        ChatRequest r = new ChatRequest(List.of(ChatMessage.user("Where is Google HQ?")), null, null, null, p.id(),
                Sampling.NONE, format);
        ChatResponse answer = router.template().requestBody("direct:chat", r, ChatResponse.class);
        assertThat(answer.provider()).isEqualTo(p.id());
        return answer;
    }

    @Test
    void ollamaGetsTheSchemaAsFormat() throws Exception {
        up.ollama.server().resetRequests();
        up.ollamaChatOk("{\"city\":\"Mountain View\"}");
        assertThat(ask(Provider.OLLAMA, CITY).text()).isEqualTo("{\"city\":\"Mountain View\"}");
        assertThat(sentTo(up.ollama.server()).path("format")).isEqualTo(JSON.readTree(SCHEMA));
        up.ollama.server().resetRequests();
        ask(Provider.OLLAMA, ResponseFormat.JSON_OBJECT);
        assertThat(sentTo(up.ollama.server()).path("format").asText()).isEqualTo("json");
    }

    @Test
    void geminiGetsJsonMimeTypeAndTheJsonSchema() throws Exception {
        up.gemini.resetRequests();
        up.geminiOk("{\"city\":\"Mountain View\"}");
        assertThat(ask(Provider.GEMINI, CITY).text()).isEqualTo("{\"city\":\"Mountain View\"}");
        JsonNode config = sentTo(up.gemini).path("generationConfig");
        assertThat(config.path("responseMimeType").asText()).isEqualTo("application/json");
        assertThat(config.path("responseJsonSchema")).isEqualTo(JSON.readTree(SCHEMA));
    }

    @Test
    void nvidiaGetsOpenAisResponseFormat() throws Exception {
        up.nvidia.resetRequests();
        up.nvidiaOk("{\"city\":\"Mountain View\"}");
        assertThat(ask(Provider.NEMOTRON, CITY).text()).isEqualTo("{\"city\":\"Mountain View\"}");
        assertThat(sentTo(up.nvidia).path("response_format")).isEqualTo(JSON.readTree(
                "{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"city\",\"schema\":" + SCHEMA + ",\"strict\":true}}"));
        up.nvidia.resetRequests();
        ask(Provider.NEMOTRON, ResponseFormat.JSON_OBJECT);
        assertThat(sentTo(up.nvidia).path("response_format")).isEqualTo(JSON.readTree("{\"type\":\"json_object\"}"));
    }

    @Test
    void claudeIsAskedForTheSchemaAndItsAnswerIsPrefilledWithTheOpeningBrace() throws Exception {
        up.anthropic.resetRequests();
        // Claude continues after the prefill "{" without repeating it
        up.claudeOk("\"city\":\"Mountain View\"}");
        ChatResponse answer = ask(Provider.CLAUDE, CITY);
        assertThat(answer.text()).isEqualTo("{\"city\":\"Mountain View\"}");
        assertThat(JSON.readTree(answer.text()).path("city").asText()).isEqualTo("Mountain View");
        JsonNode sent = sentTo(up.anthropic);
        assertThat(sent.path("system").asText()).contains("one JSON object").contains(SCHEMA);
        JsonNode messages = sent.path("messages");
        assertThat(messages.get(messages.size() - 1)).isEqualTo(JSON.readTree(
                "{\"role\":\"assistant\",\"content\":\"{\"}"));
    }

    @Test
    void anInJvmSchemaThatIsNotAnObjectIsATypedError() {
        ChatRequest bad = new ChatRequest(List.of(ChatMessage.user("Hi")), null, null, null, null, Sampling.NONE,
                new ResponseFormat("[1,2]", "x", false));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> router.template().requestBody("direct:chat", bad))
                .hasCauseInstanceOf(InvalidChatRequestException.class)
                .cause().hasMessage("responseFormat.schema must be a JSON object");
    }

    private static HttpResponse<String> post(String path, String body) {
        return router.postJson(path, body);
    }

    @Test
    void theOpenAiDoorTakesJsonSchemaAndStreamsTheJsonText() throws Exception {
        up.anthropic.resetRequests();
        up.claudeOk("\"city\":\"Mountain View\"}");
        HttpResponse<String> r = post("/v1/chat/completions", "{\"model\":\"claude\",\"stream\":true,"
                + "\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"city\",\"strict\":true,"
                + "\"schema\":" + SCHEMA + "}},\"messages\":[{\"role\":\"user\",\"content\":\"Where is Google HQ?\"}]}");
        assertThat(r.statusCode()).isEqualTo(200);
        StringBuilder text = new StringBuilder();
        for (String line : r.body().split("\n")) {
            if (line.startsWith("data: {")) {
                text.append(JSON.readTree(line.substring(6)).at("/choices/0/delta/content").asText(""));
            }
        }
        assertThat(text.toString()).isEqualTo("{\"city\":\"Mountain View\"}");
        assertThat(r.body()).endsWith("data: [DONE]\n\n");
    }

    @Test
    void theOllamaDoorTakesFormatJsonAndASchema() throws Exception {
        up.ollama.server().resetRequests();
        up.ollamaChatOk("{\"city\":\"Mountain View\"}");
        HttpResponse<String> r = post("/api/chat", "{\"model\":\"auto\",\"stream\":false,\"format\":" + SCHEMA
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"Where is Google HQ?\"}]}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(r.body()).at("/message/content").asText()).isEqualTo("{\"city\":\"Mountain View\"}");
        assertThat(sentTo(up.ollama.server()).path("format")).isEqualTo(JSON.readTree(SCHEMA));
    }

    @Test
    void aFormatTheDoorsCannotReadIs400NamingTheField() throws Exception {
        HttpResponse<String> notAnObject = post("/v1/chat/completions", "{\"model\":\"x\",\"response_format\":"
                + "{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"x\",\"schema\":[1]}},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(notAnObject.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(notAnObject.body()).at("/error/param").asText())
                .isEqualTo("response_format.json_schema.schema");
        HttpResponse<String> badType = post("/v1/chat/completions", "{\"model\":\"x\",\"response_format\":"
                + "{\"type\":\"yaml\"},\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(JSON.readTree(badType.body()).at("/error/param").asText()).isEqualTo("response_format.type");
        HttpResponse<String> ollama = post("/api/chat", "{\"model\":\"x\",\"format\":\"yaml\","
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(ollama.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(ollama.body()).path("error").asText())
                .isEqualTo("format must be \"json\" or a JSON Schema object");
    }
}
