package io.llmfailover.router.core;

import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;



/**
 * Names a failure that happened before any HTTP answer (refused, unknown host, timed out, connection dropped) and
 * what it says about the health of the server called. Shared by the probe and by passive health.
 */
public final class TransportFailures {

    private TransportFailures() {
    }

    public static final String TIMED_OUT = "timed out";

    /** @param failureClass TRANSIENT for a connection dropped before the answer, else PERSISTENT */
    public record Failure(String reason, HealthStatus healthImpact, FailureClass failureClass) {

        Failure(String reason, HealthStatus healthImpact) {
            this(reason, healthImpact, FailureClass.PERSISTENT);
        }
    }

    public static Failure describe(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String type = t.getClass().getSimpleName();
            if (t instanceof UnknownHostException) {
                return new Failure("DNS lookup failed for " + t.getMessage(), HealthStatus.OFFLINE);
            }
            // before ConnectException: Netty's ConnectTimeoutException is one
            if (t instanceof SocketTimeoutException || t instanceof InterruptedIOException || type.contains("Timeout")) {
                return new Failure(TIMED_OUT, HealthStatus.OFFLINE);
            }
            if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
                return new Failure("connection refused", HealthStatus.OFFLINE);
            }
            // Apache HttpClient's, and Vert.x's when the server closes the connection before its answer
            if (type.equals("NoHttpResponseException") || type.equals("HttpClosedException")) {
                return new Failure("connection closed without an answer", HealthStatus.OFFLINE, FailureClass.TRANSIENT);
            }
            // Java's, and Netty's native transport's (NativeIoException: "Connection reset by peer")
            if (t instanceof java.net.SocketException || type.equals("NativeIoException")) {
                return new Failure("connection error: " + t.getMessage(), HealthStatus.OFFLINE, FailureClass.TRANSIENT);
            }
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return new Failure("unexpected error: " + root.getClass().getSimpleName(), HealthStatus.DEGRADED);
    }
}
