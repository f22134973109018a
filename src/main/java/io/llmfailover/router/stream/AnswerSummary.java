package io.llmfailover.router.stream;

import io.llmfailover.router.chat.Usage;

/**
 * A streamed answer once complete, for its last event (OpenAI's finish and usage chunks, Ollama's {@code done} line).
 *
 * @param model            the model that wrote the end of the answer
 * @param finishReason     normalised: {@code stop}, {@code length}, {@code content_filter}, {@code tool_calls}
 * @param usage            token counts of the whole answer (a continued answer: both parts)
 * @param totalNanos       from the prompt's arrival to the end
 * @param firstTokenNanos  from the answering call's request to its first text
 * @param generationNanos  from the first text to the end
 */
public record AnswerSummary(String model, String finishReason, Usage usage, long totalNanos, long firstTokenNanos,
        long generationNanos) {

    /** True when the answer ends in tool calls (the caller runs the tools and sends their results). */
    public boolean toolCalls() {
        return "tool_calls".equals(finishReason);
    }
}
