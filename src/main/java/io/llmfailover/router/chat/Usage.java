package io.llmfailover.router.chat;

/** Token counts as the answering provider reported them (0 when it did not). */
public record Usage(long promptTokens, long completionTokens, long totalTokens) {

    public static final Usage NONE = new Usage(0, 0, 0);

    public static Usage of(long prompt, long completion) {
        return new Usage(prompt, completion, prompt + completion);
    }
}
