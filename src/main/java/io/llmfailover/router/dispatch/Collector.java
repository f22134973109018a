package io.llmfailover.router.dispatch;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.llmfailover.router.chat.ChatResponse;
import io.llmfailover.router.chat.ProviderCallException;
import io.llmfailover.router.core.FailureClass;
import io.llmfailover.router.core.HealthStatus;
import io.llmfailover.router.stream.AnswerFacts;
import io.llmfailover.router.stream.AnswerListener;
import io.llmfailover.router.stream.AnswerStream;
import io.llmfailover.router.stream.StreamFailure;

/**
 * Collects a streamed answer whole, for a caller that did not ask for a stream. A stream that is cut, stalls, sends an
 * error or an unreadable event, or outlasts the prompt's {@code llm.request-timeout} is a failed attempt, and the walk
 * goes on with the next provider from scratch: a collected answer always comes from one provider (docs/streaming.md).
 */
final class Collector implements AnswerListener {

    private final StringBuilder text = new StringBuilder(256);
    private final io.llmfailover.router.chat.ToolCallBuffer toolCalls = new io.llmfailover.router.chat.ToolCallBuffer();
    private final CompletableFuture<ChatResponse> done = new CompletableFuture<>();
    private final StreamOutcomes outcomes;

    private Collector(StreamOutcomes outcomes) {
        this.outcomes = outcomes;
    }

    /** The whole answer, or a {@link ProviderCallException} saying why there is none. */
    static CompletionStage<ChatResponse> collect(AnswerStream stream, long deadlineNanos, StreamOutcomes outcomes) {
        Collector c = new Collector(outcomes);
        stream.listen(c, deadlineNanos);
        return c.done;
    }

    @Override
    public void text(String delta) {
        text.append(delta);
    }

    @Override
    public void toolCall(io.llmfailover.router.chat.ToolCallDelta delta) {
        toolCalls.add(delta);
    }

    @Override
    public void completed(AnswerStream stream) {
        AnswerFacts f = stream.facts();
        outcomes.ended(stream, null);
        done.complete(new ChatResponse(text.toString(), f.provider(), f.model(), f.finishReason(),
                f.nativeFinishReason(), f.usage(), List.of(), toolCalls.calls()));
    }

    @Override
    public void interrupted(AnswerStream stream, StreamFailure failure) {
        outcomes.ended(stream, failure);
        HealthStatus impact = healthImpact(failure);
        done.completeExceptionally(ProviderCallException.failed(failure.reason(outcomes.idleSeconds()), impact,
                impact == null ? FailureClass.CANCELLED : FailureClass.PERSISTENT));
    }

    /** What an interrupted answer says about the provider's health: nothing when the prompt or client ended it. */
    static HealthStatus healthImpact(StreamFailure failure) {
        return switch (failure.kind()) {
            case CANCELLED, TIMED_OUT -> null;
            default -> HealthStatus.DEGRADED;
        };
    }
}
