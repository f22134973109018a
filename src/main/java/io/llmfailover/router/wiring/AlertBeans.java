package io.llmfailover.router.wiring;

import java.time.Clock;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmfailover.router.alerts.AlertComposer;
import io.llmfailover.router.alerts.AlertDedup;
import io.llmfailover.router.alerts.TelegramDelivery;
import io.llmfailover.router.alerts.TelegramHttpClient;
import io.llmfailover.router.metrics.RouterMetrics;
import io.llmfailover.router.settings.AlertSettings;
import io.llmfailover.router.settings.LiveSettings;
import io.llmfailover.router.settings.TelegramSettings;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Configuration;
import org.apache.camel.component.telegram.TelegramComponent;

/**
 * Alerts: their texts and dedup, and the Telegram sender (routes/alerts-telegram.camel.yaml). camel-telegram 4.17
 * sends without a timeout and reports a failed answer only after completing the exchange, with the bot token in the
 * message, so the component gets {@link TelegramHttpClient}, which fixes both.
 */
@Configuration
public class AlertBeans implements CamelConfiguration {

    @BeanInject
    private TelegramSettings telegram;
    @BeanInject
    private ObjectMapper mapper;

    @BindToRegistry
    public AlertComposer alertComposer(LiveSettings live, AlertDedup dedup, RouterMetrics metrics, Clock clock) {
        return new AlertComposer(live, dedup, metrics, clock);
    }

    @BindToRegistry
    public TelegramDelivery telegramDelivery(TelegramSettings settings, AlertSettings alerts, RouterMetrics metrics) {
        return new TelegramDelivery(settings, alerts, metrics);
    }

    /** The telegram component: base URL, bot token, and the hardened HTTP client. */
    @Override
    public void configure(CamelContext context) {
        TelegramComponent component = context.getComponent("telegram", TelegramComponent.class);
        component.setBaseUri(telegram.baseUrl());
        component.setClient(new TelegramHttpClient(telegram.timeout(), mapper));
        if (telegram.token() != null) {
            component.setAuthorizationToken(telegram.token());
        }
    }
}
