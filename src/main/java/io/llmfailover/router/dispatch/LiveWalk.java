package io.llmfailover.router.dispatch;

import java.util.ArrayList;
import java.util.List;

import io.llmfailover.router.chat.Attempt;
import io.llmfailover.router.chat.ChatMessage;
import io.llmfailover.router.chat.ChatRequest;
import io.llmfailover.router.chat.Usage;
import io.llmfailover.router.stream.AnswerFacts;
import io.llmfailover.router.stream.AnswerListener;
import io.llmfailover.router.stream.AnswerStream;
import io.llmfailover.router.stream.AnswerSubscriber;
import io.llmfailover.router.stream.AnswerSummary;
import io.llmfailover.router.stream.LiveAnswer;
import io.llmfailover.router.stream.StreamFailure;

/**
 * A stream committed at its first token, delivered to one subscriber, and rescued when it breaks: a stream that is
 * cut, stalls, or sends an error or unreadable event after the commit is continued by the next untried provider that
 * accepts a prefill (the conversation plus the text sent so far as the assistant's unfinished turn), through
 * {@code direct:walk-chain} with the walk's own rules. The subscriber sees one answer; the attempts record the cut
 * and the continuation. When nothing can continue it, the subscriber fails with a message that names the cut first.
 * The text sent so far is kept for the prefill up to {@link #MAX_PREFILL} characters (none with
 * {@code llm.stream.continue-on-cut=false}); past that a cut ends in the error. See docs/streaming.md.
 */
final class LiveWalk implements LiveAnswer, AnswerListener {

    /** The longest answer so far that is kept for a continuation (characters, about 16k tokens). */
    static final int MAX_PREFILL = 64 * 1024;

    private final DispatchState state;
    private final ChatRequest request;
    private final StreamOutcomes outcomes;
    private final String provider;
    private final String model;
    private final int attempts;
    private final long firstTokenNanos;
    private volatile AnswerStream current;
    private volatile AnswerSubscriber subscriber;
    private StringBuilder sent;
    private boolean dropLeadingWhitespace;
    /** A tool call was sent: a continuation cannot finish it (the call's id and arguments are the provider's). */
    private boolean toolCallSent;
    private Usage earlier = Usage.NONE;
    private String cut;

    LiveWalk(DispatchState state, ChatRequest request, AnswerStream stream, StreamOutcomes outcomes) {
        this.state = state;
        this.request = request;
        this.outcomes = outcomes;
        this.current = stream;
        AnswerFacts f = stream.facts();
        this.provider = f.provider();
        this.model = f.model();
        this.attempts = state.attempts().size();
        this.firstTokenNanos = f.firstTokenNanos();
        this.sent = outcomes.settings().continueOnCut() ? new StringBuilder(256) : null;
    }

    @Override
    public String provider() {
        return provider;
    }

    @Override
    public String model() {
        return model;
    }

    @Override
    public int attempts() {
        return attempts;
    }

    @Override
    public void subscribe(AnswerSubscriber s) {
        subscriber = s;
        current.listen(this);
    }

    @Override
    public void pause() {
        current.pause();
    }

    @Override
    public void resume() {
        current.resume();
    }

    @Override
    public void cancel() {
        state.cancellation().cancel();
    }

    @Override
    public void text(String delta) {
        String text = delta;
        if (dropLeadingWhitespace) {
            // the text so far ended in whitespace, which the prefill left out: the continuation repeats it
            text = text.stripLeading();
            if (text.isEmpty()) {
                return;
            }
            dropLeadingWhitespace = false;
        }
        if (sent != null) {
            sent = sent.length() + text.length() <= MAX_PREFILL ? sent.append(text) : null;
        }
        subscriber.text(text, current.facts().model());
    }

    @Override
    public void toolCall(io.llmfailover.router.chat.ToolCallDelta delta) {
        toolCallSent = true;
        subscriber.toolCall(delta, current.facts().model());
    }

    @Override
    public void completed(AnswerStream stream) {
        outcomes.ended(stream, null);
        AnswerFacts f = stream.facts();
        Usage u = f.usage();
        if (earlier != Usage.NONE) {
            u = new Usage(earlier.promptTokens(), earlier.completionTokens() + u.completionTokens(),
                    earlier.promptTokens() + earlier.completionTokens() + u.completionTokens());
        }
        subscriber.completed(new AnswerSummary(f.model(), f.finishReason(), u,
                System.nanoTime() - state.startNanos(), firstTokenNanos, f.generationNanos()));
    }

    @Override
    public void interrupted(AnswerStream stream, StreamFailure failure) {
        outcomes.ended(stream, failure);
        if (failure.kind() == StreamFailure.Kind.CANCELLED) {
            // the client went away: counted (client_gone), nobody to tell
            return;
        }
        AnswerFacts f = stream.facts();
        String reason = failure.reason(outcomes.idleSeconds());
        List<Attempt> all = state.attempts();
        Attempt last = all.get(all.size() - 1);
        state.amendLast(new Attempt(last.provider(), Attempt.FAILED, reason,
                last.durationMs() + f.generationNanos() / 1_000_000));
        outcomes.liveFailed(f.provider(), failure, reason);
        if (cut == null) {
            cut = f.provider() + " " + reason;
        }
        if (sent == null || toolCallSent || state.cancellation().cancelled()) {
            subscriber.failed(cut + (toolCallSent ? "; a tool call was under way, which only its provider can finish"
                    : sent == null && outcomes.settings().continueOnCut() ? "; too long to continue elsewhere" : ""));
            return;
        }
        Usage u = f.usage();
        earlier = earlier == Usage.NONE ? u : new Usage(earlier.promptTokens(),
                earlier.completionTokens() + u.completionTokens(), earlier.totalTokens() + u.completionTokens());
        String so = sent.toString();
        String prefill = so.stripTrailing();
        int before = all.size();
        state.continuation();
        outcomes.walk(withPrefill(prefill), state).whenComplete((v, e) -> {
            if (state.answer() instanceof AnswerStream next) {
                current = next;
                dropLeadingWhitespace = prefill.length() < so.length();
                next.listen(this);
            } else {
                subscriber.failed(cut + "; not continued: " + tried(before));
            }
        });
    }

    /** The conversation with the text so far as the assistant's unfinished turn. */
    private ChatRequest withPrefill(String prefill) {
        if (prefill.isEmpty()) {
            return request;
        }
        List<ChatMessage> messages = new ArrayList<>(request.messages());
        messages.add(ChatMessage.assistant(prefill));
        return request.withMessages(messages);
    }

    /** What the continuation's walk tried. */
    private String tried(int from) {
        List<Attempt> all = state.attempts();
        if (all.size() <= from) {
            return "no provider left that continues a prefill";
        }
        StringBuilder s = new StringBuilder();
        for (Attempt a : all.subList(from, all.size())) {
            s.append(s.length() == 0 ? "" : "; ").append(a.provider()).append(' ').append(a.outcome())
                    .append(a.reason() == null ? "" : ": " + a.reason());
        }
        return s.toString();
    }
}
