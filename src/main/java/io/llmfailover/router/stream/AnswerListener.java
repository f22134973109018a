package io.llmfailover.router.stream;

/**
 * Receives one provider's answer after its first token, on the thread that reads the upstream connection. Calls never
 * overlap. A listener that cannot keep up calls {@link AnswerStream#pause()}, and {@link AnswerStream#resume()} later.
 */
public interface AnswerListener {

    void text(String delta);

    /** A piece of a tool call the model asks for. */
    void toolCall(io.llmfailover.router.chat.ToolCallDelta delta);

    /** The answer is complete: its finish reason, usage and timings are on the stream. */
    void completed(AnswerStream stream);

    /** The answer stopped before its final event; nothing more comes. */
    void interrupted(AnswerStream stream, StreamFailure failure);
}
