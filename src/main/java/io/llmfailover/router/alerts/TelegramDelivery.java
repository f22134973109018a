package io.llmfailover.router.alerts;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
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
 * failed. The bot token never appears in what this logs (camel-telegram puts it in its error messages: it is masked).
 */
public final class TelegramDelivery {

    private static final Logger LOG = LoggerFactory.getLogger(TelegramDelivery.class);
    private static final Pattern RESPONDED = Pattern.compile("responded: (\\d{3})(.*)", Pattern.DOTALL);

    private final ObjectMapper mapper;
    private final RouterMetrics metrics;
    private final String token;
    private final String chatId;
    private final int maxAttempts;
    private final long backoffMs;
    private final long maxRetryAfterMs;

    public TelegramDelivery(RouterSettings settings, ObjectMapper mapper, RouterMetrics metrics) {
        this.mapper = mapper;
        this.metrics = metrics;
        this.token = settings.telegramToken();
        this.chatId = settings.telegramChatId();
        this.maxAttempts = settings.alertsMaxAttempts();
        this.backoffMs = settings.alertsRetryBackoff().toMillis();
        this.maxRetryAfterMs = settings.alertsMaxRetryAfter().toMillis();
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
        String message = null;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains("responded: ")) {
                message = t.getMessage();
                break;
            }
        }
        if (message != null) {
            Matcher m = RESPONDED.matcher(message);
            if (m.find()) {
                int status = Integer.parseInt(m.group(1));
                String body = m.group(2).trim();
                long retryAfterMs = 0;
                String description = null;
                try {
                    JsonNode root = mapper.readTree(body);
                    retryAfterMs = root.path("parameters").path("retry_after").asLong(0) * 1000;
                    description = root.path("description").asText(null);
                } catch (Exception notJson) {
                    description = "answer is not JSON";
                }
                return new Failure(status, retryAfterMs, mask("HTTP " + status + (description == null ? "" : ": " + description)));
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
