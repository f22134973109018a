package io.llmfailover.router.quota;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import io.llmfailover.router.redis.RedisStore;
import io.llmfailover.router.redis.RedisUnavailableException;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * The token gate shared by every instance through Redis: a hash per provider and day with two totals that only grow,
 * {@code r} (tokens reserved, plus what answers used beyond their reservation) and {@code b} (tokens given back); the
 * day's count is {@code r - b}. Reserving is one atomic script that refuses when {@code r - b + amount} would pass the
 * quota, so the count is exact under any number of instances and threads. Like the call gate
 * ({@link RedisQuotaGate}) it survives Redis losing the hash: each instance sends the highest totals it has seen
 * today, and the script raises totals found lower back to them before deciding.
 */
public final class RedisTokenGate extends TokenQuotaGate {

    /** KEYS[1] = hash; ARGV = quota, ttl, amount, floor r, floor b. Returns {allowed, count, r, b, raised}. */
    static final String RESERVE = String.join("\n",
            "local r = tonumber(redis.call('HGET', KEYS[1], 'r') or '0')",
            "local b = tonumber(redis.call('HGET', KEYS[1], 'b') or '0')",
            "local raised = 0",
            "if r < tonumber(ARGV[4]) then raised = tonumber(ARGV[4]) - r; r = tonumber(ARGV[4]);"
                    + " redis.call('HSET', KEYS[1], 'r', r) end",
            "if b < tonumber(ARGV[5]) then b = tonumber(ARGV[5]); redis.call('HSET', KEYS[1], 'b', b) end",
            "if b > r then b = r; redis.call('HSET', KEYS[1], 'b', b) end",
            "redis.call('EXPIRE', KEYS[1], ARGV[2])",
            "local n = tonumber(ARGV[3])",
            "if r - b + n > tonumber(ARGV[1]) then return {0, r - b, r, b, raised} end",
            "r = redis.call('HINCRBY', KEYS[1], 'r', n)",
            "return {1, r - b, r, b, raised}");

    /**
     * KEYS[1] = hash; ARGV = tokens to give back, tokens to add, ttl. The count never goes below 0 (a hash lost since
     * the reservation has nothing to give back from). Returns {r, b}.
     */
    static final String SETTLE = String.join("\n",
            "local r = tonumber(redis.call('HGET', KEYS[1], 'r') or '0')",
            "local b = tonumber(redis.call('HGET', KEYS[1], 'b') or '0')",
            "r = r + tonumber(ARGV[2])",
            "b = math.min(r, b + tonumber(ARGV[1]))",
            "redis.call('HSET', KEYS[1], 'r', r, 'b', b)",
            "redis.call('EXPIRE', KEYS[1], ARGV[3])",
            "return {r, b}");

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RedisTokenGate.class);

    private final RedisStore redis;
    private final AtomicReference<String> reserveSha = new AtomicReference<>();
    private final AtomicReference<String> settleSha = new AtomicReference<>();
    /** The highest totals seen for a day's key. */
    private final AtomicReference<Seen> seen = new AtomicReference<>(new Seen("", 0, 0));

    private record Seen(String key, long r, long b) {
    }

    public RedisTokenGate(RedisStore redis, String provider, String keyPrefix, long dailyTokens, Clock clock) {
        super(provider, keyPrefix, dailyTokens, clock);
        this.redis = redis;
    }

    @Override
    public QuotaDecision reserve(long amount, long promptEstimate) {
        long quota = quota();
        String key = todayKey();
        Seen floor = seen.get();
        boolean same = floor.key().equals(key);
        try {
            List<?> out = run(RESERVE, reserveSha, key, List.of(Long.toString(quota), Long.toString(ttlSeconds()),
                    Long.toString(amount), Long.toString(same ? floor.r() : 0), Long.toString(same ? floor.b() : 0)));
            long count = number(out, 1);
            if (number(out, 4) > 0) {
                LOG.warn("Redis had lost today's {} token count ({} found {} below what this instance had seen):"
                        + " raised it back before reserving", provider(), key, number(out, 4));
            }
            see(key, number(out, 2), number(out, 3));
            return number(out, 0) == 1 ? granted(key, count, quota, amount, promptEstimate)
                    : refused(count, quota, amount);
        } catch (RedisUnavailableException e) {
            return failedClosed(quota, e.getMessage());
        } catch (RuntimeException e) {
            return failedClosed(quota, "unexpected answer from redis: " + e.getClass().getSimpleName());
        }
    }

    @Override
    protected void settle(TokenReservation r, long used) {
        long back = Math.max(0, r.amount() - used);
        long more = Math.max(0, used - r.amount());
        if (back == 0 && more == 0) {
            return;
        }
        try {
            List<?> out = run(SETTLE, settleSha, r.key(), List.of(Long.toString(back), Long.toString(more),
                    Long.toString(ttlSeconds())));
            see(r.key(), number(out, 0), number(out, 1));
        } catch (RuntimeException e) {
            // the reservation stays counted: the day's count is too high by what was not given back (fail closed)
            LOG.warn("Could not settle {} tokens of {} on {}: {}", r.amount(), provider(), r.key(), e.getMessage());
        }
    }

    @Override
    public QuotaSnapshot peek() {
        long quota = quota();
        String key = todayKey();
        try {
            List<String> v = redis.execute(jedis -> jedis.hmget(key, "r", "b"));
            long r = v.get(0) == null ? 0 : Long.parseLong(v.get(0));
            long b = v.get(1) == null ? 0 : Long.parseLong(v.get(1));
            return snapshot(Math.max(0, r - b), quota, null);
        } catch (RedisUnavailableException e) {
            return snapshot(-1, quota, e.getMessage());
        } catch (NumberFormatException e) {
            return snapshot(-1, quota, "counter " + key + " does not hold numbers");
        }
    }

    private void see(String key, long r, long b) {
        seen.accumulateAndGet(new Seen(key, r, b), (a, n) -> !a.key().equals(n.key()) ? n
                : new Seen(a.key(), Math.max(a.r(), n.r()), Math.max(a.b(), n.b())));
    }

    private List<?> run(String script, AtomicReference<String> sha, String key, List<String> args) {
        return (List<?>) redis.execute(jedis -> {
            String s = sha.get();
            if (s != null) {
                try {
                    return jedis.evalsha(s, List.of(key), args);
                } catch (JedisNoScriptException e) {
                    // Redis restarted or flushed its script cache: load again below
                }
            }
            s = jedis.scriptLoad(script, key);
            sha.set(s);
            return jedis.evalsha(s, List.of(key), args);
        });
    }

    private static long number(List<?> out, int i) {
        return ((Number) out.get(i)).longValue();
    }
}
