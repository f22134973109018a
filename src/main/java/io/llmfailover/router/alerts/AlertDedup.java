package io.llmfailover.router.alerts;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.llmfailover.router.redis.RedisStore;
import io.llmfailover.router.redis.RedisUnavailableException;
import redis.clients.jedis.params.SetParams;

/**
 * "Has this alert already gone out in its window?", answered once for all instances: Redis {@code SET key NX PX
 * window} (only the first instance to set the key sends). Without Redis, or while Redis fails, a local window does
 * the same for this instance alone.
 *
 * <p>Each instance also remembers the marks it has set or found set, until they expire, and {@link #reassert()} (every
 * {@code llm.redis.check-interval}, routes/shared-state.camel.yaml) puts them back when Redis lost them (a restart
 * without persistence, a promoted replica without the latest writes): another instance that asks after that still
 * finds the mark, so an alert does not go out twice.
 */
public final class AlertDedup {

    private final RedisStore redis;
    private final String keyPrefix;
    /** This instance's own window per key, for when Redis cannot answer. */
    private final ConcurrentHashMap<String, Long> local = new ConcurrentHashMap<>();
    /** The live marks this instance has set or found in Redis: key to expiry ({@link System#nanoTime()}). */
    private final ConcurrentHashMap<String, Long> marks = new ConcurrentHashMap<>();

    public AlertDedup(RedisStore redis, String keyPrefix) {
        this.redis = redis;
        this.keyPrefix = keyPrefix;
    }

    /** True for the first caller (across instances) of this key within the window; false for every other. */
    public boolean firstInWindow(String key, Duration window) {
        String fullKey = keyPrefix + "alert:" + key;
        long now = System.nanoTime();
        if (redis != null) {
            Long known = marks.get(fullKey);
            if (known != null && known - now > 0) {
                // a mark this instance knows is live: not first, whatever Redis has kept
                reassert(fullKey, known, now);
                return false;
            }
            try {
                String answer = redis.execute(j -> j.set(fullKey, "1", SetParams.setParams().nx().px(window.toMillis())));
                if ("OK".equals(answer)) {
                    marks.put(fullKey, now + window.toNanos());
                    return true;
                }
                long left = redis.execute(j -> j.pttl(fullKey));
                if (left > 0) {
                    marks.put(fullKey, now + left * 1_000_000L);
                }
                return false;
            } catch (RedisUnavailableException e) {
                // fall back to this instance's own window
            }
        }
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

    /**
     * Puts back in Redis every live mark this instance knows of (a mark that is there is left alone), and forgets the
     * expired ones. Answers how many marks Redis had lost. Never throws: while Redis fails, nothing is put back.
     */
    public int reassert() {
        if (redis == null || marks.isEmpty()) {
            return 0;
        }
        long now = System.nanoTime();
        int restored = 0;
        for (Map.Entry<String, Long> m : marks.entrySet()) {
            if (m.getValue() - now <= 0) {
                marks.remove(m.getKey(), m.getValue());
            } else if (reassert(m.getKey(), m.getValue(), now)) {
                restored++;
            }
        }
        return restored;
    }

    /** SET NX with what is left of the window: true when the mark was missing (and is back). */
    private boolean reassert(String fullKey, long expiry, long now) {
        long leftMs = Math.max(1, (expiry - now) / 1_000_000L);
        try {
            return "OK".equals(redis.execute(j -> j.set(fullKey, "1", SetParams.setParams().nx().px(leftMs))));
        } catch (RedisUnavailableException e) {
            return false;
        }
    }
}
