package io.llmfailover.router.health;

import java.time.Duration;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmfailover.router.redis.RedisStore;
import io.llmfailover.router.redis.RedisUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The latest health report in a place every instance and every other tool can read: Redis key
 * {@code <prefix>health:<ollama url>} with a TTL of about twice the poll interval. Without Redis it is a no-op.
 * A Redis failure here is logged (once per outage) and never stops the probe.
 */
public interface HealthCache {

    Optional<HealthReport> read();

    void write(HealthReport report);

    void clear();

    /** The key (or a description) for logs and docs. */
    String location();

    static HealthCache none() {
        return new HealthCache() {
            @Override
            public Optional<HealthReport> read() {
                return Optional.empty();
            }

            @Override
            public void write(HealthReport report) {
            }

            @Override
            public void clear() {
            }

            @Override
            public String location() {
                return "none (in-memory mode)";
            }
        };
    }

    /** The Redis-backed cache. */
    final class Redis implements HealthCache {
        private static final Logger LOG = LoggerFactory.getLogger(HealthCache.class);

        private final RedisStore redis;
        private final ObjectMapper mapper;
        private final String key;
        private final long ttlSeconds;
        private volatile boolean failing;

        public Redis(RedisStore redis, ObjectMapper mapper, String keyPrefix, String ollamaUrl, Duration ttl) {
            this.redis = redis;
            this.mapper = mapper;
            this.key = keyPrefix + "health:" + ollamaUrl;
            this.ttlSeconds = Math.max(1, ttl.toSeconds());
        }

        @Override
        public Optional<HealthReport> read() {
            try {
                String json = redis.execute(j -> j.get(key));
                ok();
                return json == null ? Optional.empty() : Optional.of(mapper.readValue(json, HealthReport.class));
            } catch (RedisUnavailableException e) {
                fail(e);
                return Optional.empty();
            } catch (Exception e) {
                LOG.warn("Ignoring unreadable health report in redis key {}: {}", key, e.getMessage());
                return Optional.empty();
            }
        }

        @Override
        public void write(HealthReport report) {
            try {
                String json = mapper.writeValueAsString(report);
                redis.execute(j -> j.setex(key, ttlSeconds, json));
                ok();
            } catch (RedisUnavailableException e) {
                fail(e);
            } catch (Exception e) {
                LOG.warn("Could not cache the health report: {}", e.getMessage());
            }
        }

        @Override
        public void clear() {
            try {
                redis.execute(j -> j.del(key));
                ok();
            } catch (RedisUnavailableException e) {
                fail(e);
            }
        }

        @Override
        public String location() {
            return "redis key " + key;
        }

        private void fail(RedisUnavailableException e) {
            if (!failing) {
                failing = true;
                LOG.warn("Health cache not updated: {}", e.getMessage());
            }
        }

        private void ok() {
            if (failing) {
                failing = false;
                LOG.info("Health cache reachable again ({})", key);
            }
        }
    }
}
