package io.llmfailover.router.stream;

/**
 * One provider's streaming format: turns each record {@link Framing} cut from the answer into {@link AnswerEvents}.
 * One instance per answer (it may keep state between records); it must read {@code data} before returning, as the
 * array is reused for the next record.
 */
public interface AnswerDecoder {

    /** How the provider's stream is framed: NDJSON or server-sent events. */
    Framing framing();

    void decode(String event, byte[] data, int length, AnswerEvents out);
}
