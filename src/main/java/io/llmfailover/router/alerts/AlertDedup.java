package io.llmfailover.router.alerts;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

import io.llmfailover.router.redis.RedisStore;
import io.llmfailover.router.redis.RedisUnavailableException;
import redis.clients.jedis.params.SetParams;

/**
 * "Has this alert already gone out in its window?", answered once for all instances: Redis {@code SET key NX EX
 * window} (only the first instance to set the key sends). Without Redis, or while Redis fails, a local window does
 * the same for this instance alone.
 */
public final class AlertDedup {

    private final RedisStore redis;
    private final String keyPrefix;
    private final ConcurrentHashMap<String, Long> local = new ConcurrentHashMap<>();

    public AlertDedup(RedisStore redis, String keyPrefix) {
        this.redis = redis;
        this.keyPrefix = keyPrefix;
    }

    /** True for the first caller (across instances) of this key within the window; false for every other. */
    public boolean firstInWindow(String key, Duration window) {
        String fullKey = keyPrefix + "alert:" + key;
        if (redis != null) {
            try {
                String answer = redis.execute(j -> j.set(fullKey, "1", SetParams.setParams().nx().px(window.toMillis())));
                return "OK".equals(answer);
            } catch (RedisUnavailableException e) {
                // fall back to this instance's own window
            }
        }
        long now = System.nanoTime();
        long until = now + window.toNanos();
        boolean[] first = new boolean[1];
        local.compute(fullKey, (k, expiry) -> {
            if (expiry == null || expiry - now <= 0) {
                first[0] = true;
                return until;
            }
            return expiry;
        });
        return first[0];
    }
}
