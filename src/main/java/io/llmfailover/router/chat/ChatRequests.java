package io.llmfailover.router.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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


    private static boolean isJsonObject(String text) {
        return io.llmfailover.router.util.JsonText.isObject(text);
    }

    /** An assistant's tool calls: an id, a valid function name, arguments that are a JSON object. */
    private static void checkToolCalls(ChatMessage m, String path) {
        for (int j = 0; j < m.toolCalls().size(); j++) {
            ToolCall c = m.toolCalls().get(j);
            String p = path + ".toolCalls[" + j + "]";
            if (c == null) {
                throw new InvalidChatRequestException(p + " is null", p);
            }
            if (c.id() == null || c.id().isEmpty()) {
                throw new InvalidChatRequestException(p + ".id is required", p + ".id");
            }
            ChatRules.requireToolName(c.name(), p + ".name");
            if (c.arguments() == null || !isJsonObject(c.arguments())) {
                throw new InvalidChatRequestException(p + ".arguments must be a JSON object", p + ".arguments");
            }
        }
    }

    /** A schema must be a JSON object. */
    private static void checkResponseFormat(ResponseFormat f) {
        if (f == null || !f.hasSchema()) {
            return;
        }
        if (!isJsonObject(f.schema())) {
            throw new InvalidChatRequestException("responseFormat.schema must be a JSON object", "responseFormat.schema");
        }
    }

    /** The sampling options of an in-JVM request, by the same rules as the doors', named by their Java names. */
    private static void checkSampling(Sampling s) {
        if (s.topP() != null) {
            ChatRules.requireRange(s.topP(), 0, 1, "sampling.topP");
        }
        if (s.topK() != null) {
            ChatRules.requirePositive(s.topK(), "sampling.topK");
        }
        if (s.stop() != null) {
            ChatRules.requireStops(s.stop(), "sampling.stop");
        }
        if (s.presencePenalty() != null) {
            ChatRules.requireRange(s.presencePenalty(), -2, 2, "sampling.presencePenalty");
        }
        if (s.frequencyPenalty() != null) {
            ChatRules.requireRange(s.frequencyPenalty(), -2, 2, "sampling.frequencyPenalty");
        }
        if (s.contextWindow() != null) {
            ChatRules.requirePositive(s.contextWindow(), "sampling.contextWindow");
        }
        if (s.keepAlive() != null && !(s.keepAlive() instanceof String) && !(s.keepAlive() instanceof Number)) {
            throw new InvalidChatRequestException("sampling.keepAlive must be a duration string or a number of seconds",
                    "sampling.keepAlive");
        }
    }

    /** Checks a ChatRequest by the rules every door applies ({@link ChatRules}); roles may be in any case. */
    public static ChatRequest validate(ChatRequest request) {
        List<ChatMessage> messages = request.messages();
        if (messages.isEmpty()) {
            throw new InvalidChatRequestException("messages must not be empty", "messages");
        }
        List<ChatMessage> normalised = null;
        for (int i = 0; i < messages.size(); i++) {
            ChatMessage m = messages.get(i);
            String path = "messages[" + i + "]";
            if (m == null) {
                throw new InvalidChatRequestException(path + " is null", path);
            }
            String role = ChatRules.role(m.role() == null ? null : m.role().toLowerCase(Locale.ROOT));
            if (role == null) {
                throw ChatRules.unknownRole(path + ".role", String.valueOf(m.role()));
            }
            boolean callsOnly = m.content() == null && ChatMessage.ASSISTANT.equals(role) && m.hasToolCalls();
            if (m.content() == null && !callsOnly) {
                throw new InvalidChatRequestException(path + ".content is missing", path + ".content");
            }
            if (m.hasToolCalls() && !ChatMessage.ASSISTANT.equals(role)) {
                throw new InvalidChatRequestException(path + ".toolCalls are only allowed in assistant messages",
                        path + ".toolCalls");
            }
            if ((m.toolCallId() != null || m.toolName() != null) && !ChatMessage.TOOL.equals(role)) {
                throw new InvalidChatRequestException(path + ".toolCallId and toolName are only allowed in tool messages",
                        path + ".toolCallId");
            }
            checkToolCalls(m, path);
            if (!role.equals(m.role()) || callsOnly) {
                if (normalised == null) {
                    normalised = new ArrayList<>(messages);
                }
                normalised.set(i, callsOnly ? ChatMessage.assistant("", m.toolCalls()) : m.withRole(role));
            }
        }
        List<ChatMessage> checked = ChatRules.linkToolResults(normalised == null ? messages : normalised,
                "toolCallId");
        if (checked != messages) {
            normalised = checked;
        }
        ChatRules.requireUserText(checked);
        ChatRules.requireTools(request.tools(), "tools.tools", ".name", "tools.choice");
        for (int i = 0; i < request.tools().tools().size(); i++) {
            String schema = request.tools().tools().get(i).parameters();
            if (schema != null && !isJsonObject(schema)) {
                throw new InvalidChatRequestException("tools.tools[" + i + "].parameters must be a JSON object",
                        "tools.tools[" + i + "].parameters");
            }
        }
        if (request.maxTokens() != null) {
            ChatRules.requirePositive(request.maxTokens(), "maxTokens");
        }
        if (request.temperature() != null) {
            ChatRules.requireTemperature(request.temperature(), "temperature");
        }
        checkSampling(request.sampling());
        checkResponseFormat(request.responseFormat());
        return normalised == null ? request : request.withMessages(normalised);
    }
}
