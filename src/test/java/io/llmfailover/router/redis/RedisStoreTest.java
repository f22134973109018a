package io.llmfailover.router.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;

import io.llmfailover.router.support.TestRedis;
import org.junit.jupiter.api.Test;

/** The Redis store against a real redis-server that restarts: it is used again as soon as Redis is back. */
class RedisStoreTest {

    @Test
    void aRestartLeavesNoDeadConnectionInThePool() throws Exception {
        try (TestRedis redis = TestRedis.embedded();
                RedisStore store = new RedisStore(redis.url(), Duration.ofMillis(200), 8)) {
            // eight callers at once: eight pooled connections
            CyclicBarrier together = new CyclicBarrier(8);
            List<CompletableFuture<String>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                calls.add(CompletableFuture.supplyAsync(() -> store.execute(j -> {
                    try {
                        together.await();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    return j.ping();
                })));
            }
            for (CompletableFuture<String> c : calls) {
                assertThat(c.get()).isEqualTo("PONG");
            }
            assertThat(store.idleConnections()).isEqualTo(8);

            redis.stop();
            redis.start();

            // the first call meets a connection that died with the old server
            assertThatThrownBy(() -> store.execute(j -> j.ping())).isInstanceOf(RedisUnavailableException.class)
                    .hasMessageContaining("unavailable");
            // and none of the other seven is left to fail the next calls one by one
            assertThat(store.idleConnections()).isZero();
            await().atMost(Duration.ofSeconds(5)).until(store::ping);
        }
    }
}
