package io.llmfailover.router.quota;

import java.util.concurrent.atomic.AtomicBoolean;

import io.llmfailover.router.chat.AnswerSettlement;
import io.llmfailover.router.chat.Usage;

/**
 * Tokens a token gate set aside for one call ({@link TokenQuotaGate#reserve}), on the day's key it took them from.
 * It travels with the call (the exchange property {@code llmQuota}, then the answer's facts) and is settled exactly
 * once: with the answer's real usage when the answer ends, or with 0 when the call fails before any answer.
 *
 * @param promptEstimate the prompt's estimated tokens (part of {@code amount}): the usage of an answer whose provider
 *                       reported none is this plus the pieces of text that came
 */
public final class TokenReservation implements AnswerSettlement {

    private final TokenQuotaGate gate;
    private final String key;
    private final long amount;
    private final long promptEstimate;
    private final AtomicBoolean settled = new AtomicBoolean();
    private volatile boolean answered;

    TokenReservation(TokenQuotaGate gate, String key, long amount, long promptEstimate) {
        this.gate = gate;
        this.key = key;
        this.amount = amount;
        this.promptEstimate = promptEstimate;
    }

    public String provider() {
        return gate.provider();
    }

    /** The day's key the tokens were taken from (a reservation made before midnight settles on that day). */
    public String key() {
        return key;
    }

    public long amount() {
        return amount;
    }

    public long promptEstimate() {
        return promptEstimate;
    }

    /**
     * Settles with what the call really used: gives back {@code amount - used} (never below 0), or adds
     * {@code used - amount} when the answer used more than was reserved. Only the first settle counts. Never throws
     * (a store that fails keeps the whole reservation counted: fail closed).
     */
    public void settle(long used) {
        if (settled.compareAndSet(false, true)) {
            gate.settle(this, Math.max(0, used));
        }
    }

    /**
     * The answer ended: settles with the tokens the provider reported (its total, else prompt + completion), or when
     * it reported none, the prompt's estimate plus the pieces of text that came.
     */
    @Override
    public void settle(Usage usage, long pieces) {
        long total = usage.totalTokens() > 0 ? usage.totalTokens() : usage.promptTokens() + usage.completionTokens();
        settle(total > 0 ? total : promptEstimate + pieces);
    }

    /** The call failed before any answer: the whole reservation goes back. */
    public void release() {
        settle(0);
    }

    /** The call's answer started: from now on its end settles the reservation, not a failure of the walk. */
    public void answered() {
        answered = true;
    }

    public boolean hasAnswer() {
        return answered;
    }

    @Override
    public boolean settled() {
        return settled.get();
    }
}
