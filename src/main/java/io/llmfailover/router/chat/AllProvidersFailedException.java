package io.llmfailover.router.chat;

import java.util.List;
import java.util.stream.Collectors;

/** Every provider in the chain failed or was skipped. The message lists each attempt's reason. */
public class AllProvidersFailedException extends RuntimeException {

    private final List<Attempt> attempts;

    public AllProvidersFailedException(List<Attempt> attempts) {
        this("all providers failed", attempts, null);
    }

    /** @param leftOut providers left out of the chain before the walk, with why ({@code gemini skipped: ...}), or null */
    public AllProvidersFailedException(List<Attempt> attempts, String leftOut) {
        this("all providers failed", attempts, leftOut);
    }

    protected AllProvidersFailedException(String headline, List<Attempt> attempts, String leftOut) {
        super(headline + ": " + attempts.stream().map(a -> a.provider() + " " + a.outcome() + " ("
                + a.reason() + ")").collect(Collectors.joining("; ")) + (leftOut == null ? "" : "; " + leftOut),
                null, false, false);
        this.attempts = List.copyOf(attempts);
    }

    public List<Attempt> getAttempts() {
        return attempts;
    }
}
