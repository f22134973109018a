package io.llmfailover.router.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

/**
 * An Ollama server faked at the HTTP wire, over a real loopback socket, speaking the exact formats of
 * docs/wire-formats.md section 1.
 */
public final class OllamaStub implements AutoCloseable {

    public static final String MODEL = "llama3.2:3b";

    private final WireMockServer server;
    private final int port = FreePorts.next();

    public OllamaStub() {
        server = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").port(port)
                .containerThreads(64).jettyAcceptors(2));
        server.start();
    }

    /** The base URL; stays the same across stop() and start(). */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public WireMockServer server() {
        return server;
    }

    public OllamaStub reset() {
        server.resetAll();
        return this;
    }

    /** /api/tags listing the given model names. */
    public OllamaStub tags(String... models) {
        StringBuilder sb = new StringBuilder("{\"models\":[");
        for (int i = 0; i < models.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append("{\"name\":\"").append(models[i]).append("\",\"model\":\"").append(models[i])
                    .append("\",\"modified_at\":\"2025-05-04T17:37:44.706015396-07:00\",\"size\":2019393189,")
                    .append("\"digest\":\"a80c4f17acd55265feec403c7aef86be0c25983ab279d83f3bcd3abbcb5b8b72\",")
                    .append("\"details\":{\"parent_model\":\"\",\"format\":\"gguf\",\"family\":\"llama\",")
                    .append("\"families\":[\"llama\"],\"parameter_size\":\"3.2B\",\"quantization_level\":\"Q4_K_M\"}}");
        }
        sb.append("]}");
        server.stubFor(get(urlEqualTo("/api/tags")).willReturn(json(200, sb.toString())));
        return this;
    }

    /** A non-streaming /api/generate answer with the given eval_count over eval_duration (ns). */
    public OllamaStub generate(long evalCount, long evalDurationNs, int delayMs) {
        String body = "{\"model\":\"" + MODEL + "\",\"created_at\":\"2023-08-04T19:22:45.499127Z\","
                + "\"response\":\"ok\",\"done\":true,\"done_reason\":\"stop\",\"context\":[1,2,3],"
                + "\"total_duration\":5043500667,\"load_duration\":5025959,\"prompt_eval_count\":26,"
                + "\"prompt_eval_duration\":325953000,\"eval_count\":" + evalCount + ",\"eval_duration\":"
                + evalDurationNs + "}";
        server.stubFor(post(urlEqualTo("/api/generate")).willReturn(json(200, body).withFixedDelay(delayMs)));
        return this;
    }

    /** A healthy Ollama: the model is pulled and generates at about 61.6 tokens/s (290 tokens in 4.709 s). */
    public OllamaStub healthy() {
        return tags(MODEL, "qwen2:0.5b").generate(290, 4_709_213_000L, 0);
    }

    /** /api/generate answers the given status with Ollama's {"error": "..."} body. */
    public OllamaStub generateError(int status, String message) {
        server.stubFor(post(urlEqualTo("/api/generate")).willReturn(json(status, "{\"error\":\"" + message + "\"}")));
        return this;
    }

    /** /api/generate answers 200 with a body that is not JSON. */
    public OllamaStub generateGarbage() {
        server.stubFor(post(urlEqualTo("/api/generate")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json; charset=utf-8").withBody("<html>proxy error</html>")));
        return this;
    }

    public void stop() {
        server.stop();
    }

    public void start() {
        server.start();
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json; charset=utf-8").withBody(body);
    }

    @Override
    public void close() {
        server.stop();
    }
}
