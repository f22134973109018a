package io.llmfailover.router.stream;

import io.llmfailover.router.chat.ProviderCallException;
import io.llmfailover.router.chat.RequestRefusedException;
import io.llmfailover.router.core.FailureClass;
import io.llmfailover.router.core.HealthStatus;
import io.llmfailover.router.core.TransportFailures;

/**
 * Why a stream that was answered with 200 gave no answer before its first token: the attempt's reason, what it says
 * about the provider's health, and its {@link FailureClass}. One place for the words of {@link AnswerStream}.
 */
final class NoAnswer {

    private NoAnswer() {
    }

    /** An error event (PERSISTENT), a declined request (NO_ANSWER) or a content-policy refusal before any text. */
    static ProviderCallException event(String message, FailureClass kind) {
        return switch (kind) {
            case CONTENT_POLICY -> new RequestRefusedException(message, kind);
            case PERSISTENT -> ProviderCallException.failed("error event before the first token: " + message,
                    HealthStatus.DEGRADED, kind);
            default -> ProviderCallException.failed("error event before the first token: " + message, null, kind);
        };
    }

    /** The first event could not be read. */
    static ProviderCallException malformed(String what) {
        return ProviderCallException.failed("malformed first event (" + what + ")", HealthStatus.DEGRADED,
                FailureClass.PERSISTENT);
    }

    /** The stream ended (error null) or its connection failed before the first token. */
    static ProviderCallException ended(Throwable error) {
        if (error == null) {
            return ProviderCallException.failed("the stream ended before the first token", HealthStatus.DEGRADED,
                    FailureClass.TRANSIENT);
        }
        TransportFailures.Failure f = TransportFailures.describe(error);
        return ProviderCallException.failed(f.reason() + " before the first token", f.healthImpact(), f.failureClass());
    }

    /** The answer's only event said its content was filtered: the provider's safety system declined the request. */
    static ProviderCallException contentFiltered(String nativeReason) {
        return new RequestRefusedException("declined by the provider's content policy (finish reason " + nativeReason
                + ")", FailureClass.CONTENT_POLICY);
    }

    /** The client went away before the first token. */
    static ProviderCallException cancelled() {
        return ProviderCallException.failed("cancelled: the client went away", null, FailureClass.CANCELLED);
    }
}
