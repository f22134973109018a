package io.llmfailover.router.alerts;

/**
 * One Telegram message to send.
 *
 * @param type     {@code failover}, {@code recovery}, {@code quota}, {@code gate_error} or {@code provider_error}: the
 *                 metric label
 * @param text     the message, plain text, at most 4,096 characters, with no key, token or prompt text
 */
public record Alert(String type, String text) {

    public static final int MAX_LENGTH = 4096;

    public static final String FAILOVER = "failover";
    public static final String RECOVERY = "recovery";
    public static final String QUOTA = "quota";
    public static final String GATE_ERROR = "gate_error";
    public static final String PROVIDER_ERROR = "provider_error";
}
