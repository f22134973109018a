package io.llmfailover.router.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import io.llmfailover.router.chat.ChatRequest;
import io.llmfailover.router.core.HealthStatus;
import io.llmfailover.router.core.PropertyNames;
import io.llmfailover.router.core.Provider;
import io.llmfailover.router.health.HealthCache;
import io.llmfailover.router.health.OllamaHealth;
import io.llmfailover.router.quota.GeminiQuotaGate;
import io.llmfailover.router.routing.ForcedPrimary;
import io.llmfailover.router.routing.ProviderTarget;
import io.llmfailover.router.routing.RoutingDecision;
import org.apache.camel.BeanInject;
import org.apache.camel.EndpointInject;
import org.apache.camel.Exchange;
import org.apache.camel.FluentProducerTemplate;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.apache.camel.test.main.junit5.ReplaceInRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * routes/select-provider.camel.yaml, the one place that decides a prompt's provider order, step by step: every
 * matrix branch, the quota substitution (spent, and unreadable: fail closed), the forced primary and the requested
 * provider. Ollama's health is replaced in the registry by one the test sets; the Gemini counter is the real
 * in-memory gate (and, in {@link FailClosed}, the real Redis gate pointed at a port where nothing listens).
 */
@CamelMainTest(propertyPlaceholderLocations = RouteTestSupport.PROPERTIES)
class SelectProviderRouteTest extends RouteTestSupport {

    @ReplaceInRegistry
    OllamaHealth ollamaHealth = new OllamaHealth(1, CLOCK, HealthCache.none());

    @BeanInject
    GeminiQuotaGate geminiQuotaGate;

    @BeanInject
    ForcedPrimary forcedPrimary;

    @EndpointInject("direct:select-provider")
    FluentProducerTemplate selectProvider;

    @Override
    protected String routeFiles() {
        return "select-provider";
    }

    @AfterEach
    void releaseForcedPrimaryAndQuota() {
        forcedPrimary.clear();
        geminiQuotaGate.setQuota(500);
    }

    private RoutingDecision decide(HealthStatus health, ChatRequest request) {
        ollamaHealth.record(report(health, "test verdict"));
        Exchange ex = selectProvider.withProcessor(e -> {
            if (request != null) {
                e.setProperty(PropertyNames.REQUEST, request);
            }
        }).send();
        assertThat(ex.getException()).isNull();
        return ex.getMessage().getBody(RoutingDecision.class);
    }

    private static List<String> order(RoutingDecision d) {
        return d.order().stream().map(Provider::id).toList();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "HEALTHY  | ollama,gemini",
        "SLOW     | gemini,ollama,nemotron,claude",
        "DEGRADED | gemini,nemotron,claude",
        "OFFLINE  | gemini,nemotron,claude"})
    void eachMatrixBranchPicksItsOrder(HealthStatus health, String expected) {
        RoutingDecision d = decide(health, null);

        assertThat(order(d)).containsExactly(expected.split(","));
        assertThat(d.primary().provider()).isEqualTo(expected.split(",")[0]);
        assertThat(d.fallbackChain()).extracting(ProviderTarget::provider)
                .containsExactly(List.of(expected.split(",")).subList(1, expected.split(",").length).toArray(String[]::new));
        assertThat(d.reason()).matches("ollama " + health + " -> " + expected.split(",")[0]
                + " at \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat(d.health().status()).isEqualTo(health);
    }

    @ParameterizedTest(name = "{0} with the quota spent -> {1}")
    @CsvSource(delimiter = '|', value = {
        "HEALTHY  | ollama,nemotron,claude",
        "SLOW     | nemotron,claude,ollama",
        "OFFLINE  | nemotron,claude"})
    void aSpentQuotaPutsTheQuotaExceededOrderInGeminisPlace(HealthStatus health, String expected) {
        geminiQuotaGate.setQuota(0);

        RoutingDecision d = decide(health, null);

        assertThat(order(d)).containsExactly(expected.split(","));
        assertThat(d.reason()).endsWith("; gemini daily quota reached (0/0)");
        assertThat(d.geminiQuota().available()).isFalse();
        assertThat(d.quotaUnreadable()).isFalse();
    }

    @Test
    void lookingAtTheQuotaNeverCountsACall() {
        for (int i = 0; i < 5; i++) {
            decide(HealthStatus.OFFLINE, null);
        }
        assertThat(geminiQuotaGate.peek().count()).isZero();
    }

    @Test
    void aForcedPrimaryGoesFirstAndTheRestKeepTheirOrder() {
        forcedPrimary.force(Provider.CLAUDE, Duration.ofMinutes(5));

        RoutingDecision d = decide(HealthStatus.SLOW, null);

        assertThat(order(d)).containsExactly("claude", "gemini", "ollama", "nemotron");
        assertThat(d.reason()).contains("forced by operator until ");
    }

    @Test
    void theRequestedProviderGoesFirstWhenItIsInTheChain() {
        ChatRequest byId = ChatRequest.ofPrompt("hi").withModel("claude");
        ChatRequest byModel = ChatRequest.ofPrompt("hi").withModel("nvidia/nemotron-mini-4b-instruct");
        ChatRequest notInChain = ChatRequest.ofPrompt("hi").withModel("ollama");
        ChatRequest anything = ChatRequest.ofPrompt("hi").withModel("gpt-4o");

        assertThat(order(decide(HealthStatus.OFFLINE, byId))).containsExactly("claude", "gemini", "nemotron");
        assertThat(order(decide(HealthStatus.OFFLINE, byModel))).containsExactly("nemotron", "gemini", "claude");
        assertThat(order(decide(HealthStatus.OFFLINE, notInChain))).containsExactly("gemini", "nemotron", "claude");
        assertThat(order(decide(HealthStatus.OFFLINE, anything))).containsExactly("gemini", "nemotron", "claude");
        assertThat(decide(HealthStatus.OFFLINE, byId).reason()).endsWith("; claude first as the request asked");
    }

    /** The Redis quota gate with Redis unreachable: the decision cannot read the counter and skips Gemini. */
    @CamelMainTest(propertyPlaceholderLocations = RouteTestSupport.PROPERTIES,
            properties = {"llm.redis.url=redis://127.0.0.1:1", "llm.redis.timeout=200ms"})
    @Nested
    class FailClosed {

        @Test
        void anUnreadableCounterFailsClosed() {
            RoutingDecision d = decide(HealthStatus.OFFLINE, null);

            assertThat(order(d)).containsExactly("nemotron", "claude");
            assertThat(d.quotaUnreadable()).isTrue();
            assertThat(d.reason()).contains("; gemini quota gate failed closed (redis redis://127.0.0.1:1 unavailable");
        }
    }
}
