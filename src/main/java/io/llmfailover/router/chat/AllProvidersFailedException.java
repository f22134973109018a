package io.llmfailover.router.chat;

import java.util.List;
import java.util.stream.Collectors;

/** Every provider in the chain failed or was skipped. The message lists each attempt's reason. */
public class AllProvidersFailedException extends RuntimeException {

    private final List<Attempt> attempts;

    public AllProvidersFailedException(List<Attempt> attempts) {
        this("all providers failed", attempts);
    }

    protected AllProvidersFailedException(String headline, List<Attempt> attempts) {
        super(headline + ": " + attempts.stream().map(a -> a.provider() + " " + a.outcome() + " ("
                + a.reason() + ")").collect(Collectors.joining("; ")), null, false, false);
        this.attempts = List.copyOf(attempts);
    }

    public List<Attempt> getAttempts() {
        return attempts;
    }
}
