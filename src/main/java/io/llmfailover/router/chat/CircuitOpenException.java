package io.llmfailover.router.chat;

/**
 * A provider skipped because its breaker is open (it failed again and again, or asked the router to wait): nothing
 * was sent. The walk goes on with the next provider.
 */
public class CircuitOpenException extends ProviderCallException {

    public CircuitOpenException(String reason) {
        super(reason, true, null);
    }
}
