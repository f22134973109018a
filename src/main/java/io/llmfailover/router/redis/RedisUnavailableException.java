package io.llmfailover.router.redis;

/** Redis could not answer: refused, timed out, auth failed, or the pool was exhausted. The message holds no secret. */
public class RedisUnavailableException extends RuntimeException {
    public RedisUnavailableException(String message) {
        super(message, null, false, false);
    }
}
