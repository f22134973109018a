package io.llmfailover.router.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.llmfailover.router.core.Provider;

/**
 * How the answer is sampled, beyond the temperature and the token cap (which {@link ChatRequest} carries itself). Every
 * field is optional (null: the provider's default). Each provider's adapter sends what its API has a field for; the
 * README's request-field table says, field by field and provider by provider, what each becomes, and an answer names
 * the fields its provider could not take in {@code X-LLM-Unmapped}.
 *
 * @param topP             nucleus sampling, 0 to 1
 * @param topK             sample from the K likeliest tokens (> 0)
 * @param stop             up to 4 stop sequences, none empty
 * @param seed             a seed for best-effort reproducible sampling
 * @param presencePenalty  -2 to 2
 * @param frequencyPenalty -2 to 2
 * @param contextWindow    Ollama {@code num_ctx}: the context window to load the model with (> 0)
 * @param keepAlive        Ollama {@code keep_alive}: how long the model stays loaded (a duration string such as
 *                         {@code "5m"}, or a number of seconds)
 * @param ollamaOptions    other Ollama {@code options} (by Ollama's names, e.g. {@code repeat_penalty}), sent as they
 *                         are to Ollama providers only
 */
public record Sampling(Double topP, Integer topK, List<String> stop, Long seed, Double presencePenalty,
        Double frequencyPenalty, Integer contextWindow, Object keepAlive, Map<String, Object> ollamaOptions) {

    public static final Sampling NONE = new Sampling(null, null, null, null, null, null, null, null, null);

    /** The most stop sequences a request may carry (OpenAI's limit; every provider takes at least this many). */
    public static final int MAX_STOP = 4;

    public Sampling {
        stop = stop == null || stop.isEmpty() ? null : List.copyOf(stop);
        ollamaOptions = ollamaOptions == null || ollamaOptions.isEmpty() ? null : Map.copyOf(ollamaOptions);
    }

    public boolean isEmpty() {
        return equals(NONE);
    }

    /**
     * The options given here that this provider cannot take (by their OpenAI / Ollama names, Ollama-only options as
     * {@code options.<name>}): what its answer goes without. Empty for most requests.
     */
    public List<String> notTakenBy(Provider provider) {
        if (isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>(2);
        notTaken(out, provider, "top_p", topP);
        notTaken(out, provider, "top_k", topK);
        notTaken(out, provider, "stop", stop);
        if (seed != null && !provider.takesSeed(seed)) {
            out.add("seed");
        }
        notTaken(out, provider, "presence_penalty", presencePenalty);
        notTaken(out, provider, "frequency_penalty", frequencyPenalty);
        notTaken(out, provider, "num_ctx", contextWindow);
        notTaken(out, provider, "keep_alive", keepAlive);
        if (ollamaOptions != null && !provider.takes("options")) {
            ollamaOptions.keySet().stream().sorted().forEach(k -> out.add("options." + k));
        }
        return out;
    }

    private static void notTaken(List<String> out, Provider provider, String field, Object value) {
        if (value != null && !provider.takes(field)) {
            out.add(field);
        }
    }
}
