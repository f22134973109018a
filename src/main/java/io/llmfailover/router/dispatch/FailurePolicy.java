package io.llmfailover.router.dispatch;

import java.util.concurrent.ThreadLocalRandom;

import io.llmfailover.router.chat.Attempt;
import io.llmfailover.router.chat.ContentFilteredException;
import io.llmfailover.router.chat.InvalidChatRequestException;
import io.llmfailover.router.chat.ProviderCallException;
import io.llmfailover.router.core.FailureClass;
import io.llmfailover.router.core.HealthStatus;
import io.llmfailover.router.core.Provider;
import io.llmfailover.router.core.TransportFailures;
import io.llmfailover.router.settings.LiveSettings;
import io.llmfailover.router.settings.ProviderSettings;
import io.llmfailover.router.settings.RetrySettings;

/**
 * What one failed attempt was, and the reaction it calls for (README, "When a provider fails"): try the same
 * provider once more after a pause (a transient error: a jittered {@code llm.retry.pause}; a 429 with a wait of at
 * most {@code llm.retry.max-wait}: that wait), within the prompt's time and {@code llm.<provider>.max-attempts};
 * otherwise move on. One place for these decisions; {@link Dispatcher} applies them.
 */
final class FailurePolicy {

    /**
     * One failed or skipped attempt, read.
     *
     * @param kind null for a provider skipped without a call
     */
    record Failure(String reason, HealthStatus impact, FailureClass kind, long retryAfterMs, boolean skipped) {
    }

    private final long pauseMs;
    private final long maxWaitMs;
    private final LiveSettings providers;
    private final boolean contentFilterFinal;

    FailurePolicy(RetrySettings retry, LiveSettings providers, boolean contentFilterFinal) {
        this.pauseMs = retry.pause().toMillis();
        this.maxWaitMs = retry.maxWait().toMillis();
        this.providers = providers;
        this.contentFilterFinal = contentFilterFinal;
    }

    /** The most calls one prompt may make to this provider. */
    int maxAttempts(Provider p) {
        ProviderSettings s = providers.providers().get(p);
        return s == null ? 1 : s.maxAttempts();
    }

    /** A self-hosted provider (probed; no breaker), as the settings in force say. */
    boolean selfHosted(Provider p) {
        ProviderSettings s = providers.providers().get(p);
        return s != null && s.selfHosted();
    }

    /** A provider's refusal on content-policy grounds ends the walk ({@code llm.routing.on-content-filter=final}). */
    boolean contentFilterFinal() {
        return contentFilterFinal;
    }

    /** Reads what the walk caught for the provider it called; {@code elapsedMs} and {@code remainingMs} name timeouts. */
    Failure read(Throwable failure, long elapsedMs, long remainingMs) {
        if (failure instanceof ProviderCallException pce) {
            FailureClass kind = pce.isSkipped() ? null : pce.getFailureClass();
            return new Failure(pce.getMessage(), pce.getHealthImpact(), kind, pce.getRetryAfterMs(), pce.isSkipped());
        }
        TransportFailures.Failure f = TransportFailures.describe(failure);
        if (!TransportFailures.TIMED_OUT.equals(f.reason())) {
            return new Failure(f.reason(), f.healthImpact(), f.failureClass(), 0, false);
        }
        if (remainingMs <= 0) {
            // the prompt's own llm.request-timeout ran out, which says nothing about the provider's health
            return new Failure("timed out after " + elapsedMs + " ms (llm.request-timeout)", null,
                    FailureClass.CANCELLED, 0, false);
        }
        // no answer head within llm.stream.first-token-timeout: no first token either
        return new Failure("no first token within " + Math.round(elapsedMs / 1000.0) + " s", f.healthImpact(),
                FailureClass.PERSISTENT, 0, false);
    }

    /**
     * The client's 400 when the request itself is what the providers declined: a content-policy refusal that ended
     * the walk, or the same refusal from every provider that was asked (at least two); else null.
     */
    static InvalidChatRequestException declined(DispatchState state) {
        Attempt blocked = state.blocked();
        if (blocked != null) {
            return new ContentFilteredException(blocked.provider() + " declined the request on content-policy grounds: "
                    + blocked.reason());
        }
        Attempt refusal = state.refusedByAll();
        if (refusal == null) {
            return null;
        }
        String said = refusal.provider() + " said: " + refusal.reason();
        return switch (state.refusalKind()) {
            case CONTENT_POLICY -> new ContentFilteredException(
                    "every provider that was asked declined the request on content-policy grounds; " + said);
            case TOO_LARGE -> new InvalidChatRequestException("the request is too large for every provider that was "
                    + "asked; " + said, "messages", "context_length_exceeded");
            default -> new InvalidChatRequestException("the request is invalid for every provider that was asked; "
                    + said);
        };
    }

    /**
     * The pause before the provider that just failed is called again in this prompt, or -1 to move on: once per
     * provider and prompt, within {@code llm.<provider>.max-attempts}, and only when the pause leaves time to call.
     */
    long retryPause(Failure f, Provider p, DispatchState state) {
        long pause;
        if (f.retryAfterMs() > 0 && (f.kind() == FailureClass.TRANSIENT || f.kind() == FailureClass.RATE_LIMITED)) {
            // the provider's own wait (a 429's, or a 503's Retry-After): waited out when short, else move on
            if (f.retryAfterMs() > maxWaitMs) {
                return -1;
            }
            pause = f.retryAfterMs();
        } else if (f.kind() == FailureClass.TRANSIENT) {
            // jittered (0.5 to 1.5 times the pause), so that prompts failed together do not come back together
            pause = Math.max(1, pauseMs / 2 + ThreadLocalRandom.current().nextLong(pauseMs + 1));
        } else {
            return -1;
        }
        // the call that just failed is not recorded yet: it is one of the provider's attempts
        if (state.retried(p) || state.calls(p) + 1 >= maxAttempts(p) || pause >= state.remainingMs()
                || state.cancellation().cancelled()) {
            return -1;
        }
        return pause;
    }
}
