package io.llmfailover.router.settings;

import java.time.Duration;

import io.llmfailover.router.util.Texts;

/** Shared state, {@code llm.redis.*}. A null URL means in-memory state (one instance only). */
public record RedisSettings(String url, String keyPrefix, Duration timeout, int poolSize, Duration checkInterval) {

    static RedisSettings read(SettingsReader r) {
        return new RedisSettings(r.redisUrl("llm.redis.url"), r.text("llm.redis.key-prefix"),
                r.duration("llm.redis.timeout", Duration.ofMillis(10)), (int) r.whole("llm.redis.pool-size", 1, 10_000),
                r.duration("llm.redis.check-interval", Duration.ofMillis(100)));
    }

    public boolean configured() {
        return url != null;
    }

    /** The password of the URL stays out. */
    @Override
    public String toString() {
        return "RedisSettings[" + (url == null ? "in-memory" : Texts.redactUserInfo(url)) + ", prefix " + keyPrefix + "]";
    }
}
