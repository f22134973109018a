package io.llmfailover.router.dispatch;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.llmfailover.router.health.EndpointHealth;
import io.llmfailover.router.management.RouterManagement;
import io.llmfailover.router.support.LogCapture;
import io.llmfailover.router.support.OllamaStub;
import io.llmfailover.router.support.RouterInstance;
import io.llmfailover.router.support.StreamBodies;
import io.llmfailover.router.support.TestSettings;
import io.llmfailover.router.support.Upstreams;
import io.llmfailover.router.wiring.EndpointProbes;
import org.junit.jupiter.api.Test;

/**
 * Three self-hosted endpoints, each probed on its own: the local primary Ollama, a second Ollama ({@code gpu2}) and
 * an OpenAI-compatible server ({@code vllm}, {@code self-hosted=true}), then Gemini. When Ollama is down the offline
 * row sends prompts to gpu2, then vllm; gpu2 unwell is skipped (never called), gpu2 slow goes behind vllm, and gpu2
 * is used again once its probes find it healthy. All of it over real sockets, the upstreams faked at the HTTP wire.
 */
class EndpointsHealthTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VLLM_MODEL = "Qwen/Qwen2.5-7B-Instruct";

    @Test
    void everySelfHostedEndpointHasItsOwnHealthAndTheChainFollowsIt() throws Exception {
        try (Upstreams up = new Upstreams().allHealthy(); OllamaStub gpu2 = new OllamaStub();
                LogCapture logs = new LogCapture()) {
            WireMockServer vllm = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1")
                    .dynamicPort());
            vllm.start();
            try (RouterInstance router = RouterInstance.start(properties(up, gpu2, vllm))) {
                gpu2.healthy();
                gpu2.server().stubFor(post(urlEqualTo("/api/chat"))
                        .willReturn(Upstreams.stream(StreamBodies.Api.OLLAMA, "gpu2 says hi.")));
                vllmHealthy(vllm);

                // every endpoint has its own state in GET /routing; the healthy row lists them all
                JsonNode d = awaitRouting(router, r -> "HEALTHY".equals(status(r, "gpu2"))
                        && "HEALTHY".equals(status(r, "vllm")) && "HEALTHY".equals(status(r, "ollama"))
                        && chain(r).size() == 3);
                assertThat(d.at("/primary/provider").asText()).isEqualTo("ollama");
                assertThat(chain(d)).containsExactly("gpu2", "vllm", "gemini");
                assertThat(d.at("/endpoints/vllm/reason").asText()).contains("answered in ").contains("tokens/s");

                // Ollama goes away: the offline row sends prompts to the second GPU
                up.ollama.stop();
                d = awaitRouting(router, r -> r.at("/reason").asText().startsWith("ollama OFFLINE -> gpu2 at "));
                assertThat(status(d, "gpu2")).isEqualTo("HEALTHY");
                assertThat(prompt(router)).isEqualTo("gpu2");

                // passive health of its own: gpu2's chat fails, the prompt goes on to vllm, and gpu2 is left out at once
                gpu2.server().stubFor(post(urlEqualTo("/api/chat")).willReturn(aResponse().withStatus(500)
                        .withBody("{\"error\":\"CUDA error: out of memory\"}")));
                var failedOver = router.postJson("/v1/chat/completions",
                        "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}");
                assertThat(failedOver.statusCode()).isEqualTo(200);
                assertThat(failedOver.headers().firstValue("X-LLM-Provider")).contains("vllm");
                d = JSON.readTree(router.get("/routing").body());
                assertThat(d.at("/primary/provider").asText()).isEqualTo("vllm");
                assertThat(d.at("/endpoints/gpu2/reason").asText()).contains("gpu2 call failed");
                assertThat(prompt(router)).isEqualTo("vllm");
                gpu2.server().stubFor(post(urlEqualTo("/api/chat"))
                        .willReturn(Upstreams.stream(StreamBodies.Api.OLLAMA, "gpu2 says hi.")));
                awaitRouting(router, r -> "HEALTHY".equals(status(r, "gpu2")));

                // gpu2 answers its probe with 503: DEGRADED, left out of the chain, never called
                gpu2.generateError(503, "server busy");
                d = awaitRouting(router, r -> r.at("/reason").asText().contains("gpu2 skipped: DEGRADED"));
                assertThat(d.at("/primary/provider").asText()).isEqualTo("vllm");
                assertThat(chain(d)).containsExactly("gemini");
                assertThat(d.at("/reason").asText()).contains("gpu2 skipped: DEGRADED (server busy");
                int gpu2Chats = chatCalls(gpu2.server(), "/api/chat");
                int vllmChats = chatCalls(vllm, "/v1/chat/completions");
                for (int i = 0; i < 5; i++) {
                    assertThat(prompt(router)).isEqualTo("vllm");
                }
                assertThat(chatCalls(gpu2.server(), "/api/chat")).isEqualTo(gpu2Chats);
                assertThat(chatCalls(vllm, "/v1/chat/completions") - vllmChats).isEqualTo(5);

                // gpu2 gone altogether: OFFLINE, named as skipped, and JMX says so too
                gpu2.stop();
                d = awaitRouting(router, r -> r.at("/reason").asText().contains("gpu2 skipped: OFFLINE"));
                assertThat(d.at("/reason").asText()).contains("gpu2 skipped: OFFLINE (");
                assertThat(router.bean("routerManagement", RouterManagement.class).getEndpointHealth())
                        .startsWith("ollama=OFFLINE").contains("gpu2=OFFLINE (").contains("vllm=HEALTHY");
                String metrics = RouterInstance.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                        "http://127.0.0.1:" + router.managementPort() + "/observe/metrics")).GET().build()).body();
                assertThat(metrics).containsPattern("llm_endpoint_health_state\\{[^}]*provider=\"gpu2\"[^}]*\\} 3\\.0")
                        .containsPattern("llm_endpoint_health_state\\{[^}]*provider=\"vllm\"[^}]*\\} 0\\.0")
                        .containsPattern("llm_endpoint_health_state\\{[^}]*provider=\"ollama\"[^}]*\\} 3\\.0");

                // gpu2 back but slow (2 tokens/s): it is tried after vllm, the healthy endpoint
                gpu2.start();
                gpu2.tags(OllamaStub.MODEL).generate(4, 2_000_000_000L, 0);
                d = awaitRouting(router, r -> r.at("/reason").asText().contains("gpu2 SLOW"));
                assertThat(status(d, "gpu2")).isEqualTo("SLOW");
                assertThat(d.at("/primary/provider").asText()).isEqualTo("vllm");
                assertThat(chain(d)).containsExactly("gpu2", "gemini");
                assertThat(d.at("/reason").asText()).contains("gpu2 SLOW: tried after the healthy endpoints");
                assertThat(prompt(router)).isEqualTo("vllm");

                // gpu2 at speed again: after llm.health.recovery-probes (3) healthy probes it is first again
                gpu2.healthy();
                d = awaitRouting(router, r -> r.at("/endpoints/gpu2/reason").asText().startsWith("recovered after 3 ")
                        && "gpu2".equals(r.at("/primary/provider").asText()));
                assertThat(status(d, "gpu2")).isEqualTo("HEALTHY");
                assertThat(d.at("/primary/provider").asText()).isEqualTo("gpu2");
                assertThat(chain(d)).containsExactly("vllm", "gemini");
                assertThat(prompt(router)).isEqualTo("gpu2");

                // and Ollama back: the healthy row again, every endpoint listed in its place
                up.ollama.start();
                up.allHealthy();
                d = awaitRouting(router, r -> r.at("/reason").asText().startsWith("ollama HEALTHY -> ollama at ")
                        && chain(r).size() == 3);
                assertThat(chain(d)).containsExactly("gpu2", "vllm", "gemini");

                // each endpoint's loss and recovery was alerted by name (logged: Telegram is not configured here)
                await().untilAsserted(() -> assertThat(logs.lines()).extracting(LogCapture.Line::text)
                        .anyMatch(t -> t.contains("LLM endpoint gpu2 lost: DEGRADED (gpu2 call failed"))
                        .anyMatch(t -> t.contains("LLM endpoint gpu2 recovered: HEALTHY")));
            } finally {
                vllm.stop();
            }
        }
    }

    @Test
    void aReloadAddsAndRemovesEndpointsWithTheirProbes() throws Exception {
        try (Upstreams up = new Upstreams().allHealthy(); OllamaStub gpu2 = new OllamaStub().healthy();
                OllamaStub gpu3 = new OllamaStub().healthy()) {
            Map<String, String> p = new HashMap<>(up.routerProperties());
            p.put("llm.providers.gpu2.type", "ollama");
            p.put("llm.providers.gpu2.base-url", gpu2.url());
            p.put("llm.providers.gpu2.model", OllamaStub.MODEL);
            p.put("llm.routing.healthy", "ollama,gpu2,gemini");
            // probed again and again: one slow probe on a loaded machine must not leave an endpoint down for an hour
            p.put("llm.health.poll-interval", "200ms");
            try (RouterInstance router = RouterInstance.start(p)) {
                EndpointHealth endpoints = router.bean("endpointHealth", EndpointHealth.class);
                await().atMost(Duration.ofSeconds(15)).until(() -> endpoints.of("gpu2") != null
                        && endpoints.of("gpu2").current().isHealthy());
                assertThat(router.context().getRoute("gpu2-health-poll")).isNotNull();

                // the reload: gpu2 gone, gpu3 new
                Map<String, String> next = new HashMap<>(p);
                next.keySet().removeIf(k -> k.startsWith("llm.providers.gpu2."));
                next.put("llm.providers.gpu3.type", "ollama");
                next.put("llm.providers.gpu3.base-url", gpu3.url());
                next.put("llm.providers.gpu3.model", OllamaStub.MODEL);
                next.put("llm.routing.healthy", "ollama,gpu3,gemini");
                router.bean("endpointProbes", EndpointProbes.class).reconfigure(TestSettings.load(next));

                assertThat(router.context().getRoute("gpu2-health-poll")).isNull();
                assertThat(router.context().getRoute("gpu3-health-poll")).isNotNull();
                assertThat(endpoints.of("gpu2")).isNull();
                await().atMost(Duration.ofSeconds(15)).until(() -> endpoints.of("gpu3").current().isHealthy());
                assertThat(gpu3.server().findAll(getRequestedFor(urlEqualTo("/api/tags")))).isNotEmpty();
            }
        }
    }

    private static Map<String, String> properties(Upstreams up, OllamaStub gpu2, WireMockServer vllm) {
        Map<String, String> p = new HashMap<>(up.routerProperties());
        p.put("llm.providers.gpu2.type", "ollama");
        p.put("llm.providers.gpu2.base-url", gpu2.url());
        p.put("llm.providers.gpu2.model", OllamaStub.MODEL);
        p.put("llm.providers.vllm.type", "openai");
        p.put("llm.providers.vllm.base-url", "http://127.0.0.1:" + vllm.port());
        p.put("llm.providers.vllm.model", VLLM_MODEL);
        p.put("llm.providers.vllm.self-hosted", "true");
        p.put("llm.routing.local-primary", "ollama");
        p.put("llm.routing.healthy", "ollama,gpu2,vllm,gemini");
        p.put("llm.routing.slow", "gpu2,vllm,ollama,gemini");
        p.put("llm.routing.degraded", "gpu2,vllm,gemini");
        p.put("llm.routing.offline", "gpu2,vllm,gemini");
        p.put("llm.health.poll-interval", "150ms");
        p.put("llm.health.recovery-probes", "3");
        return p;
    }

    /** vLLM's answers: its model list, the probe's non-streamed completion with usage, and streamed chats. */
    private static void vllmHealthy(WireMockServer vllm) {
        vllm.stubFor(get(urlEqualTo("/v1/models")).willReturn(json("{\"object\":\"list\",\"data\":[{\"id\":\""
                + VLLM_MODEL + "\",\"object\":\"model\",\"owned_by\":\"vllm\",\"max_model_len\":32768}]}")));
        vllm.stubFor(post(urlEqualTo("/v1/chat/completions")).atPriority(5).willReturn(json("{\"id\":\"chatcmpl-1\","
                + "\"object\":\"chat.completion\",\"model\":\"" + VLLM_MODEL + "\",\"choices\":[{\"index\":0,"
                + "\"message\":{\"role\":\"assistant\",\"content\":\"ok\"},\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":14,\"completion_tokens\":2,\"total_tokens\":16}}")));
        vllm.stubFor(post(urlEqualTo("/v1/chat/completions")).atPriority(1)
                .withRequestBody(containing("\"stream\":true"))
                .willReturn(Upstreams.stream(StreamBodies.Api.NVIDIA, "vllm says hi.")));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
    }

    private static JsonNode awaitRouting(RouterInstance router, java.util.function.Predicate<JsonNode> until) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50)).until(() -> {
            last[0] = JSON.readTree(router.get("/routing").body());
            return until.test(last[0]);
        });
        return last[0];
    }

    private static String status(JsonNode routing, String endpoint) {
        return routing.at("/endpoints/" + endpoint + "/status").asText();
    }

    private static List<String> chain(JsonNode routing) {
        List<String> out = new ArrayList<>();
        routing.path("fallbackChain").forEach(t -> out.add(t.path("provider").asText()));
        return out;
    }

    /** Sends one prompt through the OpenAI front door; answers the provider that answered it (in one attempt). */
    private static String prompt(RouterInstance router) {
        var r = router.postJson("/v1/chat/completions",
                "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("X-LLM-Attempts")).as("providers tried").contains("1");
        return r.headers().firstValue("X-LLM-Provider").orElse("");
    }

    /** Chat calls a stub received (streamed: the probes' own non-streamed calls are not counted). */
    private static int chatCalls(WireMockServer server, String path) {
        return server.findAll(postRequestedFor(urlEqualTo(path)).withRequestBody(containing("\"stream\":true")))
                .size();
    }
}
