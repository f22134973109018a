package io.llmfailover.router.provider;

import io.llmfailover.router.stream.AnswerDecoder;
import io.llmfailover.router.stream.AnswerEvents;
import io.llmfailover.router.stream.Framing;

/**
 * A decoder for an answer the router began itself with a prefill (Anthropic's documented way to hold Claude to JSON:
 * the assistant turn starts with {@code {}): the provider continues after the prefill without repeating it, so the
 * prefill goes before the first piece of text, and the client reads the whole answer.
 */
final class PrefilledDecoder implements AnswerDecoder {

    private final AnswerDecoder decoder;
    private final String prefill;
    private boolean started;

    PrefilledDecoder(AnswerDecoder decoder, String prefill) {
        this.decoder = decoder;
        this.prefill = prefill;
    }

    @Override
    public Framing framing() {
        return decoder.framing();
    }

    @Override
    public void decode(String event, byte[] data, int length, AnswerEvents out) {
        if (started) {
            decoder.decode(event, data, length, out);
            return;
        }
        decoder.decode(event, data, length, new AnswerEvents() {
            @Override
            public void model(String model) {
                out.model(model);
            }

            @Override
            public void text(String delta) {
                if (!started && !delta.isEmpty()) {
                    started = true;
                    out.text(prefill + delta);
                } else {
                    out.text(delta);
                }
            }

            @Override
            public void toolCall(io.llmfailover.router.chat.ToolCallDelta delta) {
                out.toolCall(delta);
            }

            @Override
            public void finish(String finishReason, String nativeFinishReason) {
                out.finish(finishReason, nativeFinishReason);
            }

            @Override
            public void usage(long promptTokens, long completionTokens, long totalTokens) {
                out.usage(promptTokens, completionTokens, totalTokens);
            }

            @Override
            public void terminal() {
                out.terminal();
            }

            @Override
            public void error(String message) {
                out.error(message);
            }

            @Override
            public void blocked(String message) {
                out.blocked(message);
            }

            @Override
            public void refused(String message) {
                out.refused(message);
            }

            @Override
            public void malformed(String what) {
                out.malformed(what);
            }
        });
    }
}
