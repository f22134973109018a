package io.llmfailover.router.examples;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.llmfailover.router.support.RouterInstance;
import io.llmfailover.router.support.StreamBodies;
import io.llmfailover.router.support.ToolStreams;
import io.llmfailover.router.support.Upstreams;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The README's tool loop ({@link ToolLoopRoute}, shown there verbatim) works against a running router: the model
 * asks for the weather in Paris, the example's tool route runs with that argument, and the model's answer to the
 * tool's result comes back as the text.
 */
class ToolLoopExampleTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SOURCE = Path.of("src/test/java/io/llmfailover/router/examples/ToolLoopRoute.java");

    static Upstreams up;
    static RouterInstance router;

    @BeforeAll
    static void start() throws Exception {
        up = new Upstreams().allHealthy();
        router = RouterInstance.startProbed(up.routerProperties());
        router.context().addRoutes(new ToolLoopRoute());
        AdviceWith.adviceWith(router.context(), "get-weather", a -> a.weaveAddFirst().to("mock:get-weather"));
    }

    @AfterAll
    static void stop() {
        router.close();
        up.close();
    }

    @BeforeEach
    void healthy() {
        up.allHealthy();
        router.context().getEndpoint("mock:get-weather", MockEndpoint.class).reset();
    }

    @Test
    void theReadmeShowsTheExampleAsItIs() throws Exception {
        String source = Files.readString(SOURCE);
        String shown = source.substring(source.indexOf("import "));
        assertThat(Files.readString(Path.of("README.md"))).contains("```java\n" + shown + "```\n");
    }

    @Test
    void theModelCallsTheToolThenAnswersFromItsResult() throws Exception {
        // the first call asks for the weather in Paris; the call that carries the tool's result gets the answer
        up.ollamaChat(ToolStreams.response(StreamBodies.Api.OLLAMA, "", "get_weather", "{\"city\":\"Paris\"}"));
        up.ollama.server().stubFor(post(urlEqualTo("/api/chat")).atPriority(1)
                .withRequestBody(containing("\"role\":\"tool\""))
                .willReturn(Upstreams.stream(StreamBodies.Api.OLLAMA, "Sunny in Paris, 18 degrees.")));
        MockEndpoint tool = router.context().getEndpoint("mock:get-weather", MockEndpoint.class);
        tool.expectedBodiesReceived("{\"city\":\"Paris\"}");

        String answer = router.template().requestBody("direct:ask-with-tools", "What is the weather in Paris?",
                String.class);

        assertThat(answer).isEqualTo("Sunny in Paris, 18 degrees.");
        tool.assertIsSatisfied();
        List<LoggedRequest> calls = up.ollama.server().findAll(postRequestedFor(urlEqualTo("/api/chat")));
        assertThat(calls).hasSize(2);
        JsonNode first = JSON.readTree(calls.get(0).getBodyAsString());
        assertThat(first.at("/tools/0/function/name").asText()).isEqualTo("get_weather");
        JsonNode messages = JSON.readTree(calls.get(1).getBodyAsString()).path("messages");
        assertThat(messages).hasSize(3);
        assertThat(messages.get(1).at("/tool_calls/0/function")).isEqualTo(
                JSON.readTree("{\"name\":\"get_weather\",\"arguments\":{\"city\":\"Paris\"}}"));
        assertThat(messages.get(2)).isEqualTo(JSON.readTree(
                "{\"role\":\"tool\",\"content\":\"Paris: sunny, 18 degrees\",\"tool_name\":\"get_weather\"}"));
    }

    @Test
    void aModelThatNeverStopsCallingToolsIsStoppedAfterFiveRounds() {
        up.ollamaChat(ToolStreams.response(StreamBodies.Api.OLLAMA, "", "get_weather", "{\"city\":\"Paris\"}"));

        assertThatThrownBy(() -> router.template().requestBody("direct:ask-with-tools", "Weather in Paris?"))
                .hasRootCauseInstanceOf(IllegalStateException.class)
                .rootCause().hasMessage("still calling tools after 5 rounds");
        assertThat(up.ollamaChatCalls()).isEqualTo(5);
    }
}
