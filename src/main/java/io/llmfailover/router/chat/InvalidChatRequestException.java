package io.llmfailover.router.chat;

/**
 * The prompt cannot be sent anywhere as it is: no messages, an empty prompt, an unknown role, a bad number. The
 * message says precisely what is wrong; no provider was called.
 */
public class InvalidChatRequestException extends IllegalArgumentException {

    private final String param;

    public InvalidChatRequestException(String message) {
        this(message, null);
    }

    public InvalidChatRequestException(String message, String param) {
        super(message);
        this.param = param;
    }

    /** The offending field (e.g. {@code messages[2].role}), or null. */
    public String getParam() {
        return param;
    }
}
