package io.llmfailover.router.stream;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.llmfailover.router.chat.ProviderCallException;
import io.llmfailover.router.chat.ToolCallDelta;
import io.llmfailover.router.chat.Usage;
import io.llmfailover.router.core.FailureClass;
import io.llmfailover.router.core.TransportFailures;
import io.vertx.core.buffer.Buffer;

/**
 * One provider's answer as it streams in: the upstream body is cut into records ({@link Framing}), decoded by the
 * provider's {@link AnswerDecoder}, and handed to one {@link AnswerListener}. Until the first piece of text nothing
 * is committed: {@link #start()}'s stage completes when it comes, or fails with a {@link ProviderCallException} so the
 * walk moves on. After it, a stream that ends before its final event, stalls for {@code llm.stream.idle-timeout},
 * sends an error event or an unreadable one is {@linkplain AnswerListener#interrupted interrupted}. Everything runs
 * on the upstream connection's event loop; what it holds is the unfinished line and the text a listener has not
 * taken yet, which pausing the body bounds. See docs/streaming.md.
 */
public final class AnswerStream implements AnswerEvents, Framing.Records {

    private enum State { OPENING, LIVE, DONE }

    private final UpstreamBody upstream;
    private final AnswerDecoder decoder;
    private final Framing framing;
    private final AnswerFacts facts;
    private final StreamLimits limits;
    private final CompletableFuture<AnswerStream> firstToken = new CompletableFuture<>();
    private final Handoff handoff = new Handoff();
    private final StreamTimer timer;
    private State state = State.OPENING;
    private boolean finalSeen;
    private StreamFailure failure;
    private long endBy = Long.MAX_VALUE;

    public AnswerStream(String provider, String defaultModel, UpstreamBody upstream, AnswerDecoder decoder,
            StreamLimits limits) {
        this.upstream = upstream;
        this.decoder = decoder;
        this.framing = decoder.framing();
        this.facts = new AnswerFacts(provider, defaultModel, upstream.sentNanos());
        this.limits = limits;
        this.timer = new StreamTimer(upstream.vertx(), this::checkTime);
    }

    /** Starts reading; the stage completes at the first text (or a complete answer without any), or fails. */
    public CompletionStage<AnswerStream> start() {
        upstream.body().handler(this::chunk);
        upstream.body().endHandler(v -> ended(null));
        upstream.body().exceptionHandler(this::ended);
        timer.at(limits.firstTokenDeadline());
        upstream.body().resume();
        return firstToken;
    }

    /** What the answer was (so far). */
    public AnswerFacts facts() { return facts; }

    /** Hands the answer, from its first text on, to a listener (once). */
    public void listen(AnswerListener l) { listen(l, Long.MAX_VALUE); }

    /** As {@link #listen(AnswerListener)}, and past this {@link System#nanoTime()} the answer is TIMED_OUT. */
    public void listen(AnswerListener l, long deadlineNanos) {
        upstream.onLoop(() -> {
            endBy = deadlineNanos;
            if (state == State.LIVE) {
                timer.at(nextCheck());
            }
            handoff.listener(l);
            deliver();
            if (!handoff.paused() && state == State.LIVE) {
                upstream.body().resume();
            }
        });
    }

    /** The listener cannot take more for now: reading stops (a pause is not a stall). */
    public void pause() { upstream.onLoop(() -> handoff.pause(upstream)); }

    public void resume() { upstream.onLoop(() -> handoff.resume(upstream, timer, this::deliver)); }

    /** Stops the call (the client went away): the connection is closed, so the provider stops generating. */
    public void cancel() { upstream.onLoop(() -> interrupt(StreamFailure.Kind.CANCELLED, null)); }

    // ---- what the decoder reports ------------------------------------------------------------------------------

    @Override public void model(String m) { facts.model(m); }

    @Override public void text(String delta) {
        if (delta != null && !delta.isEmpty()) {
            piece(delta, false);
        }
    }

    @Override public void toolCall(ToolCallDelta delta) { piece(delta, delta.starts()); }

    /** A piece of text or of a tool call ({@code newCall}: the first piece of a call): the first piece commits. */
    private void piece(Object delta, boolean newCall) {
        if (state == State.DONE) {
            return;
        }
        facts.token(System.nanoTime(), newCall);
        handoff.add(delta);
        if (state == State.OPENING) {
            state = State.LIVE;
            timer.touch();
            timer.at(nextCheck());
            if (!handoff.hasListener()) {
                // until somebody listens, the rest stays upstream
                upstream.body().pause();
            }
            firstToken.complete(this);
        }
        deliver();
    }

    @Override public void finish(String reason, String nativeReason) {
        facts.finish(reason, nativeReason);
        finalSeen = true;
    }

    @Override public void usage(long prompt, long output, long total) { facts.usage(new Usage(prompt, output, total)); }

    @Override public void terminal() {
        finalSeen = true;
        complete();
    }

    @Override public void error(String message) { errorEvent(message, FailureClass.PERSISTENT); }

    @Override public void refused(String message) { errorEvent(message, FailureClass.NO_ANSWER); }

    @Override public void blocked(String message) { errorEvent(message, FailureClass.CONTENT_POLICY); }

    private void errorEvent(String message, FailureClass kind) {
        if (state == State.OPENING) {
            fail(NoAnswer.event(message, kind));
        } else {
            interrupt(StreamFailure.Kind.ERROR, message);
        }
    }

    @Override public void malformed(String what) {
        if (state == State.OPENING) {
            fail(NoAnswer.malformed(what));
        } else if (finalSeen) {
            complete();
        } else {
            interrupt(StreamFailure.Kind.MALFORMED, what);
        }
    }

    @Override
    public void record(String event, byte[] data, int length) {
        if (state != State.DONE) {
            decoder.decode(event, data, length, this);
        }
    }

    // ---- what the connection and the clock do ------------------------------------------------------------------

    private void chunk(Buffer chunk) {
        timer.touch();
        if (state != State.DONE) {
            framing.feed(chunk, this);
        }
    }

    private void ended(Throwable error) {
        if (state != State.DONE && error == null) {
            framing.finish(this);
        }
        if (state == State.DONE) {
            return;
        }
        if (finalSeen) {
            complete();
        } else if (state == State.OPENING) {
            fail(NoAnswer.ended(error));
        } else {
            interrupt(StreamFailure.Kind.CUT, error == null ? "ended without its final event"
                    : TransportFailures.describe(error).reason());
        }
    }

    private void checkTime(long now) {
        if (state == State.OPENING) {
            stop(true);
            firstToken.completeExceptionally(limits.firstTokenTimedOut(now, upstream.sentNanos()));
        } else if (state == State.LIVE) {
            if (now >= endBy) {
                interrupt(StreamFailure.Kind.TIMED_OUT, null);
                return;
            }
            if (handoff.paused()) {
                timer.touch();
            } else if (now - timer.last() >= limits.idleNanos()) {
                interrupt(StreamFailure.Kind.STALLED, null);
                return;
            }
            timer.at(nextCheck());
        }
    }

    // ---- outcomes ----------------------------------------------------------------------------------------------

    private void fail(ProviderCallException why) { stop(true); firstToken.completeExceptionally(why); }

    private void complete() {
        if (state == State.DONE) {
            return;
        }
        boolean noText = state == State.OPENING;
        if (noText && "content_filter".equals(facts.finishReason())) {
            fail(NoAnswer.contentFiltered(facts.nativeFinishReason())); // nothing but a refusal: no answer to commit
            return;
        }
        stop(false);
        if (noText) {
            firstToken.complete(this); // a complete answer without any text: committed as it is
        }
        deliver();
    }

    private void interrupt(StreamFailure.Kind kind, String detail) {
        if (state == State.OPENING) {
            fail(NoAnswer.cancelled());
        } else if (state == State.LIVE) {
            stop(true);
            failure = new StreamFailure(kind, detail, facts.tokens());
            deliver();
        }
    }

    private void stop(boolean reset) {
        state = State.DONE;
        facts.ended(System.nanoTime());
        timer.cancel();
        if (reset) {
            upstream.reset().run();
        }
    }

    private long nextCheck() { return Math.min(endBy, timer.last() + limits.idleNanos()); }

    private void deliver() { handoff.deliver(this, state == State.DONE, failure); }
}
