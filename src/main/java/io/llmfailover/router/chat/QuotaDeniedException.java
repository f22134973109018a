package io.llmfailover.router.chat;

/** A provider's quota gate said no (quota spent, or failed closed): it is skipped and its stand-ins step in. */
public class QuotaDeniedException extends ProviderCallException {

    private final boolean gateError;

    public QuotaDeniedException(String reason, boolean gateError) {
        super(reason, true, null);
        this.gateError = gateError;
    }

    public boolean isGateError() {
        return gateError;
    }
}
