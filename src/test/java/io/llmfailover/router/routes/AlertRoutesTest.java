package io.llmfailover.router.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.llmfailover.router.alerts.Alert;
import io.llmfailover.router.core.HealthStatus;
import io.llmfailover.router.core.PropertyNames;
import io.llmfailover.router.events.PrimaryChangedEvent;
import io.llmfailover.router.metrics.RouterMetrics;
import io.llmfailover.router.quota.QuotaDecision;
import org.apache.camel.BeanInject;
import org.apache.camel.EndpointInject;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every alert kind through its route (routes/primary-changed.camel.yaml, routes/quota-events.camel.yaml) into the
 * one alert queue (direct:queue-alert in routes/alerts-telegram.camel.yaml), and its dedup: failover and recovery
 * once per failover window, quota once per quota window, a failing-closed gate once per failover window, nothing for
 * a switch between fallbacks. The Telegram queue is mocked; what reaches it is what would be sent.
 */
@CamelMainTest(propertyPlaceholderLocations = RouteTestSupport.PROPERTIES, mockEndpointsAndSkip = "seda:telegram-alerts*")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AlertRoutesTest extends RouteTestSupport {

    @EndpointInject("mock:seda:telegram-alerts")
    MockEndpoint telegram;

    @EndpointInject("direct:primary-changed")
    ProducerTemplate primaryChanged;

    @EndpointInject("direct:quota-event")
    ProducerTemplate quotaEvent;

    @BeanInject
    RouterMetrics metrics;

    @Override
    protected String routeFiles() {
        return "primary-changed,quota-events,alerts-telegram";
    }

    /** One Camel context for the class (each test uses its own alert kind, so no dedup window is shared). */
    @BeforeEach
    void resetQueue() {
        telegram.reset();
    }

    private static PrimaryChangedEvent event(String from, String to) {
        return new PrimaryChangedEvent(from, to, List.of("nemotron", "claude"), "ollama OFFLINE -> " + to,
                report(HealthStatus.OFFLINE, "connection refused"), "2026-11-26T05:05:00Z", "probe", 61_000);
    }

    private void quota(QuotaDecision decision) {
        quotaEvent.send(e -> e.setProperty(PropertyNames.QUOTA, decision));
    }

    private List<Alert> alerts() {
        return telegram.getExchanges().stream().map(e -> e.getMessage().getBody(Alert.class)).toList();
    }

    @Test
    void aFailoverIsAlertedOncePerWindow() throws Exception {
        telegram.expectedMessageCount(1);

        primaryChanged.sendBody(event("ollama", "gemini"));
        primaryChanged.sendBody(event("ollama", "gemini"));

        telegram.assertIsSatisfied();
        assertThat(alerts()).extracting(Alert::type).containsExactly(Alert.FAILOVER);
        assertThat(alerts().get(0).text()).startsWith("LLM failover: Ollama lost\nOllama: OFFLINE (connection refused)");
        assertThat(metrics.count("llm.alerts", "type", "failover", "outcome", "deduplicated")).isEqualTo(1);
    }

    @Test
    void aRecoveryIsAlertedOncePerWindowWithHowLongOllamaWasAway() throws Exception {
        telegram.expectedMessageCount(1);

        primaryChanged.sendBody(event("gemini", "ollama"));
        primaryChanged.sendBody(event("gemini", "ollama"));

        telegram.assertIsSatisfied();
        assertThat(alerts()).extracting(Alert::type).containsExactly(Alert.RECOVERY);
        assertThat(alerts().get(0).text()).startsWith("LLM recovered: back on Ollama after 1m 1s");
    }

    @Test
    void aSwitchBetweenFallbacksIsNotAlerted() throws Exception {
        primaryChanged.sendBody(event("gemini", "nemotron"));

        // the alert routes are synchronous up to the queue: what was not queued when send returns never will be
        assertThat(telegram.getReceivedCounter()).isZero();
    }

    @Test
    void anExhaustedQuotaIsAlertedOncePerDay() throws Exception {
        telegram.expectedMessageCount(1);

        quota(new QuotaDecision(true, 500, 500, "allowed", false));
        quota(new QuotaDecision(false, 500, 500, "gemini daily quota reached (500/500)", false));
        quota(new QuotaDecision(false, 500, 500, "gemini daily quota reached (500/500)", false));

        telegram.assertIsSatisfied();
        assertThat(alerts()).extracting(Alert::type).containsExactly(Alert.QUOTA);
        assertThat(alerts().get(0).text()).startsWith("Gemini daily quota exhausted: 500/500 calls on ");
    }

    @Test
    void aCallWithinTheQuotaIsNotAlerted() throws Exception {
        quota(new QuotaDecision(true, 7, 500, "allowed", false));

        assertThat(telegram.getReceivedCounter()).isZero();
    }

    @Test
    void aGateFailingClosedIsAlertedOncePerWindowAndEveryErrorCounted() throws Exception {
        telegram.expectedMessageCount(1);
        QuotaDecision failedClosed = new QuotaDecision(false, -1, 500,
                "gemini quota gate failed closed (redis redis://r:6379 unavailable)", true);

        quota(failedClosed);
        quota(failedClosed);

        telegram.assertIsSatisfied();
        assertThat(alerts()).extracting(Alert::type).containsExactly(Alert.GATE_ERROR);
        assertThat(alerts().get(0).text()).startsWith("Gemini quota gate failing closed: gemini quota gate failed closed");
        assertThat(alerts().get(0).text()).contains("other instances may report the same outage");
        assertThat(metrics.count("llm.quota.gate.errors")).isEqualTo(2);
    }
}
