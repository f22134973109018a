package io.llmfailover.router.redis;

/**
 * What a Redis failure says, in one line without any password: {@code redis <where> unavailable (<the deepest
 * message>)}. Jedis's Cluster client reports the node failures behind "No more cluster attempts left" as suppressed
 * exceptions rather than as the cause, so both are followed.
 */
final class RedisFailures {

    private RedisFailures() {
    }

    static String describe(Throwable e, RedisTarget target) {
        String message = null;
        int depth = 0;
        for (Throwable t = e; t != null && depth++ < 20; t = next(t)) {
            if (t.getMessage() != null) {
                message = t.getClass().getSimpleName() + ": " + t.getMessage();
            }
        }
        if (message == null) {
            message = e.getClass().getSimpleName();
        }
        for (String secret : target.secrets()) {
            message = message.replace(secret, "***");
        }
        return "redis " + target.describe() + " unavailable (" + message + ")";
    }

    static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        int depth = 0;
        for (Throwable t = e; t != null && depth++ < 20; t = next(t)) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /** The cause, else the first suppressed exception; null at the end. */
    private static Throwable next(Throwable t) {
        Throwable next = t.getCause() != null ? t.getCause()
                : t.getSuppressed().length > 0 ? t.getSuppressed()[0] : null;
        return next == t ? null : next;
    }
}
