package io.llmfailover.router.core;

import java.util.List;
import java.util.regex.Pattern;

/**
 * One provider of the catalogue ({@code llm.providers.<id>.*}): its id, which properties, routes ({@code call-<id>}),
 * headers and metrics use, and its {@link ProviderType}, the wire format it speaks. Two providers are equal when their
 * ids are. The shipped configuration declares the four below; any number more may be declared.
 */
public final class Provider {

    /** What an id may be: lower-case letters, digits, {@code _} and {@code -}, starting with a letter. */
    public static final Pattern ID = Pattern.compile("[a-z][a-z0-9_-]{0,39}");

    public static final Provider OLLAMA = new Provider("ollama", ProviderType.OLLAMA);
    public static final Provider GEMINI = new Provider("gemini", ProviderType.GEMINI);
    public static final Provider NEMOTRON = new Provider("nemotron", ProviderType.OPENAI);
    public static final Provider CLAUDE = new Provider("claude", ProviderType.ANTHROPIC);

    private final String id;
    private final ProviderType type;

    private Provider(String id, ProviderType type) {
        this.id = id;
        this.type = type;
    }

    /** @throws IllegalArgumentException when the id does not match {@link #ID} */
    public static Provider of(String id, ProviderType type) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("provider id '" + id + "' must be lower-case letters, digits, _ or -,"
                    + " starting with a letter (at most 40)");
        }
        return new Provider(id, type);
    }

    /** The four providers of the shipped configuration, in its order. */
    public static List<Provider> shipped() {
        return List.of(OLLAMA, GEMINI, NEMOTRON, CLAUDE);
    }

    /**
     * The sampling and tool options (by their OpenAI / Ollama names; {@code options} stands for Ollama-only options,
     * {@code strict} for a tool's strict flag) that the provider's API has a field for, and its adapter sends.
     * Temperature and the token cap every provider takes.
     */
    public boolean takes(String samplingField) {
        return type.takes(samplingField);
    }

    /** Whether the provider's API takes this seed: Gemini's seed is a 32-bit integer, the others' 64-bit. */
    public boolean takesSeed(long seed) {
        return takes("seed") && (type != ProviderType.GEMINI || seed == (int) seed);
    }

    /**
     * A capability: given a conversation whose last message is an unfinished assistant turn (a prefill), the
     * provider continues that turn instead of starting a new one (Ollama, Gemini and Anthropic do; OpenAI-style APIs
     * answer anew). What continuing a cut stream needs.
     */
    public boolean continuesPrefill() {
        return type.continuesPrefill();
    }

    public String id() {
        return id;
    }

    public ProviderType type() {
        return type;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Provider p && p.id.equals(id);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        return id;
    }

    /** Raised for a provider id the catalogue does not declare. */
    public static class UnknownProviderException extends IllegalArgumentException {
        public UnknownProviderException(String name, String known) {
            super("unknown provider '" + name + "' (declared: " + known + ")");
        }
    }
}
