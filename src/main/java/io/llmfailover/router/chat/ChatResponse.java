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
 */
public record ChatResponse(String text, String provider, String model, String finishReason, String nativeFinishReason,
        Usage usage, List<Attempt> attempts) {

    public ChatResponse {
        attempts = attempts == null ? List.of() : List.copyOf(attempts);
        usage = usage == null ? Usage.NONE : usage;
    }

    /** The same answer with the attempts of the whole walk. */
    public ChatResponse withAttempts(List<Attempt> all) {
        return new ChatResponse(text, provider, model, finishReason, nativeFinishReason, usage, all);
    }
}
