package io.llmfailover.router.alerts;

import io.llmfailover.router.core.PropertyNames;
import io.llmfailover.router.metrics.RouterMetrics;
import io.llmfailover.router.settings.AlertSettings;
import io.llmfailover.router.settings.TelegramSettings;
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

    private final RouterMetrics metrics;
    private final String token;
    private final String chatId;
    private final int maxAttempts;
    private final long backoffMs;
    private final long maxRetryAfterMs;
    private final long timeoutMs;

    public TelegramDelivery(TelegramSettings telegram, AlertSettings alerts, RouterMetrics metrics) {
        this.metrics = metrics;
        this.token = telegram.token();
        this.chatId = telegram.chatId();
        this.maxAttempts = alerts.maxAttempts();
        this.backoffMs = alerts.retryBackoff().toMillis();
        this.maxRetryAfterMs = alerts.maxRetryAfter().toMillis();
        this.timeoutMs = telegram.timeout().toMillis();
    }

    /** True when a bot token and a chat id are configured. */
    public boolean isEnabled() {
        return token != null && chatId != null;
    }

    public Delivery start(@Body Alert alert) {
        return new Delivery(alert);
    }

    /** The sendMessage body: plain text (no parse mode, so nothing needs escaping). */
    public OutgoingTextMessage message(@ExchangeProperty(PropertyNames.DELIVERY) Delivery delivery) {
        OutgoingTextMessage m = new OutgoingTextMessage();
        m.setChatId(chatId);
        m.setText(delivery.alert.text());
        m.setDisableWebPagePreview(true);
        return m;
    }

    /** One attempt succeeded: the alert is delivered. */
    public void sent(@ExchangeProperty(PropertyNames.DELIVERY) Delivery delivery) {
        delivery.attempts++;
        delivery.done = true;
        metrics.alert(delivery.alert.type(), "sent");
        LOG.info("Telegram {} alert sent (attempt {})", delivery.alert.type(), delivery.attempts);
    }

    /** One attempt failed: retry after a back-off, or give up (a 400, too long a retry_after, too many attempts). */
    public void failed(@ExchangeProperty(PropertyNames.DELIVERY) Delivery delivery,
            @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable failure) {
        delivery.attempts++;
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
}
