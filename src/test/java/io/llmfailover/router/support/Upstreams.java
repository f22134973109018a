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
    public static final String GEMINI_PATH = "/v1beta/models/gemini-1.5-flash:streamGenerateContent?alt=sse";

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
        // a transient error's retry waits a few ms, not the 250 ms default (ErrorTaxonomyTest checks the real pause)
        p.put("llm.retry.pause", "20ms");
        return p;
    }

    /**
     * {@link #routerProperties()} with every provider in the healthy chain, so that a request naming a provider (its
     * {@code model}) is answered by that provider, and the properties in {@code extra} on top.
     */
    public Map<String, String> routerPropertiesWithEveryProvider(Map<String, String> extra) {
        Map<String, String> p = routerProperties();
        p.put("llm.routing.healthy", "ollama,gemini,nemotron,claude");
        p.putAll(extra);
        return p;
    }

    /** The body of the last chat call a stub received (Ollama /api/chat, Gemini, NVIDIA, Anthropic), as JSON. */
    public static com.fasterxml.jackson.databind.JsonNode lastChatBody(WireMockServer server) {
        java.util.List<com.github.tomakehurst.wiremock.verification.LoggedRequest> all = server.findAll(
                com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
                        com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching("/(api/chat|v1/.*|v1beta/.*)")));
        if (all.isEmpty()) {
            throw new AssertionError("no chat call reached " + server.baseUrl());
        }
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(all.get(all.size() - 1).getBodyAsString());
        } catch (java.io.IOException e) {
            throw new AssertionError("the last chat call's body is not JSON", e);
        }
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
        ollamaChat(stream(StreamBodies.Api.OLLAMA, text));
    }

    public void ollamaChat(ResponseDefinitionBuilder response) {
        ollama.server().stubFor(post(urlEqualTo("/api/chat")).willReturn(response));
    }

    public int ollamaChatCalls() {
        return ollama.server().findAll(postRequestedFor(urlEqualTo("/api/chat"))).size();
    }

    // ---- Gemini ------------------------------------------------------------------------------------------

    public void geminiOk(String text) {
        gemini(stream(StreamBodies.Api.GEMINI, text));
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
    /** As a stream event: {@code data: GEMINI_BLOCKED}. */
    public static final String GEMINI_BLOCKED = "{\"promptFeedback\":{\"blockReason\":\"SAFETY\",\"safetyRatings\":["
            + "{\"category\":\"HARM_CATEGORY_SEXUALLY_EXPLICIT\",\"probability\":\"NEGLIGIBLE\"}]},"
            + "\"usageMetadata\":{\"promptTokenCount\":7,\"totalTokenCount\":7}}";

    public int geminiCalls() {
        return gemini.findAll(postRequestedFor(urlEqualTo(GEMINI_PATH))).size();
    }

    // ---- NVIDIA ------------------------------------------------------------------------------------------

    public void nvidiaOk(String text) {
        nvidia(stream(StreamBodies.Api.NVIDIA, text));
    }

    public void nvidia(ResponseDefinitionBuilder response) {
        nvidia.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(response));
    }

    public int nvidiaCalls() {
        return nvidia.findAll(postRequestedFor(urlEqualTo("/v1/chat/completions"))).size();
    }

    // ---- Anthropic ---------------------------------------------------------------------------------------

    public void claudeOk(String text) {
        claude(stream(StreamBodies.Api.CLAUDE, text));
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

    /** A 200 answer streaming the text in the API's own format (the whole stream at once). */
    public static ResponseDefinitionBuilder stream(StreamBodies.Api api, String text) {
        return aResponse().withStatus(200).withHeader("Content-Type", api == StreamBodies.Api.OLLAMA
                ? "application/x-ndjson" : "text/event-stream").withBody(StreamBodies.body(api, text));
    }

    /** A 200 event stream with this body, as it is. */
    public static ResponseDefinitionBuilder sse(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream").withBody(body);
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
