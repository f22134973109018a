package io.llmfailover.router.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import java.util.HashMap;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.http.Fault;

/**
 * The four upstream APIs faked at the HTTP wire over real loopback sockets, answering with the exact bodies of
 * docs/wire-formats.md: Ollama (section 1), Gemini (2), NVIDIA (3), Anthropic (4).
 */
public final class Upstreams implements AutoCloseable {

    public static final String GEMINI_KEY = "test-gemini-key-0001";
    public static final String NVIDIA_KEY = "nvapi-test-key-0002";
    public static final String CLAUDE_KEY = "sk-ant-test-key-0003";
    public static final String GEMINI_PATH = "/v1beta/models/gemini-1.5-flash:generateContent";

    public final OllamaStub ollama = new OllamaStub();
    public final WireMockServer gemini = server();
    public final WireMockServer nvidia = server();
    public final WireMockServer anthropic = server();

    private static WireMockServer server() {
        WireMockServer s = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1")
                .port(FreePorts.next()).containerThreads(64).jettyAcceptors(2));
        s.start();
        return s;
    }

    /** Router properties pointing every provider at its stub, with API keys set. */
    public Map<String, String> routerProperties() {
        Map<String, String> p = new HashMap<>();
        p.put("llm.ollama.url", ollama.url());
        p.put("llm.gemini.base-url", "http://127.0.0.1:" + gemini.port());
        p.put("llm.nemotron.base-url", "http://127.0.0.1:" + nvidia.port());
        p.put("llm.claude.base-url", "http://127.0.0.1:" + anthropic.port());
        p.put("llm.gemini.api-key", GEMINI_KEY);
        p.put("llm.nemotron.api-key", NVIDIA_KEY);
        p.put("llm.claude.api-key", CLAUDE_KEY);
        p.put("llm.health.recovery-probes", "1");
        return p;
    }

    /** Every stub answers successfully; Ollama is healthy. */
    public Upstreams allHealthy() {
        reset();
        ollama.healthy();
        ollamaChatOk("Ollama says hi.");
        geminiOk("Gemini says hi.");
        nvidiaOk("Nemotron says hi.");
        claudeOk("Claude says hi.");
        return this;
    }

    public void reset() {
        ollama.reset();
        gemini.resetAll();
        nvidia.resetAll();
        anthropic.resetAll();
    }

    // ---- Ollama /api/chat ------------------------------------------------------------------------------

    public void ollamaChatOk(String text) {
        ollama.server().stubFor(post(urlEqualTo("/api/chat")).willReturn(json(200,
                "{\"model\":\"llama3.2:3b\",\"created_at\":\"2023-08-04T19:22:45.499127Z\","
                        + "\"message\":{\"role\":\"assistant\",\"content\":\"" + text + "\"},"
                        + "\"done\":true,\"done_reason\":\"stop\",\"total_duration\":5043500667,\"load_duration\":5025959,"
                        + "\"prompt_eval_count\":26,\"prompt_eval_duration\":325953000,\"eval_count\":290,"
                        + "\"eval_duration\":4709213000}")));
    }

    public void ollamaChat(ResponseDefinitionBuilder response) {
        ollama.server().stubFor(post(urlEqualTo("/api/chat")).willReturn(response));
    }

    public int ollamaChatCalls() {
        return ollama.server().findAll(postRequestedFor(urlEqualTo("/api/chat"))).size();
    }

    // ---- Gemini ------------------------------------------------------------------------------------------

    public void geminiOk(String text) {
        gemini(json(200, "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"" + text + "\"}],\"role\":\"model\"},"
                + "\"finishReason\":\"STOP\",\"safetyRatings\":[{\"category\":\"HARM_CATEGORY_HATE_SPEECH\","
                + "\"probability\":\"NEGLIGIBLE\"}],\"avgLogprobs\":-0.0487}],"
                + "\"usageMetadata\":{\"promptTokenCount\":7,\"candidatesTokenCount\":22,\"totalTokenCount\":29,"
                + "\"promptTokensDetails\":[{\"modality\":\"TEXT\",\"tokenCount\":7}],"
                + "\"candidatesTokensDetails\":[{\"modality\":\"TEXT\",\"tokenCount\":22}]},"
                + "\"modelVersion\":\"gemini-2.0-flash\"}"));
    }

    public void gemini(ResponseDefinitionBuilder response) {
        gemini.stubFor(post(urlEqualTo(GEMINI_PATH)).willReturn(response));
    }

    public static final String GEMINI_429 = "{\"error\":{\"code\":429,\"message\":\"You exceeded your current quota, please "
            + "check your plan and billing details. For more information on this error, head to: "
            + "https://ai.google.dev/gemini-api/docs/rate-limits.\",\"status\":\"RESOURCE_EXHAUSTED\",\"details\":["
            + "{\"@type\":\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"15s\"}]}}";
    public static final String GEMINI_KEY_INVALID = "{\"error\":{\"code\":400,\"message\":\"API key not valid. Please pass "
            + "a valid API key.\",\"status\":\"INVALID_ARGUMENT\",\"details\":[{\"@type\":"
            + "\"type.googleapis.com/google.rpc.ErrorInfo\",\"reason\":\"API_KEY_INVALID\",\"domain\":\"googleapis.com\","
            + "\"metadata\":{\"service\":\"generativelanguage.googleapis.com\"}}]}}";
    public static final String GEMINI_403 = "{\"error\":{\"code\":403,\"message\":\"Method doesn't allow unregistered "
            + "callers (callers without established identity). Please use API Key or other form of API consumer identity "
            + "to call this API.\",\"status\":\"PERMISSION_DENIED\"}}";
    public static final String GEMINI_404 = "{\"error\":{\"code\":404,\"message\":\"models/gemini-5.0-flash is not found "
            + "for API version v1, or is not supported for generateContent. Call ListModels to see the list of available "
            + "models and their supported methods.\",\"status\":\"NOT_FOUND\"}}";
    public static final String GEMINI_503 = "{\"error\":{\"code\":503,\"message\":\"The model is overloaded. Please try "
            + "again later.\",\"status\":\"UNAVAILABLE\"}}";
    public static final String GEMINI_BLOCKED = "{\"promptFeedback\":{\"blockReason\":\"SAFETY\",\"safetyRatings\":["
            + "{\"category\":\"HARM_CATEGORY_SEXUALLY_EXPLICIT\",\"probability\":\"NEGLIGIBLE\"}]},"
            + "\"usageMetadata\":{\"promptTokenCount\":7,\"totalTokenCount\":7}}";

    public int geminiCalls() {
        return gemini.findAll(postRequestedFor(urlEqualTo(GEMINI_PATH))).size();
    }

    // ---- NVIDIA ------------------------------------------------------------------------------------------

    public void nvidiaOk(String text) {
        nvidia(json(200, "{\"id\":\"chatcmpl-7d3c0d6e-1f2a-4b0e-9a55-0c2f1d7a8b9c\",\"object\":\"chat.completion\","
                + "\"created\":1726012687,\"model\":\"nvidia/nemotron-mini-4b-instruct\",\"choices\":[{\"index\":0,"
                + "\"message\":{\"role\":\"assistant\",\"content\":\"" + text + "\",\"reasoning_content\":null},"
                + "\"logprobs\":null,\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":13,\"completion_tokens\":5,"
                + "\"total_tokens\":18}}"));
    }

    public void nvidia(ResponseDefinitionBuilder response) {
        nvidia.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(response));
    }

    public int nvidiaCalls() {
        return nvidia.findAll(postRequestedFor(urlEqualTo("/v1/chat/completions"))).size();
    }

    // ---- Anthropic ---------------------------------------------------------------------------------------

    public void claudeOk(String text) {
        claude(json(200, "{\"id\":\"msg_01ATtd6A2FAsaFDNqzGKiy5c\",\"type\":\"message\",\"role\":\"assistant\","
                + "\"model\":\"claude-haiku-4-5-20251001\",\"content\":[{\"type\":\"text\",\"text\":\"" + text + "\"}],"
                + "\"stop_reason\":\"end_turn\",\"stop_sequence\":null,\"usage\":{\"input_tokens\":16,\"output_tokens\":35}}"));
    }

    public void claude(ResponseDefinitionBuilder response) {
        anthropic.stubFor(post(urlEqualTo("/v1/messages")).willReturn(response));
    }

    public static final String CLAUDE_529 = "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":"
            + "\"Overloaded\"},\"request_id\":\"req_011CSHoEeqs5C35K2UUqR7Fy\"}";

    public int claudeCalls() {
        return anthropic.findAll(postRequestedFor(urlEqualTo("/v1/messages"))).size();
    }

    // ---- helpers -----------------------------------------------------------------------------------------

    public static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json; charset=utf-8").withBody(body);
    }

    public static ResponseDefinitionBuilder refused() {
        return aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER);
    }

    public static void failAll(WireMockServer server, ResponseDefinitionBuilder response) {
        server.stubFor(post(anyUrl()).willReturn(response));
    }

    @Override
    public void close() {
        ollama.close();
        gemini.stop();
        nvidia.stop();
        anthropic.stop();
    }
}
