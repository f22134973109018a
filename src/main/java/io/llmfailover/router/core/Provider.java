package io.llmfailover.router.core;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** The upstream LLM providers the router knows. The lower-case id is what properties, routes and metrics use. */
public enum Provider {
    OLLAMA(true, Set.of("top_p", "top_k", "stop", "seed", "presence_penalty", "frequency_penalty", "num_ctx",
            "keep_alive", "options")),
    GEMINI(true, Set.of("top_p", "top_k", "stop", "seed", "presence_penalty", "frequency_penalty")),
    NEMOTRON(false, Set.of("top_p", "stop", "seed", "presence_penalty", "frequency_penalty", "parallel_tool_calls",
            "strict")),
    CLAUDE(true, Set.of("top_p", "top_k", "stop", "parallel_tool_calls"));

    private final String id = name().toLowerCase(Locale.ROOT);
    private final boolean continuesPrefill;
    private final Set<String> samplingFields;

    Provider(boolean continuesPrefill, Set<String> samplingFields) {
        this.continuesPrefill = continuesPrefill;
        this.samplingFields = samplingFields;
    }

    /**
     * The sampling and tool options (by their OpenAI / Ollama names; {@code options} stands for Ollama-only options,
     * {@code strict} for a tool's strict flag) that the provider's API has a field for, and its adapter sends.
     * Temperature and the token cap every provider takes.
     */
    public boolean takes(String samplingField) {
        return samplingFields.contains(samplingField);
    }

    /** Whether the provider's API takes this seed: Gemini's seed is a 32-bit integer, the others' 64-bit. */
    public boolean takesSeed(long seed) {
        return takes("seed") && (this != GEMINI || seed == (int) seed);
    }

    /**
     * A capability: given a conversation whose last message is an unfinished assistant turn (a prefill), the
     * provider continues that turn instead of starting a new one (Ollama, Gemini and Anthropic do; NVIDIA's
     * OpenAI-style API answers anew). What continuing a cut stream needs.
     */
    public boolean continuesPrefill() {
        return continuesPrefill;
    }

    public String id() {
        return id;
    }

    @Override
    public String toString() {
        return id;
    }

    /** @throws UnknownProviderException when the name is not one of ollama, gemini, nemotron, claude */
    public static Provider fromId(String name) {
        if (name != null) {
            String n = name.trim().toLowerCase(Locale.ROOT);
            for (Provider p : values()) {
                if (p.id.equals(n)) {
                    return p;
                }
            }
        }
        throw new UnknownProviderException(name);
    }

    public static String knownIds() {
        return Arrays.stream(values()).map(Provider::id).collect(Collectors.joining(", "));
    }

    /** Raised for a provider name that is not one of the four known providers. */
    public static class UnknownProviderException extends IllegalArgumentException {
        public UnknownProviderException(String name) {
            super("unknown provider '" + name + "' (known: " + knownIds() + ")");
        }
    }
}
