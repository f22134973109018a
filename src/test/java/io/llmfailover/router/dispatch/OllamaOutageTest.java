package io.llmfailover.router.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.llmfailover.router.chat.Attempt;
import io.llmfailover.router.chat.ChatResponse;
import io.llmfailover.router.core.HealthStatus;
import io.llmfailover.router.health.OllamaHealth;
import io.llmfailover.router.support.RouterInstance;
import io.llmfailover.router.support.Upstreams;
import org.junit.jupiter.api.Test;

/** Ollama dies in the middle of 1,000 sequential prompts and comes back: no prompt fails. */
class OllamaOutageTest {

    @Test
    void anOutageDuringAThousandSequentialPromptsFailsNoneAndCostsOneAttempt() throws Exception {
        try (Upstreams up = new Upstreams().allHealthy()) {
            Map<String, String> props = new HashMap<>(up.routerProperties());
            props.put("llm.health.poll-interval", "200ms");
            props.put("llm.health.recovery-probes", "3");
            try (RouterInstance router = RouterInstance.start(props)) {
                OllamaHealth health = router.bean("ollamaHealth", OllamaHealth.class);
                await().until(() -> health.current().status() == HealthStatus.HEALTHY);
                int failed = 0;
                int byOllama = 0;
                int byGemini = 0;
                int ollamaFailedAttempts = 0;
                for (int i = 0; i < 1000; i++) {
                    if (i == 300) {
                        up.ollama.stop();
                    }
                    if (i == 700) {
                        up.ollama.start();
                        up.allHealthy();
                    }
                    HttpResponse<String> r = RouterInstance.send(HttpRequest.newBuilder(
                            URI.create(router.baseUrl() + "/v1/chat/completions"))
                            .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"auto\",\"messages\":[{\"role\":\"user\","
                                    + "\"content\":\"prompt " + i + "\"}]}")).build());
                    if (r.statusCode() != 200) {
                        failed++;
                        continue;
                    }
                    String provider = r.headers().firstValue("X-LLM-Provider").orElse("");
                    if (provider.equals("ollama")) {
                        byOllama++;
                    } else if (provider.equals("gemini")) {
                        byGemini++;
                    }
                    if (!r.headers().firstValue("X-LLM-Attempts").orElse("1").equals("1")) {
                        ollamaFailedAttempts++;
                    }
                }
                System.out.printf("outage run: 1000 prompts, %d failed, %d by ollama, %d by gemini, %d paid a failed ollama attempt%n",
                        failed, byOllama, byGemini, ollamaFailedAttempts);
                assertThat(failed).isZero();
                assertThat(byGemini).isGreaterThanOrEqualTo(400);
                // passive health: the outage costs at most one failed attempt (the probe may even see it first)
                assertThat(ollamaFailedAttempts).isLessThanOrEqualTo(1);
                // and Ollama is used again after recovery
                await().atMost(Duration.ofSeconds(10)).until(() -> router.template()
                        .requestBody("direct:chat", "after", ChatResponse.class).provider().equals("ollama"));
                assertThat(router.template().requestBody("direct:chat", "again", ChatResponse.class).attempts())
                        .extracting(Attempt::provider).containsExactly("ollama");
                assertThat(byOllama).isGreaterThanOrEqualTo(300);
            }
        }
    }
}
