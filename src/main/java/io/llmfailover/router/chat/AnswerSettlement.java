package io.llmfailover.router.chat;

/**
 * What an answer owes when it ends, whatever way it ends (completed, failed, cut, cancelled): the tokens a provider's
 * token quota reserved for it, settled with what it really used ({@code quota/TokenReservation}).
 */
public interface AnswerSettlement {

    /**
     * The answer ended: {@code usage} as the provider reported it ({@link Usage#NONE} when it did not), after
     * {@code pieces} pieces of text. Only the first settlement counts; may wait for Redis (never on an event loop).
     */
    void settle(Usage usage, long pieces);

    boolean settled();
}
