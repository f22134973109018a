package io.llmfailover.router.quota;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import io.llmfailover.router.chat.ChatMessage;
import io.llmfailover.router.chat.ChatRequest;
import io.llmfailover.router.core.Provider;
import io.llmfailover.router.settings.RouterSettings;
import io.llmfailover.router.support.TestSettings;
import org.junit.jupiter.api.Test;

/** Every provider's gates in memory: what a call reserves, the order of the gates, and a reload of the numbers. */
class QuotaGatesTest {

    private static final Clock UTC = Clock.systemUTC();

    private static QuotaGates gates(RouterSettings s) {
        QuotaGates.Factory inMemory = new QuotaGates.Factory() {
            @Override
            public GeminiQuotaGate calls(String provider, long dailyCalls) {
                return new InMemoryQuotaGate(provider, dailyCalls, UTC);
            }

            @Override
            public TokenQuotaGate tokens(String provider, long dailyTokens) {
                return new TokenQuotaGate.InMemory(provider, dailyTokens, UTC);
            }
        };
        return new QuotaGates(inMemory, new InMemoryQuotaGate(500, UTC), new SpendLedger(UTC), s);
    }

    /** The settings with these quotas; Claude and Nemotron give their place to Gemini. */
    private static RouterSettings settings(Map<String, String> quotas) {
        Map<String, String> all = new java.util.HashMap<>(quotas);
        all.put("llm.routing.claude-exhausted", "gemini");
        all.put("llm.routing.nemotron-exhausted", "gemini");
        return TestSettings.load(all);
    }

    private static ChatRequest request(String text, Integer maxTokens) {
        return new ChatRequest(List.of(new ChatMessage("user", text)), "be brief", maxTokens, null, null);
    }

    @Test
    void reservesMaxTokensOrTheProvidersOrTheDefaultPlusThePromptAndCountsTheCall() {
        QuotaGates g = gates(settings(Map.of("llm.providers.claude.daily-tokens", "100000",
                "llm.providers.claude.daily-calls", "2", "llm.providers.nemotron.daily-tokens", "100000",
                "llm.quota.default-reserve-tokens", "300")));
        // "be brief" + 12 characters = 20 characters: 5 tokens
        QuotaDecision d = g.acquire("claude", request("hello there!", 50));
        assertThat(d.allowed()).isTrue();
        assertThat(d.count()).as("the call gate's count").isEqualTo(1);
        assertThat(d.reservation().amount()).isEqualTo(55);
        assertThat(d.reservation().promptEstimate()).isEqualTo(5);
        // Claude's max-tokens (1024 by default) when the request sets none; nemotron has none: the default
        assertThat(g.acquire("claude", request("hello there!", null)).reservation().amount()).isEqualTo(1029);
        assertThat(g.acquire("nemotron", request("hello there!", null)).reservation().amount()).isEqualTo(305);
        // the call quota refuses the third call and gives its tokens back
        long before = g.of("claude").tokens().peek().count();
        QuotaDecision third = g.acquire("claude", request("hello there!", 50));
        assertThat(third.allowed()).isFalse();
        assertThat(third.reason()).isEqualTo("claude daily quota reached (2/2)");
        assertThat(g.of("claude").tokens().peek().count()).isEqualTo(before);
        assertThat(g.peek(Provider.CLAUDE).available()).isFalse();
        // a provider without a quota has no gates: nothing is counted
        assertThat(g.of("ollama")).isNull();
        assertThat(g.acquire("ollama", request("x", 1)).reservation()).isNull();
    }

    @Test
    void aReloadAppliesTheNewNumbersAndTheCountsGoOn() {
        RouterSettings first = settings(Map.of("llm.providers.claude.daily-tokens", "1000",
                "llm.providers.claude.daily-calls", "5"));
        QuotaGates g = gates(first);
        g.acquire("claude", request("hi", 100)).reservation().settle(60);
        TokenQuotaGate tokens = g.of("claude").tokens();
        assertThat(tokens.peek().count()).isEqualTo(60);

        g.reconfigure(settings(Map.of("llm.providers.claude.daily-tokens", "80",
                "llm.providers.claude.daily-calls", "9", "llm.providers.nemotron.daily-calls", "1",
                "llm.providers.claude.price-output", "15")));
        assertThat(g.of("claude").tokens()).isSameAs(tokens);
        assertThat(tokens.peek()).isEqualTo(new QuotaSnapshot(60, 80, true, null, "claude"));
        assertThat(g.of("claude").calls().peek().count()).isEqualTo(1);
        assertThat(g.of("claude").calls().quota()).isEqualTo(9);
        QuotaDecision over = g.acquire("claude", request("hi", 100));
        assertThat(over.allowed()).isFalse();
        assertThat(over.reason()).isEqualTo("claude daily token quota reached (60+103 > 80)");
        assertThat(g.of("nemotron").calls().quota()).isEqualTo(1);
        assertThat(g.ledger().entry("claude").priced()).isTrue();

        // a reload that takes the quota away removes the gates; Gemini's call gate stays the bean's
        g.reconfigure(settings(Map.of()));
        assertThat(g.of("claude")).isNull();
        assertThat(g.of("gemini").calls().quota()).isEqualTo(500);
    }
}
