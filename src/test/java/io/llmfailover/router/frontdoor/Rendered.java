package io.llmfailover.router.frontdoor;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

import io.llmfailover.router.chat.ChatResponse;
import io.llmfailover.router.stream.AnswerSubscriber;
import io.llmfailover.router.stream.AnswerSummary;
import io.llmfailover.router.stream.LiveAnswer;
import io.llmfailover.router.stream.ReplySink;
import io.llmfailover.router.stream.StreamedReply;

/** What a door writes for an answer: the collected body, or every byte of the streamed reply. */
final class Rendered {

    private Rendered() {
    }

    /** The door's reply to the request: a stream request gets the response played as a live answer. */
    static byte[] render(FrontDoorFormat format, FrontDoorRequest req, ChatResponse resp) {
        Object body = format.render(req, req != null && req.stream() ? new Played(resp) : resp);
        if (body instanceof ByteBuffer bb) {
            byte[] b = new byte[bb.remaining()];
            bb.get(b);
            return b;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ((StreamedReply) body).start(new ReplySink() {
            @Override
            public void write(byte[] bytes) {
                out.writeBytes(bytes);
            }

            @Override
            public boolean writable() {
                return true;
            }

            @Override
            public void onDrain(Runnable action) {
                action.run();
            }

            @Override
            public void end() {
            }
        });
        return out.toByteArray();
    }

    /** A collected answer played as a live one: its text in one piece, then its end. */
    private record Played(ChatResponse resp) implements LiveAnswer {

        @Override
        public String provider() {
            return resp.provider();
        }

        @Override
        public String model() {
            return resp.model();
        }

        @Override
        public int attempts() {
            return resp.attempts().size();
        }

        @Override
        public void subscribe(AnswerSubscriber subscriber) {
            subscriber.text(resp.text(), resp.model());
            long ms = resp.attempts().isEmpty() ? 0 : resp.attempts().get(resp.attempts().size() - 1).durationMs();
            long total = resp.attempts().stream().mapToLong(a -> a.durationMs()).sum();
            subscriber.completed(new AnswerSummary(resp.model(), resp.finishReason(), resp.usage(),
                    total * 1_000_000L, 0, ms * 1_000_000L));
        }

        @Override
        public void pause() {
        }

        @Override
        public void resume() {
        }

        @Override
        public void cancel() {
        }
    }
}
