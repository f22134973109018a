package io.llmfailover.router.stream;

import io.llmfailover.router.chat.AnswerSettlement;
import io.llmfailover.router.chat.Usage;

/**
 * What one provider's answer turned out to be, as its events came: model, finish reason, usage, how many pieces of
 * text, and when the first and the last came. Written on the stream's event loop; read after it ended.
 */
public final class AnswerFacts {

    private final String provider;
    private final long sentNanos;
    private volatile String model;
    private volatile String finishReason;
    private volatile String nativeFinishReason;
    private volatile Usage usage = Usage.NONE;
    private volatile long tokens;
    private volatile int toolCalls;
    private volatile long firstTokenNanos;
    private volatile long endNanos;
    private volatile AnswerSettlement settlement;

    AnswerFacts(String provider, String model, long sentNanos) {
        this.provider = provider;
        this.model = model;
        this.sentNanos = sentNanos;
    }

    void model(String m) {
        if (m != null && !m.isEmpty()) {
            model = m;
        }
    }

    void finish(String reason, String nativeReason) {
        finishReason = reason;
        nativeFinishReason = nativeReason;
    }

    void usage(Usage u) {
        usage = u;
    }

    /** A piece of text or of a tool call came ({@code newCall}: the first piece of a call). */
    void token(long now, boolean newCall) {
        if (newCall) {
            toolCalls++;
        }
        tokens++;
        if (firstTokenNanos == 0) {
            firstTokenNanos = now;
        }
    }

    void ended(long now) {
        if (endNanos == 0) {
            endNanos = now;
            if (firstTokenNanos == 0) {
                firstTokenNanos = now;
            }
        }
    }

    /** What the answer owes when it ends (the tokens a token quota reserved for it); null for nothing. */
    public AnswerSettlement settlement() {
        return settlement;
    }

    public void settlement(AnswerSettlement s) {
        settlement = s;
    }

    public String provider() {
        return provider;
    }

    /** The model that answered, as the provider named it (the configured model until it says). */
    public String model() {
        return model;
    }

    /**
     * Normalised: {@code stop} (also when the provider gave none), {@code length}, {@code content_filter},
     * {@code tool_calls} (also when the provider says it stopped after calling tools, as Ollama and Gemini do).
     */
    public String finishReason() {
        if (toolCalls > 0 && (finishReason == null || "stop".equals(finishReason))) {
            return "tool_calls";
        }
        return finishReason == null ? "stop" : finishReason;
    }

    /** How many tool calls the answer holds. */
    public int toolCalls() {
        return toolCalls;
    }

    public String nativeFinishReason() {
        return nativeFinishReason;
    }

    public Usage usage() {
        return usage;
    }

    /** Pieces of text received. */
    public long tokens() {
        return tokens;
    }

    /** From the request sent to the first text (0 before it). */
    public long firstTokenNanos() {
        return firstTokenNanos == 0 ? 0 : firstTokenNanos - sentNanos;
    }

    /** From the first text to the end (0 while it runs). */
    public long generationNanos() {
        return endNanos == 0 || firstTokenNanos == 0 ? 0 : endNanos - firstTokenNanos;
    }

    /** From the request sent to the end (0 while it runs). */
    public long totalNanos() {
        return endNanos == 0 ? 0 : endNanos - sentNanos;
    }

    /**
     * Pieces of text per second of generation (0 when too short to tell). Counted by events, which providers send
     * about one per token; the provider's own count, when it gives one at the end, is in {@link #usage()}.
     */
    public double tokensPerSecond() {
        long n = usage.completionTokens() > 0 ? usage.completionTokens() : tokens;
        long nanos = generationNanos();
        return nanos < 1_000_000 || n < 2 ? 0 : n * 1e9 / nanos;
    }
}
