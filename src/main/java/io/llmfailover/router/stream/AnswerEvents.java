package io.llmfailover.router.stream;

/**
 * What a provider's {@link AnswerDecoder} reports while it reads an answer, in the order the events come. The
 * receiver ({@link AnswerStream}) decides what each means for the walk: the first text commits, a cut before the
 * final event is a failure, and so on.
 */
public interface AnswerEvents {

    /** The model that answers, as the provider names it. */
    void model(String model);

    /** A piece of the answer's text (empty pieces are ignored). */
    void text(String delta);

    /** A piece of a tool call (a whole call, from providers that send them whole). Like text, it commits. */
    void toolCall(io.llmfailover.router.chat.ToolCallDelta delta);

    /**
     * The answer's final event: why it ended, normalised ({@code stop}, {@code length}, {@code content_filter},
     * {@code tool_calls}) and in the provider's own word. After it the answer is complete, even when the stream then
     * ends without its terminator.
     */
    void finish(String finishReason, String nativeFinishReason);

    /** Token counts; each call replaces the last (providers send running or final totals). */
    void usage(long promptTokens, long completionTokens, long totalTokens);

    /** The stream's own end marker ({@code done: true}, {@code message_stop}, {@code [DONE]}): nothing follows. */
    void terminal();

    /** An error event from the provider (after the HTTP status said 200). */
    void error(String message);

    /**
     * The provider declines this request (a blocked prompt, a tool call it could not make): like an error, but it
     * says nothing about the provider's health (no breaker counts it).
     */
    default void refused(String message) {
        error(message);
    }

    /**
     * The provider's safety system declines the request or the answer (a blocked prompt, a refusal): final by
     * default, the client is told why ({@code llm.routing.on-content-filter}).
     */
    default void blocked(String message) {
        refused(message);
    }

    /** An event that cannot be read (not JSON, or without the fields its kind must have). */
    void malformed(String what);
}
