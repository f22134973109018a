package io.llmfailover.router.stream;

/**
 * An answer committed at its first token and still streaming: what a front door or an in-JVM caller gets from
 * {@code direct:chat} when it asked for a stream. Behind it a cut or stalled provider may be continued by the next one
 * (docs/streaming.md); a subscriber sees one answer.
 */
public interface LiveAnswer {

    /** The provider that answers (sent as X-LLM-Provider). */
    String provider();

    /** The model that started the answer (sent as X-LLM-Model). */
    String model();

    /** How many providers were tried until this one answered (sent as X-LLM-Attempts). */
    int attempts();

    /** Starts delivering, from the first token (once). */
    void subscribe(AnswerSubscriber subscriber);

    void pause();

    void resume();

    /** The consumer went away: stop, cancel the upstream call. */
    void cancel();
}
