package io.llmfailover.router.quota;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

import io.llmfailover.router.chat.ChatMessage;
import io.llmfailover.router.chat.ChatRequest;
import io.llmfailover.router.chat.QuotaDeniedException;
import io.llmfailover.router.core.PropertyNames;
import io.llmfailover.router.core.Provider;
import io.llmfailover.router.settings.ProviderSettings;
import io.llmfailover.router.settings.Reconfigurable;
import io.llmfailover.router.settings.RouterSettings;
import org.apache.camel.ExchangeProperty;

/**
 * Every provider's quota gates, by id: a call gate ({@code llm.providers.<id>.daily-calls}) and a token gate
 * ({@code daily-tokens}), in Redis when there is one (exact across instances), in memory otherwise; and the
 * {@link SpendLedger}. {@code routes/quota-gate.camel.yaml} runs {@link #acquire} right before each call to a provider
 * with a quota: the token gate reserves first, then the call gate counts (a refused call gives its tokens back). A
 * reload that changes the numbers applies them; the day's counts go on.
 */
public final class QuotaGates implements Reconfigurable {

    /** Makes the gates of a provider that gets a quota (in Redis or in memory, as the router runs). */
    public interface Factory {
        GeminiQuotaGate calls(String provider, long dailyCalls);

        TokenQuotaGate tokens(String provider, long dailyTokens);
    }

    /** One provider's gates (either may be null) and what its token gate reserves for an answer. */
    public record Gates(GeminiQuotaGate calls, TokenQuotaGate tokens, long answerReserve) {
    }

    private static final QuotaDecision NONE = new QuotaDecision(true, 0, Long.MAX_VALUE, "allowed", false, "", true,
            null);

    private final Factory factory;
    private final GeminiQuotaGate gemini;
    private final SpendLedger ledger;
    private volatile Map<String, Gates> gates = Map.of();

    /** @param gemini Gemini's call gate (the bean {@code geminiQuotaGate}), used when Gemini has a call quota */
    public QuotaGates(Factory factory, GeminiQuotaGate gemini, SpendLedger ledger, RouterSettings settings) {
        this.factory = factory;
        this.gemini = gemini;
        this.ledger = ledger;
        reconfigure(settings);
    }

    /** Gates that guard one provider's calls only (a test of the quota gate route). */
    public static QuotaGates callsOnly(GeminiQuotaGate calls, java.time.Clock clock) {
        QuotaGates q = new QuotaGates(null, calls, new SpendLedger(clock));
        q.gates = Map.of(calls.provider(), new Gates(calls, null, 0));
        return q;
    }

    private QuotaGates(Factory factory, GeminiQuotaGate gemini, SpendLedger ledger) {
        this.factory = factory;
        this.gemini = gemini;
        this.ledger = ledger;
    }

    @Override
    public synchronized void reconfigure(RouterSettings next) {
        Map<String, Gates> made = new HashMap<>();
        for (ProviderSettings s : next.providers().all()) {
            String id = s.provider().id();
            ledger.prices(id, s.priceInput(), s.priceOutput());
            if (!s.hasQuota()) {
                continue;
            }
            Gates before = gates.get(id);
            GeminiQuotaGate calls = null;
            if (s.dailyCalls() >= 0) {
                calls = before != null && before.calls() != null ? before.calls()
                        : id.equals(gemini.provider()) ? gemini : factory.calls(id, s.dailyCalls());
                calls.setQuota(s.dailyCalls());
            }
            TokenQuotaGate tokens = null;
            if (s.dailyTokens() >= 0) {
                tokens = before != null && before.tokens() != null ? before.tokens() : factory.tokens(id, s.dailyTokens());
                tokens.setQuota(s.dailyTokens());
            }
            long reserve = s.defaultMaxTokens() != null ? s.defaultMaxTokens() : next.quota().defaultReserveTokens();
            made.put(id, new Gates(calls, tokens, reserve));
        }
        gates = Map.copyOf(made);
    }

    /** The gates of a provider, or null when it has no quota. */
    public Gates of(String provider) {
        return gates.get(provider);
    }

    public SpendLedger ledger() {
        return ledger;
    }

    /**
     * The quota gate route's first step: reserves the call's tokens (its {@code max_tokens}, else the provider's
     * {@code max-tokens}, else {@code llm.quota.default-reserve-tokens}, plus the prompt's characters / 4) and counts
     * the call. The decision carries the reservation. Never throws.
     */
    public QuotaDecision acquire(@ExchangeProperty(PropertyNames.QUOTA_PROVIDER) String provider,
            @ExchangeProperty(PropertyNames.REQUEST) ChatRequest request) {
        Gates g = gates.get(provider == null ? "gemini" : provider);
        if (g == null) {
            return NONE;
        }
        TokenReservation reserved = null;
        QuotaDecision tokens = null;
        if (g.tokens() != null) {
            long prompt = promptEstimate(request);
            long answer = request != null && request.maxTokens() != null ? request.maxTokens() : g.answerReserve();
            tokens = g.tokens().reserve(prompt + answer, prompt);
            if (!tokens.allowed()) {
                return tokens;
            }
            reserved = tokens.reservation();
        }
        if (g.calls() == null) {
            return tokens;
        }
        QuotaDecision calls = g.calls().tryAcquire();
        if (!calls.allowed()) {
            if (reserved != null) {
                reserved.release();
            }
            return calls;
        }
        return reserved == null ? calls : calls.with(reserved);
    }

    /** The prompt's tokens, estimated: its characters (system and messages) / 4, rounded up. */
    static long promptEstimate(ChatRequest request) {
        if (request == null) {
            return 0;
        }
        long chars = request.system() == null ? 0 : request.system().length();
        for (ChatMessage m : request.messages()) {
            chars += m.content() == null ? 0 : m.content().length();
        }
        return (chars + 3) / 4;
    }

    /** For the quota gate route's filter: the call was refused, or took the last call of the day (audit, alert). */
    public boolean noteworthy(@ExchangeProperty(PropertyNames.QUOTA) QuotaDecision decision) {
        return decision.noteworthy();
    }

    /** For the quota gate route's filter: the call was refused (quota spent, or a gate failed closed). */
    public boolean denied(@ExchangeProperty(PropertyNames.QUOTA) QuotaDecision decision) {
        return !decision.allowed();
    }

    /** The quota gate route's refusal: the provider is skipped, and the walk puts its stand-ins in its place. */
    public void refuse(@ExchangeProperty(PropertyNames.QUOTA) QuotaDecision decision) {
        throw new QuotaDeniedException(decision.reason(), decision.gateError());
    }

    /** The provider's call gate's snapshot (Gemini's for {@code geminiQuota}), or null without a call quota. */
    public QuotaSnapshot peekCalls(Provider p) {
        Gates g = gates.get(p.id());
        return g == null || g.calls() == null ? null : g.calls().peek();
    }

    /**
     * What a routing decision sees of a provider, without counting: its call gate's snapshot, or its token gate's
     * when the calls are available (or it has only tokens); null for a provider without a quota.
     */
    public QuotaSnapshot peek(Provider p) {
        Gates g = gates.get(p.id());
        if (g == null) {
            return null;
        }
        QuotaSnapshot calls = g.calls() == null ? null : g.calls().peek();
        if (g.tokens() == null || calls != null && !calls.available()) {
            return calls;
        }
        return g.tokens().peek();
    }

    /** Per provider with a quota or a price: today's counts, quotas and spend, as GET /routing and JMX show them. */
    public Map<String, QuotaView> view() {
        Map<String, QuotaView> out = new TreeMap<>();
        Map<String, Gates> now = gates;
        ledger.all().forEach((id, spend) -> {
            if (now.containsKey(id) || spend.priced()) {
                out.put(id, QuotaView.of(now.get(id), spend));
            }
        });
        return out;
    }
}
