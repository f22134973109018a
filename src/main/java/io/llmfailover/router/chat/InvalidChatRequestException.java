package io.llmfailover.router.chat;

/**
 * The prompt cannot be sent anywhere as it is: no messages, an empty prompt, an unknown role, a bad number. The
 * message says precisely what is wrong; no provider was called.
 */
public class InvalidChatRequestException extends IllegalArgumentException {

    private final String param;
    private final String code;

    public InvalidChatRequestException(String message) {
        this(message, null);
    }

    public InvalidChatRequestException(String message, String param) {
        this(message, param, null);
    }

    /** @param code the OpenAI-style error code the client gets ({@code context_length_exceeded}, ...), or null */
    public InvalidChatRequestException(String message, String param, String code) {
        super(message);
        this.param = param;
        this.code = code;
    }

    /** The error code the client gets, or null. */
    public String getCode() {
        return code;
    }

    /** The offending field (e.g. {@code messages[2].role}), or null. */
    public String getParam() {
        return param;
    }
}
