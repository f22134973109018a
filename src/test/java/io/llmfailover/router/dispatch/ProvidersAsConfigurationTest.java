package io.llmfailover.router.dispatch;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.management.ObjectName;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.llmfailover.router.chat.ChatRequest;
import io.llmfailover.router.chat.ChatResponse;
import io.llmfailover.router.support.RouterInstance;
import io.llmfailover.router.support.StreamBodies;
import io.llmfailover.router.support.Upstreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Providers and matrices as configuration, end to end through a real router: a second Ollama host and an
 * OpenAI-compatible provider declared only in a properties file (no Java, no route file), a matrix per task, and the
 * file edited while prompts flow (reload without restart; a bad edit refused whole).
 */
class ProvidersAsConfigurationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GROQ_KEY = "gsk-test-key-0004";

    @TempDir
    static Path dir;
    static Path config;
    static Upstreams up;
    /** Its Ollama is the second Ollama host (gpu2); its NVIDIA server is the OpenAI-compatible groq. */
    static Upstreams more;
    static RouterInstance router;

    @BeforeAll
    static void start() throws IOException {
        up = new Upstreams();
        more = new Upstreams();
        config = dir.resolve("router.properties");
        write(catalogue(""));
        Map<String, String> props = new HashMap<>(up.routerProperties());
        props.put("llm.config.file", config.toString());
        props.put("llm.config.check-interval", "100ms");
        // gpu2 is probed like any self-hosted endpoint (by its timer only): often, so a test finds it healthy
        props.put("llm.health.poll-interval", "200ms");
        more.ollama.healthy();
        router = RouterInstance.start(props);
    }

    @AfterAll
    static void stop() {
        router.close();
        up.close();
        more.close();
    }

    @BeforeEach
    void afresh() {
        up.reset();
        more.reset();
        up.allHealthy();
        more.ollama.healthy();
        router.template().requestBody("direct:check-health", (Object) null);
        up.ollamaChatOk("from ollama");
        more.ollamaChatOk("from gpu2");
        more.nvidiaOk("from groq");
        up.claudeOk("from claude");
        up.geminiOk("from gemini");
        await().atMost(Duration.ofSeconds(10)).until(() -> JSON.readTree(router.get("/routing").body())
                .at("/endpoints/gpu2/status").asText().equals("HEALTHY"));
    }

    /** The file a deployment edits: two providers more, and two task policies. */
    static String catalogue(String extra) {
        return String.join("\n",
                "llm.providers.gpu2.type = ollama",
                "llm.providers.gpu2.base-url = " + more.ollama.url(),
                "llm.providers.gpu2.model = llama3.1:8b",
                "llm.providers.gpu2.health-model = llama3.2:3b",
                "llm.providers.groq.type = openai",
                "llm.providers.groq.base-url = http://127.0.0.1:" + more.nvidia.port(),
                "llm.providers.groq.model = llama-3.3-70b-versatile",
                "llm.providers.groq.api-key = " + GROQ_KEY,
                "llm.routing.healthy = ollama,gpu2,groq",
                "llm.routing.code.healthy = groq,claude",
                "llm.routing.bulk.healthy = gpu2",
                extra, "");
    }

    static void write(String text) throws IOException {
        Path tmp = dir.resolve("router.properties.tmp");
        Files.writeString(tmp, text);
        Files.move(tmp, config, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    static String chat(String model, String task, String metadataTask) {
        String body = "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]"
                + (metadataTask == null ? "" : ",\"metadata\":{\"task\":\"" + metadataTask + "\"}") + "}";
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(router.baseUrl() + "/v1/chat/completions"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (task != null) {
            r.header("X-LLM-Task", task);
        }
        HttpResponse<String> res = RouterInstance.send(r.build());
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        return res.headers().firstValue("X-LLM-Provider").orElseThrow();
    }

    @Test
    void anOpenAiCompatibleProviderDeclaredInTheFileAnswersWithItsOwnModelAndKey() throws Exception {
        assertThat(chat("groq", null, null)).isEqualTo("groq");
        more.nvidia.verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withHeader("Authorization", equalTo("Bearer " + GROQ_KEY)));
        assertThat(Upstreams.lastChatBody(more.nvidia).path("model").asText()).isEqualTo("llama-3.3-70b-versatile");
        assertThat(router.context().getRoute("call-groq")).isNotNull();
        assertThat(router.context().getRoute("call-gpu2")).isNotNull();
        JsonNode models = JSON.readTree(router.get("/v1/models").body());
        assertThat(models.findValuesAsText("id")).contains("groq", "gpu2", "llama-3.3-70b-versatile", "llama3.1:8b");
    }

    @Test
    void theSecondOllamaHostTakesOverWhenTheFirstFails() {
        up.ollamaChat(Upstreams.json(404, "{\"error\":\"model 'llama3.2:3b' not found\"}"));
        assertThat(chat("auto", null, null)).isEqualTo("gpu2");
        assertThat(Upstreams.lastChatBody(more.ollama.server()).path("model").asText()).isEqualTo("llama3.1:8b");
    }

    @Test
    void aTaskPicksItsOwnRowFromTheHeaderTheMetadataOrTheRequest() throws Exception {
        assertThat(chat("auto", "code", null)).isEqualTo("groq");
        assertThat(chat("auto", null, "code")).isEqualTo("groq");
        assertThat(chat("auto", "bulk", "code")).as("the header wins over metadata").isEqualTo("gpu2");
        ChatResponse r = router.template().requestBody("direct:chat", ChatRequest.ofPrompt("Hi").withTask("code"),
                ChatResponse.class);
        assertThat(r.provider()).isEqualTo("groq");
        JsonNode routing = JSON.readTree(router.get("/routing").body());
        assertThat(routing.path("primary").path("provider").asText()).isEqualTo("ollama");
        assertThat(routing.at("/tasks/code/healthy").toString()).isEqualTo("[\"groq\",\"claude\"]");
        assertThat(routing.at("/tasks/bulk/healthy").toString()).isEqualTo("[\"gpu2\"]");

        double unknownBefore = unknownTasks();
        assertThat(chat("auto", "poetry", null)).as("an unknown task takes the default matrix").isEqualTo("ollama");
        assertThat(unknownTasks()).isEqualTo(unknownBefore + 1);
        String metrics = RouterInstance.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + router.managementPort() + "/observe/metrics")).GET().build()).body();
        assertThat(metrics).contains("llm_routing_unknown_task_prompts_total").containsPattern(
                "llm_routing_task_prompts_total\\{[^}]*task=\"code\"[^}]*\\} [1-9]");
    }

    private static double unknownTasks() throws Exception {
        return ((Number) ManagementFactory.getPlatformMBeanServer().getAttribute(configurationMBean(), "UnknownTasks"))
                .doubleValue();
    }

    private static ObjectName configurationMBean() throws Exception {
        return new ObjectName("io.llmfailover:type=Configuration,name=" + ObjectName.quote(router.context().getName()));
    }

    @Test
    void editingTheFileUnderLoadReroutesTheNextPromptsAndLosesNone() throws Exception {
        WireMockServer late = more.anthropic; // a third API root, speaking OpenAI's format for this provider
        late.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(Upstreams.stream(StreamBodies.Api.NVIDIA,
                "from late")));
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService load = Executors.newFixedThreadPool(4);
        List<Future<List<String>>> workers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            workers.add(load.submit(() -> {
                List<String> seen = new ArrayList<>();
                while (running.get()) {
                    seen.add(chat("auto", "code", null));
                }
                return seen;
            }));
        }
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> more.nvidia.getAllServeEvents().size() >= 20);
            write(catalogue(String.join("\n", "llm.providers.late.type = openai",
                    "llm.providers.late.base-url = http://127.0.0.1:" + late.port(),
                    "llm.providers.late.model = late-model", "llm.providers.late.api-key = late-key",
                    "llm.routing.code.healthy = late,groq")));
            await().atMost(Duration.ofSeconds(10)).until(() -> late.getAllServeEvents().size() >= 20);

            // a bad edit: refused whole, the running configuration stays
            write(catalogue(String.join("\n", "llm.providers.late.type = openai",
                    "llm.providers.late.base-url = http://127.0.0.1:" + late.port(),
                    "llm.providers.late.model = late-model", "llm.providers.late.daily-calls = -5",
                    "llm.routing.code.healthy = groq")));
            String refused = (String) ManagementFactory.getPlatformMBeanServer().invoke(configurationMBean(),
                    "reloadConfiguration", null, null);
            assertThat(refused).contains("refused, the running configuration stays: Invalid setting "
                    + "llm.providers.late.daily-calls=-5: must be >= 0 (set in file " + config.toAbsolutePath() + ")");
            int lateBefore = late.getAllServeEvents().size();
            await().atMost(Duration.ofSeconds(10)).until(() -> late.getAllServeEvents().size() >= lateBefore + 20);
        } finally {
            running.set(false);
            load.shutdown();
        }
        int answered = 0;
        for (Future<List<String>> w : workers) {
            List<String> seen = w.get(); // a prompt that failed would have thrown here
            answered += seen.size();
            assertThat(seen).isSubsetOf("groq", "late");
        }
        assertThat(answered).isGreaterThan(60);
        assertThat(router.context().getRoute("call-late")).isNotNull();
        write(catalogue(""));
        await().atMost(Duration.ofSeconds(10)).until(() -> router.context().getRoute("call-late") == null);
        assertThat(chat("auto", "code", null)).isEqualTo("groq");
    }
}
