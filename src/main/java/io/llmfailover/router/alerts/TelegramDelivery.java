package io.llmfailover.router.alerts;

import java.time.Duration;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmfailover.router.config.RouterSettings;
import io.llmfailover.router.metrics.RouterMetrics;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.component.telegram.model.OutgoingTextMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The computing half of the alert sender (routes/alerts-telegram.camel.yaml): one {@link Delivery} per alert, retried
 * with exponential back-off ({@code llm.alerts.retry-backoff}, doubling) or after Telegram's own
 * {@code parameters.retry_after}, at most {@code llm.alerts.max-attempts} times, then logged once and counted as
 * failed. Failures come as {@link TelegramApiException} (see {@link TelegramHttpClient}); the bot token is masked from
 * anything logged.
 */
public final class TelegramDelivery {

    private static final Logger LOG = LoggerFactory.getLogger(TelegramDelivery.class);

    private final ObjectMapper mapper;
    private final RouterMetrics metrics;
    private final String token;
    private final String chatId;
    private final int maxAttempts;
    private final long backoffMs;
    private final long maxRetryAfterMs;
    private final long timeoutMs;

    public TelegramDelivery(RouterSettings settings, ObjectMapper mapper, RouterMetrics metrics) {
        this.mapper = mapper;
        this.metrics = metrics;
        this.token = settings.telegramToken();
        this.chatId = settings.telegramChatId();
        this.maxAttempts = settings.alertsMaxAttempts();
        this.backoffMs = settings.alertsRetryBackoff().toMillis();
        this.maxRetryAfterMs = settings.alertsMaxRetryAfter().toMillis();
        this.timeoutMs = settings.telegramTimeout().toMillis();
    }

    /** True when a bot token and a chat id are configured. */
    public boolean isEnabled() {
        return token != null && chatId != null;
    }

    public Delivery start(@Body Alert alert) {
        return new Delivery(alert);
    }

    /** The sendMessage body: plain text (no parse mode, so nothing needs escaping). */
    public OutgoingTextMessage message(@ExchangeProperty("llmDelivery") Delivery delivery) {
        OutgoingTextMessage m = new OutgoingTextMessage();
        m.setChatId(chatId);
        m.setText(delivery.alert.text());
        m.setDisableWebPagePreview(true);
        delivery.attempts++;
        return m;
    }

    public void sent(@ExchangeProperty("llmDelivery") Delivery delivery) {
        delivery.done = true;
        metrics.alert(delivery.alert.type(), "sent");
        LOG.info("Telegram {} alert sent (attempt {})", delivery.alert.type(), delivery.attempts);
    }

    public void failed(@ExchangeProperty("llmDelivery") Delivery delivery,
            @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable failure) {
        Failure f = describe(failure);
        boolean retryable = f.status != 400 && f.retryAfterMs <= maxRetryAfterMs;
        if (!retryable || delivery.attempts >= maxAttempts) {
            delivery.done = true;
            metrics.alert(delivery.alert.type(), "failed");
            LOG.warn("Telegram {} alert not delivered after {} attempt(s): {}", delivery.alert.type(), delivery.attempts,
                    f.reason);
            return;
        }
        long backoff = backoffMs << Math.min(20, delivery.attempts - 1);
        delivery.delayMs = Math.max(backoff, f.retryAfterMs);
        LOG.debug("Telegram {} alert attempt {} failed ({}); retrying in {} ms", delivery.alert.type(), delivery.attempts,
                f.reason, delivery.delayMs);
    }

    /** No token or chat id: the alert is logged instead, and counted as skipped. */
    public void skipped(@Body Alert alert) {
        metrics.alert(alert.type(), "skipped");
        LOG.warn("Telegram not configured (LLM_TELEGRAM_TOKEN, LLM_TELEGRAM_CHAT_ID); {} alert not sent:\n{}", alert.type(),
                alert.text());
    }

    Failure describe(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof TelegramApiException api) {
                return new Failure(api.getStatus(), api.getRetryAfterSeconds() * 1000, mask(api.getMessage()));
            }
            if (t instanceof java.net.http.HttpTimeoutException) {
                return new Failure(0, 0, "HttpTimeoutException: no answer within llm.telegram.timeout (" + timeoutMs + " ms)");
            }
            if (t instanceof java.net.ConnectException) {
                return new Failure(0, 0, "ConnectException: connection refused");
            }
            if (t.getCause() == t) {
                break;
            }
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
        return new Failure(0, 0, mask(text));
    }

    private String mask(String text) {
        return token == null || token.isEmpty() ? text : text.replace(token, "***");
    }

    record Failure(int status, long retryAfterMs, String reason) {
    }

    /** One alert on its way: attempts so far, the delay before the next one, done or not. */
    public static final class Delivery {
        private final Alert alert;
        private int attempts;
        private long delayMs;
        private boolean done;

        Delivery(Alert alert) {
            this.alert = alert;
        }

        public boolean isPending() {
            return !done;
        }

        /** Milliseconds to wait before the next attempt (0 before the first). */
        public long getDelayMs() {
            return delayMs;
        }

        public int getAttempts() {
            return attempts;
        }

        public Alert getAlert() {
            return alert;
        }
    }

    /** For logs: how long a retry may wait at most. */
    public Duration maxRetryAfter() {
        return Duration.ofMillis(maxRetryAfterMs);
    }
}
