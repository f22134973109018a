package io.llmfailover.router.frontdoor;

import com.fasterxml.jackson.core.JsonFactory;
import io.llmfailover.router.stream.AnswerSubscriber;
import io.llmfailover.router.stream.LiveAnswer;
import io.llmfailover.router.stream.ReplySink;
import io.llmfailover.router.stream.StreamedReply;
import io.llmfailover.router.util.JsonBytes;

/**
 * A door's streamed reply: subscribes to a {@link LiveAnswer} when the server starts the reply, writes each event in
 * the door's format as it comes, and holds the upstream back while the client is slower than the provider (so what
 * waits is bounded by the socket's write queue, whatever the answer's length). The subclass says what each event
 * looks like; a failure after the commit ends the reply with the door's in-band error and never its terminator.
 */
abstract class StreamWriter implements StreamedReply, AnswerSubscriber {

    protected final LiveAnswer answer;
    private final JsonFactory factory;
    private ReplySink sink;

    protected StreamWriter(LiveAnswer answer, JsonFactory factory) {
        this.answer = answer;
        this.factory = factory;
    }

    @Override
    public final void start(ReplySink s) {
        this.sink = s;
        opening();
        answer.subscribe(this);
    }

    @Override
    public final void clientGone() {
        answer.cancel();
    }

    /** What is written before the first text (OpenAI's role chunk); nothing by default. */
    protected void opening() {
    }

    protected final void send(int sizeHint, JsonBytes.Writer writer) {
        sink.write(JsonBytes.write(factory, sizeHint, writer));
        if (!sink.writable()) {
            answer.pause();
            sink.onDrain(answer::resume);
        }
    }

    protected final void end() {
        sink.end();
    }
}
