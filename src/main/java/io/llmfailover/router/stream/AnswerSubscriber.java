package io.llmfailover.router.stream;

/**
 * Takes a {@link LiveAnswer} as it streams: a front door writing it to its client, or an in-JVM caller's iterator.
 * Calls never overlap; a subscriber that cannot keep up calls {@link LiveAnswer#pause()}, then
 * {@link LiveAnswer#resume()}.
 */
public interface AnswerSubscriber {

    /** A piece of the answer, and the model that wrote it (after a continuation, the continuing provider's). */
    void text(String delta, String model);

    /** A piece of a tool call the model asks for ({@code ToolCallDelta}: OpenAI's streamed shape). */
    void toolCall(io.llmfailover.router.chat.ToolCallDelta delta, String model);

    /** The answer is complete. */
    void completed(AnswerSummary summary);

    /**
     * The answer stopped early and could not be continued: the client must see an error, never a complete answer.
     *
     * @param message what happened, naming the original cut first
     */
    void failed(String message);
}
