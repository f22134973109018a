package io.llmfailover.router.redis;

/**
 * Where state shared by all instances lives: a Redis store with the key prefix every key starts with, or nothing
 * (in-memory mode, one instance only). The quota gate, the health cache and the alert dedup each pick their
 * Redis or in-memory form from it.
 *
 * @param redis     the Redis store, or null in in-memory mode
 * @param keyPrefix {@code llm.redis.key-prefix}
 */
public record SharedState(RedisStore redis, String keyPrefix) {

    public boolean shared() {
        return redis != null;
    }
}
