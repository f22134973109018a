package io.llmfailover.router.chat;

/** The Gemini quota gate said no (quota spent, or failed closed): Gemini is skipped and its replacements step in. */
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
