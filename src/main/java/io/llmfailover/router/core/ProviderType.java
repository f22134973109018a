package io.llmfailover.router.core;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A provider's wire format ({@code llm.providers.<id>.type}): which API it speaks, so which adapter and which route
 * template ({@code routes/provider-<type>.camel.yaml}) call it. Every provider of one type behaves alike.
 */
public enum ProviderType {
    /** Ollama's own API (POST /api/chat, NDJSON). */
    OLLAMA(true, Set.of("top_p", "top_k", "stop", "seed", "presence_penalty", "frequency_penalty", "num_ctx",
            "keep_alive", "options")),
    /** Any OpenAI-compatible Chat Completions API: OpenAI, NVIDIA, Azure OpenAI, Groq, OpenRouter, vLLM, llama.cpp. */
    OPENAI(false, Set.of("top_p", "stop", "seed", "presence_penalty", "frequency_penalty", "parallel_tool_calls",
            "strict")),
    /** Google Gemini's streamGenerateContent API. */
    GEMINI(true, Set.of("top_p", "top_k", "stop", "seed", "presence_penalty", "frequency_penalty")),
    /** Anthropic's Messages API. */
    ANTHROPIC(true, Set.of("top_p", "top_k", "stop", "parallel_tool_calls"));

    private final String id = name().toLowerCase(Locale.ROOT);
    private final boolean continuesPrefill;
    private final Set<String> samplingFields;

    ProviderType(boolean continuesPrefill, Set<String> samplingFields) {
        this.continuesPrefill = continuesPrefill;
        this.samplingFields = samplingFields;
    }

    public String id() {
        return id;
    }

    boolean continuesPrefill() {
        return continuesPrefill;
    }

    boolean takes(String samplingField) {
        return samplingFields.contains(samplingField);
    }

    /** @throws IllegalArgumentException naming the known types */
    public static ProviderType fromId(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        for (ProviderType t : values()) {
            if (t.id.equals(n)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown provider type '" + name + "' (known: " + knownIds() + ")");
    }

    public static String knownIds() {
        return Arrays.stream(values()).map(ProviderType::id).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return id;
    }
}
