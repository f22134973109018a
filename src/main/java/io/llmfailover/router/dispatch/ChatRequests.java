package io.llmfailover.router.dispatch;

import java.util.List;
import java.util.Locale;

import io.llmfailover.router.chat.ChatMessage;
import io.llmfailover.router.chat.ChatRequest;
import io.llmfailover.router.chat.InvalidChatRequestException;

/** Turns what a caller put on {@code direct:chat} into a valid {@link ChatRequest}, or says precisely why not. */
public final class ChatRequests {

    private ChatRequests() {
    }

    public static ChatRequest of(Object body) {
        if (body instanceof ChatRequest request) {
            return validate(request);
        }
        if (body instanceof CharSequence prompt) {
            if (prompt.toString().isBlank()) {
                throw new InvalidChatRequestException("the prompt is empty", "prompt");
            }
            return ChatRequest.ofPrompt(prompt.toString());
        }
        if (body == null) {
            throw new InvalidChatRequestException("no prompt: send a String or a ChatRequest to direct:chat", "prompt");
        }
        throw new InvalidChatRequestException("direct:chat takes a String prompt or a ChatRequest, not "
                + body.getClass().getSimpleName(), "prompt");
    }

    public static ChatRequest validate(ChatRequest request) {
        List<ChatMessage> messages = request.messages();
        if (messages.isEmpty()) {
            throw new InvalidChatRequestException("messages must not be empty", "messages");
        }
        boolean userText = false;
        List<ChatMessage> normalised = null;
        for (int i = 0; i < messages.size(); i++) {
            ChatMessage m = messages.get(i);
            if (m == null) {
                throw new InvalidChatRequestException("messages[" + i + "] is null", "messages[" + i + "]");
            }
            String role = m.role() == null ? null : m.role().toLowerCase(Locale.ROOT);
            if (!ChatMessage.SYSTEM.equals(role) && !ChatMessage.USER.equals(role) && !ChatMessage.ASSISTANT.equals(role)) {
                throw new InvalidChatRequestException("messages[" + i + "].role: unknown role '" + m.role()
                        + "' (expected system, user or assistant)", "messages[" + i + "].role");
            }
            if (!role.equals(m.role())) {
                if (normalised == null) {
                    normalised = new java.util.ArrayList<>(messages);
                }
                normalised.set(i, new ChatMessage(role, m.content()));
            }
            if (m.content() == null) {
                throw new InvalidChatRequestException("messages[" + i + "].content is missing", "messages[" + i + "].content");
            }
            if (ChatMessage.USER.equals(role) && !m.content().isBlank()) {
                userText = true;
            }
        }
        if (!userText) {
            throw new InvalidChatRequestException("messages must contain a user message with text", "messages");
        }
        if (request.maxTokens() != null && request.maxTokens() <= 0) {
            throw new InvalidChatRequestException("maxTokens must be > 0, got " + request.maxTokens(), "max_tokens");
        }
        if (request.temperature() != null && !(request.temperature() >= 0 && request.temperature() <= 2)) {
            throw new InvalidChatRequestException("temperature must be between 0 and 2, got " + request.temperature(),
                    "temperature");
        }
        return normalised == null ? request
                : new ChatRequest(normalised, request.system(), request.maxTokens(), request.temperature(), request.model());
    }
}
