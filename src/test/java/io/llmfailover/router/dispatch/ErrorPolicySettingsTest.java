package io.llmfailover.router.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import io.llmfailover.router.chat.Attempt;
import io.llmfailover.router.chat.ChatResponse;
import io.llmfailover.router.chat.ContentFilteredException;
import io.llmfailover.router.core.HealthStatus;
import io.llmfailover.router.health.HealthReport;
import io.llmfailover.router.support.RouterInstance;
import io.llmfailover.router.support.Upstreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The settings that change the reactions of "When a provider fails": {@code llm.routing.on-content-filter=next},
 * {@code llm.<provider>.max-attempts}, {@code llm.retry.max-wait} against the prompt's time left.
 */
class ErrorPolicySettingsTest {

    static Upstreams up;
    static RouterInstance router;

    @BeforeAll
    static void startRouter() {
        up = new Upstreams().allHealthy();
        router = RouterInstance.startProbed(up.routerPropertiesWithEveryProvider(Map.of(
                "llm.routing.on-content-filter", "next", "llm.gemini.max-attempts", "1", "llm.retry.max-wait", "5s",
                "llm.request-timeout", "2s")));
    }

    @AfterAll
    static void stopRouter() {
        router.close();
        up.close();
    }

    @BeforeEach
    void everyProviderAnswers() {
        ErrorTaxonomyTest.afresh(router, up);
    }

    static ChatResponse ask(String provider) {
        return ErrorTaxonomyTest.ask(router, provider);
    }

    @Test
    void withNextARefusedPromptGoesToTheNextProvider() {
        up.gemini(ErrorTaxonomyTest.P.GEMINI.refusal());
        ChatResponse r = ask("gemini");
        assertThat(r.provider()).isEqualTo("ollama");
        assertThat(r.attempts().get(0).reason()).isEqualTo("prompt blocked by Gemini's safety settings (blockReason SAFETY)");
    }

    @Test
    void withNextAPromptEveryProviderRefusesIsStillA400() {
        // Ollama (which has no content filter) out of the chain: degraded = gemini, nemotron, claude
        up.ollama.reset().tags(io.llmfailover.router.support.OllamaStub.MODEL)
                .generateError(503, "server busy, please try again.  maximum pending requests exceeded");
        assertThat(router.template().requestBody("direct:check-health", null, HealthReport.class).status())
                .isEqualTo(HealthStatus.DEGRADED);
        up.gemini(ErrorTaxonomyTest.P.GEMINI.refusal());
        up.nvidia(ErrorTaxonomyTest.P.NEMOTRON.refusal());
        up.claude(ErrorTaxonomyTest.P.CLAUDE.refusal());
        assertThatThrownBy(() -> ask("gemini")).cause().isInstanceOf(ContentFilteredException.class)
                .hasMessage("every provider that was asked declined the request on content-policy grounds; gemini "
                        + "said: prompt blocked by Gemini's safety settings (blockReason SAFETY)");
    }

    @Test
    void maxAttemptsOneMeansATransientErrorMovesOnAtOnce() {
        up.gemini(Upstreams.json(500, "{\"error\":{\"code\":500,\"message\":\"Internal error encountered.\","
                + "\"status\":\"INTERNAL\"}}"));
        ChatResponse r = ask("gemini");
        assertThat(r.attempts()).extracting(Attempt::provider).containsExactly("gemini", "ollama");
        assertThat(up.geminiCalls()).isEqualTo(1);
    }

    @Test
    void aWaitLongerThanThePromptHasLeftMovesOnAtOnce() {
        // 3 s is within llm.retry.max-wait (5 s) but not within llm.request-timeout (2 s)
        up.nvidia(Upstreams.json(429, "{\"status\":429,\"title\":\"Too Many Requests\"}").withHeader("Retry-After", "3"));
        ChatResponse r = ask("nemotron");
        assertThat(r.attempts()).extracting(Attempt::provider).containsExactly("nemotron", "ollama");
        assertThat(r.attempts().get(0).reason()).isEqualTo("rate limited, HTTP 429: Too Many Requests");
        assertThat(up.nvidiaCalls()).isEqualTo(1);
    }
}
