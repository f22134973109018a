package io.llmfailover.router.chat;

import java.util.List;

/**
 * What {@code direct:chat} answers.
 *
 * @param text               the answer
 * @param provider           the provider that answered
 * @param model              the model that answered, as the provider named it
 * @param finishReason       normalised: {@code stop}, {@code length}, {@code content_filter} or {@code tool_calls}
 * @param nativeFinishReason the provider's own word for it (e.g. {@code end_turn}, {@code MAX_TOKENS})
 * @param usage              token counts
 * @param attempts           every provider tried, in order, the answering one last
 * @param toolCalls          the tools the model asks the caller to run (finish reason {@code tool_calls}); empty for
 *                           a text answer
 */
public record ChatResponse(String text, String provider, String model, String finishReason, String nativeFinishReason,
        Usage usage, List<Attempt> attempts, List<ToolCall> toolCalls) {

    public ChatResponse {
        attempts = attempts == null ? List.of() : List.copyOf(attempts);
        usage = usage == null ? Usage.NONE : usage;
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    }

    /** A text answer. */
    public ChatResponse(String text, String provider, String model, String finishReason, String nativeFinishReason,
            Usage usage, List<Attempt> attempts) {
        this(text, provider, model, finishReason, nativeFinishReason, usage, attempts, List.of());
    }

    public boolean hasToolCalls() {
        return !toolCalls.isEmpty();
    }

    /** The same answer with the attempts of the whole walk. */
    public ChatResponse withAttempts(List<Attempt> all) {
        return new ChatResponse(text, provider, model, finishReason, nativeFinishReason, usage, all, toolCalls);
    }

    /** This answer as the assistant's turn of a conversation (its text and tool calls), for the next request. */
    public ChatMessage asMessage() {
        return ChatMessage.assistant(text, toolCalls);
    }
}
