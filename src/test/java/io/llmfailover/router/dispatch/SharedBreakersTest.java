package io.llmfailover.router.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.llmfailover.router.chat.Attempt;
import io.llmfailover.router.chat.ChatMessage;
import io.llmfailover.router.chat.ChatRequest;
import io.llmfailover.router.chat.ChatResponse;
import io.llmfailover.router.core.Provider;
import io.llmfailover.router.health.ProviderBreakers;
import io.llmfailover.router.support.RouterInstance;
import io.llmfailover.router.support.TestRedis;
import io.llmfailover.router.support.Upstreams;
import org.junit.jupiter.api.Test;

/**
 * Two router instances sharing one real redis-server share their breakers: a provider one instance found failing is
 * skipped by the other without a call, and closing it on one (an operator's resetBreakers) closes it on both.
 */
class SharedBreakersTest {

    @Test
    void aBreakerOpenedOnOneInstanceIsOpenOnTheOtherWithoutACall() {
        try (Upstreams up = new Upstreams().allHealthy()) {
            Map<String, String> props = new HashMap<>(up.routerPropertiesWithEveryProvider(Map.of(
                    "llm.redis.url", TestRedis.shared().url(), "llm.redis.key-prefix", TestRedis.uniquePrefix(),
                    "llm.breaker.share-interval", "100ms", "llm.request-timeout", "20s")));
            try (RouterInstance a = RouterInstance.startProbed(withId(props, "router-a"));
                    RouterInstance b = RouterInstance.startProbed(withId(props, "router-b"))) {
                up.claude(Upstreams.json(429, Upstreams.CLAUDE_529.replace("overloaded_error", "rate_limit_error"))
                        .withHeader("Retry-After", "120"));
                ChatResponse first = ask(a);
                assertThat(first.attempts().get(0).reason()).startsWith("rate limited, HTTP 429");
                assertThat(breakers(a).state(Provider.CLAUDE)).isEqualTo(ProviderBreakers.State.OPEN);

                await().atMost(Duration.ofSeconds(5)).until(() -> breakers(b).state(Provider.CLAUDE)
                        == ProviderBreakers.State.OPEN);
                ChatResponse onB = ask(b);
                Attempt skipped = onB.attempts().get(0);
                assertThat(skipped.outcome()).isEqualTo(Attempt.SKIPPED);
                assertThat(skipped.reason()).startsWith("circuit open on another instance (last: rate limited, HTTP 429");
                assertThat(onB.provider()).isEqualTo("ollama");
                assertThat(up.claudeCalls()).as("instance b never called Claude").isEqualTo(1);

                // an operator closes the breakers on a: b follows
                breakers(a).reset();
                await().atMost(Duration.ofSeconds(5)).until(() -> breakers(b).state(Provider.CLAUDE)
                        == ProviderBreakers.State.CLOSED);
                up.claudeOk("Claude is back.");
                assertThat(ask(b).provider()).isEqualTo("claude");
            }
        }
    }

    private static Map<String, String> withId(Map<String, String> props, String id) {
        Map<String, String> p = new HashMap<>(props);
        p.put("llm.instance-id", id);
        return p;
    }

    private static ChatResponse ask(RouterInstance r) {
        return r.template().requestBody("direct:chat", new ChatRequest(List.of(ChatMessage.user("Hi")), null, null,
                null, "claude"), ChatResponse.class);
    }

    private static ProviderBreakers breakers(RouterInstance r) {
        return r.bean("providerBreakers", ProviderBreakers.class);
    }
}
