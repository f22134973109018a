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
 */
public final class RedisQuotaGate extends GeminiQuotaGate {

    /** KEYS[1] = counter, ARGV[1] = quota, ARGV[2] = ttl seconds. Returns {allowed 1|0, count}. */
    static final String SCRIPT = String.join("\n",
            "local v = redis.call('INCR', KEYS[1])",
            "if v == 1 then redis.call('EXPIRE', KEYS[1], ARGV[2]) end",
            "if v > tonumber(ARGV[1]) then",
            "  redis.call('DECR', KEYS[1])",
            "  return {0, v - 1}",
            "end",
            "return {1, v}");

    private final RedisStore redis;
    private volatile String scriptSha;

    public RedisQuotaGate(RedisStore redis, String keyPrefix, long dailyQuota, Clock clock) {
        super(keyPrefix, dailyQuota, clock);
        this.redis = redis;
    }

    @Override
    public QuotaDecision tryAcquire() {
        long quota = quota();
        String key = todayKey();
        List<String> args = List.of(Long.toString(quota), Long.toString(ttlSeconds()));
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
                scriptSha = jedis.scriptLoad(SCRIPT);
                return jedis.evalsha(scriptSha, List.of(key), args);
            });
            long allowed = ((Number) result.get(0)).longValue();
            long count = ((Number) result.get(1)).longValue();
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
            return new QuotaSnapshot(count, quota, count < quota, null);
        } catch (RedisUnavailableException e) {
            return new QuotaSnapshot(-1, quota, false, e.getMessage());
        } catch (NumberFormatException e) {
            return new QuotaSnapshot(-1, quota, false, "counter " + key + " does not hold a number");
        }
    }

    @Override
    public String mode() {
        return "redis";
    }
}
