package io.llmfailover.router.chat;

import java.util.List;

/**
 * One message of a conversation.
 *
 * @param role    {@code system}, {@code user} or {@code assistant}
 * @param content the text
 * @param images  images that go with the text (a user's), in order; empty for most messages
 */
public record ChatMessage(String role, String content, List<Image> images) {

    public ChatMessage {
        images = images == null ? List.of() : List.copyOf(images);
    }

    /** A message of text only. */
    public ChatMessage(String role, String content) {
        this(role, content, List.of());
    }

    public boolean hasImages() {
        return !images.isEmpty();
    }

    public static final String SYSTEM = "system";
    public static final String USER = "user";
    public static final String ASSISTANT = "assistant";

    public static ChatMessage user(String content) {
        return new ChatMessage(USER, content);
    }

    public static ChatMessage assistant(String content) {
        return new ChatMessage(ASSISTANT, content);
    }

    public static ChatMessage system(String content) {
        return new ChatMessage(SYSTEM, content);
    }
}
