package io.llmfailover.router.chat;

/**
 * A provider skipped because its configured model cannot do what the request needs ({@code llm.<provider>.capabilities}):
 * nothing was sent. When every provider of the chain is skipped for this, the request is one no provider can serve,
 * and the client gets a 400 listing what each lacks.
 */
public class CapabilityMissingException extends ProviderCallException {

    public CapabilityMissingException(String reason) {
        super(reason, true, null);
    }
}
