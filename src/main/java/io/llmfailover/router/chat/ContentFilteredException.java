package io.llmfailover.router.chat;

/**
 * A provider's safety system declined the request (OpenAI's {@code content_filter}, a prompt Gemini blocked, an
 * Anthropic refusal). By default this is final: no other provider is asked, and the client gets the provider's reason
 * as a 400 with the code {@code content_filter}; {@code llm.routing.on-content-filter=next} asks the next provider
 * instead, and this is thrown only when every provider asked declined it.
 */
public class ContentFilteredException extends InvalidChatRequestException {

    public static final String CODE = "content_filter";

    public ContentFilteredException(String message) {
        super(message, null, CODE);
    }
}
