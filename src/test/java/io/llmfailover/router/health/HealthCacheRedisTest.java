package io.llmfailover.router.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmfailover.router.core.HealthStatus;
import io.llmfailover.router.support.OllamaStub;
import io.llmfailover.router.support.RouterInstance;
import io.llmfailover.router.support.TestRedis;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** With Redis configured, the latest health report is cached under <prefix>health:<ollama url> with a TTL. */
class HealthCacheRedisTest {

    @Test
    void latestReportIsCachedWithTtlAndSeedsANewInstance() throws Exception {
        TestRedis redis = TestRedis.shared();
        String prefix = TestRedis.uniquePrefix();
        try (OllamaStub ollama = new OllamaStub(); Jedis jedis = redis.client()) {
            ollama.tags(OllamaStub.MODEL).generateError(503, "server busy, please try again.  maximum pending requests exceeded");
            String key = prefix + "health:" + ollama.url();
            try (RouterInstance router = RouterInstance.start(Map.of(
                    "llm.ollama.url", ollama.url(),
                    "llm.redis.url", redis.url(),
                    "llm.redis.key-prefix", prefix,
                    "llm.health.poll-interval", "30s"))) {
                await().until(() -> jedis.get(key) != null);
                JsonNode cached = new ObjectMapper().readTree(jedis.get(key));
                assertThat(cached.path("status").asText()).isEqualTo("DEGRADED");
                assertThat(cached.path("reason").asText()).startsWith("server busy");
                // about twice the poll interval (plus the probe timeout)
                assertThat(jedis.ttl(key)).isBetween(50L, 62L);
                assertThat(router.bean("geminiQuotaGate", io.llmfailover.router.quota.GeminiQuotaGate.class).mode())
                        .isEqualTo("redis");
            }
            // a new instance starts from the shared report instead of "not probed yet"
            ollama.stop();
            OllamaHealth seeded = new OllamaHealth(3, java.time.Clock.systemUTC(),
                    new HealthCache.Redis(new io.llmfailover.router.redis.RedisStore(redis.url(),
                            java.time.Duration.ofSeconds(1), 2), new ObjectMapper(), prefix, ollama.url(),
                            java.time.Duration.ofMinutes(1)));
            assertThat(seeded.current().status()).isEqualTo(HealthStatus.DEGRADED);
            assertThat(seeded.current().reason()).startsWith("server busy");
        }
    }
}
