package io.llmfailover.router.wiring;

import java.time.Clock;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmfailover.router.alerts.AlertComposer;
import io.llmfailover.router.alerts.AlertDedup;
import io.llmfailover.router.alerts.TelegramDelivery;
import io.llmfailover.router.alerts.TelegramHttpClient;
import io.llmfailover.router.audit.AuditLog;
import io.llmfailover.router.metrics.RouterMetrics;
import io.llmfailover.router.redis.SharedState;
import io.llmfailover.router.settings.AlertSettings;
import io.llmfailover.router.settings.GeneralSettings;
import io.llmfailover.router.settings.RouterSettings;
import io.llmfailover.router.settings.TelegramSettings;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Configuration;
import org.apache.camel.component.telegram.TelegramComponent;

/**
 * What the router tells people: the audit log, the alert texts and their dedup, and the Telegram sender
 * (routes/alerts-telegram.camel.yaml). camel-telegram 4.17 sends without a timeout and reports a failed answer only
 * after completing the exchange, with the bot token in the message; {@link TelegramHttpClient} wraps it.
 */
@Configuration
public class AlertBeans implements CamelConfiguration {

    @BeanInject
    private TelegramSettings telegram;
    @BeanInject
    private ObjectMapper mapper;

    @BindToRegistry(lazy = true)
    public AuditLog auditLog(ObjectMapper json, Clock clock, GeneralSettings general) {
        return new AuditLog(json, clock, general.instanceId());
    }

    /** One alert per window across all instances sharing Redis; this instance's own window without it. */
    @BindToRegistry(lazy = true)
    public AlertDedup alertDedup(SharedState state) {
        return new AlertDedup(state.redis(), state.keyPrefix());
    }

    @BindToRegistry(lazy = true)
    public AlertComposer alertComposer(RouterSettings settings, AlertDedup dedup, RouterMetrics metrics, Clock clock) {
        return new AlertComposer(settings, dedup, metrics, clock);
    }

    @BindToRegistry(lazy = true)
    public TelegramDelivery telegramDelivery(TelegramSettings settings, AlertSettings alerts, RouterMetrics metrics) {
        return new TelegramDelivery(settings, alerts, metrics);
    }

    /** The telegram component: base URL, token, and the hardened HTTP client. */
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
