package io.llmfailover.router.quota;

import java.time.Clock;
import java.util.List;

import io.llmfailover.router.redis.RedisStore;
import io.llmfailover.router.redis.RedisUnavailableException;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * The quota gate shared by every instance through Redis. One atomic script per check: INCR today's key, EXPIRE it
 * when the value is 1 (so the TTL is set once), and DECR again when the new value is over the quota, so the counter
 * always equals the number of calls allowed. Exact under any number of instances and threads.
 *
 * <p>It also survives Redis losing the counter (a restart without persistence, a replica without the latest writes
 * promoted): each instance remembers the highest count it has seen today (every answer carries it), sends it with
 * every check, and the script first raises a counter found lower than that back to it. What can still be over-issued
 * is bounded by what no surviving instance saw: the calls other instances are granted between the loss and the next
 * check of the instance that saw the highest count (README, "The quota gate").
 */
public final class RedisQuotaGate extends GeminiQuotaGate {

    /**
     * KEYS[1] = counter, ARGV[1] = quota, ARGV[2] = ttl seconds, ARGV[3] = the highest count this instance has seen
     * today. Returns {allowed 1|0, count, how far the counter was raised (0: it was not lower)}.
     */
    static final String SCRIPT = String.join("\n",
            "local floor = tonumber(ARGV[3])",
            "local raised = 0",
            "local found = tonumber(redis.call('GET', KEYS[1]) or '0')",
            "if found < floor then",
            "  redis.call('SET', KEYS[1], floor, 'EX', ARGV[2])",
            "  raised = floor - found",
            "end",
            "local v = redis.call('INCR', KEYS[1])",
            "if v == 1 then redis.call('EXPIRE', KEYS[1], ARGV[2]) end",
            "if v > tonumber(ARGV[1]) then",
            "  redis.call('DECR', KEYS[1])",
            "  return {0, v - 1, raised}",
            "end",
            "return {1, v, raised}");

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RedisQuotaGate.class);

    private final RedisStore redis;
    private volatile String scriptSha;
    /** The highest count seen for a day's key: a grant's count, or the count a refusal found. */
    private final java.util.concurrent.atomic.AtomicReference<Seen> seen =
            new java.util.concurrent.atomic.AtomicReference<>(new Seen("", 0));

    private record Seen(String key, long count) {
    }

    public RedisQuotaGate(RedisStore redis, String keyPrefix, long dailyQuota, Clock clock) {
        this(redis, "gemini", keyPrefix, dailyQuota, clock);
    }

    public RedisQuotaGate(RedisStore redis, String provider, String keyPrefix, long dailyQuota, Clock clock) {
        super(provider, keyPrefix, dailyQuota, clock);
        this.redis = redis;
    }

    @Override
    public QuotaDecision tryAcquire() {
        long quota = quota();
        String key = todayKey();
        Seen before = seen.get();
        long floor = before.key().equals(key) ? before.count() : 0;
        List<String> args = List.of(Long.toString(quota), Long.toString(ttlSeconds()), Long.toString(floor));
        try {
            List<?> result = (List<?>) redis.execute(jedis -> {
                String sha = scriptSha;
                if (sha != null) {
                    try {
                        return jedis.evalsha(sha, List.of(key), args);
                    } catch (JedisNoScriptException e) {
                        // Redis restarted or flushed its script cache: load again below
                    }
                }
                // loaded on the node that holds the key (in a Redis Cluster, its slot's master)
                scriptSha = jedis.scriptLoad(SCRIPT, key);
                return jedis.evalsha(scriptSha, List.of(key), args);
            });
            long allowed = ((Number) result.get(0)).longValue();
            long count = ((Number) result.get(1)).longValue();
            long raised = ((Number) result.get(2)).longValue();
            if (raised > 0) {
                LOG.warn("Redis had lost today's {} call count ({} found {} below what this instance had seen, {}):"
                        + " raised it back before counting this call", provider(), key, raised, floor);
            }
            seen.accumulateAndGet(new Seen(key, count), (a, b) -> !a.key().equals(b.key()) || b.count() > a.count() ? b : a);
            return allowed == 1 ? allowed(count, quota) : exhausted(count, quota);
        } catch (RedisUnavailableException e) {
            return failedClosed(quota, e.getMessage());
        } catch (RuntimeException e) {
            return failedClosed(quota, "unexpected answer from redis: " + e.getClass().getSimpleName());
        }
    }

    @Override
    public QuotaSnapshot peek() {
        long quota = quota();
        String key = todayKey();
        try {
            String value = redis.execute(jedis -> jedis.get(key));
            long count = value == null ? 0 : Long.parseLong(value);
            return snapshot(count, quota, count < quota, null);
        } catch (RedisUnavailableException e) {
            return snapshot(-1, quota, false, e.getMessage());
        } catch (NumberFormatException e) {
            return snapshot(-1, quota, false, "counter " + key + " does not hold a number");
        }
    }

    /** The highest count this instance has seen for today's key (0 when none yet). */
    public long highestSeen() {
        Seen s = seen.get();
        return s.key().equals(todayKey()) ? s.count() : 0;
    }

    @Override
    public String mode() {
        return "redis";
    }
}
