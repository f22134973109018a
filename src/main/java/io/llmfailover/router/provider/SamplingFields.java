package io.llmfailover.router.provider;

import java.io.IOException;
import java.util.Map;

import com.fasterxml.jackson.core.JsonGenerator;
import io.llmfailover.router.chat.ChatRequest;
import io.llmfailover.router.chat.Sampling;
import io.llmfailover.router.core.Provider;
import io.llmfailover.router.util.JsonBytes;

/**
 * The sampling options as one provider's API names them: the one place where the temperature, the token cap and
 * {@link Sampling}'s options become request fields. A name left null is a field the API does not have; what that
 * leaves out, {@link Sampling#notTakenBy(Provider)} names (the provider's {@link Provider#takes} list says the same,
 * and a test holds the two together).
 *
 * @param object        the object they nest in (Ollama {@code options}, Gemini {@code generationConfig}), or null
 *                      for top-level fields
 * @param maxTemperature the API's highest temperature (Anthropic: 1; a higher one is sent as this)
 * @param provider       whose API this is ({@link Provider#takesSeed}: Gemini's seed is 32-bit)
 * @param ollamaOptions  Ollama-only options are sent too
 */
record SamplingFields(String object, double maxTemperature, String maxTokens, String topP, String topK, String stop,
        String seed, Provider provider, String presencePenalty, String frequencyPenalty, String contextWindow,
        boolean ollamaOptions) {

    static final SamplingFields OLLAMA = new SamplingFields("options", 2, "num_predict", "top_p", "top_k", "stop",
            "seed", Provider.OLLAMA, "presence_penalty", "frequency_penalty", "num_ctx", true);
    static final SamplingFields GEMINI = new SamplingFields("generationConfig", 2, "maxOutputTokens", "topP", "topK",
            "stopSequences", "seed", Provider.GEMINI, "presencePenalty", "frequencyPenalty", null, false);
    static final SamplingFields NVIDIA = new SamplingFields(null, 2, "max_tokens", "top_p", null, "stop", "seed",
            Provider.NEMOTRON, "presence_penalty", "frequency_penalty", null, false);
    /** Anthropic's token cap is required and written by its adapter. */
    static final SamplingFields ANTHROPIC = new SamplingFields(null, 1, null, "top_p", "top_k", "stop_sequences",
            null, Provider.CLAUDE, null, null, null, false);

    /** Writes the request's options that this API has (no nesting object when there are none). */
    void write(JsonGenerator g, ChatRequest request) throws IOException {
        write(g, request, null);
    }

    /** As {@link #write(JsonGenerator, ChatRequest)}, and {@code extra} (when not null) writes more fields in it. */
    void write(JsonGenerator g, ChatRequest request, JsonBytes.Writer extra) throws IOException {
        Sampling s = request.sampling();
        boolean any = request.temperature() != null || request.maxTokens() != null && maxTokens != null
                || !s.isEmpty() || extra != null;
        if (object != null) {
            if (!any) {
                return;
            }
            g.writeObjectFieldStart(object);
        }
        if (request.temperature() != null) {
            g.writeNumberField("temperature", Math.min(maxTemperature, request.temperature()));
        }
        number(g, maxTokens, request.maxTokens());
        number(g, topP, s.topP());
        number(g, topK, s.topK());
        if (stop != null && s.stop() != null) {
            g.writeArrayFieldStart(stop);
            for (String sequence : s.stop()) {
                g.writeString(sequence);
            }
            g.writeEndArray();
        }
        if (seed != null && s.seed() != null && provider.takesSeed(s.seed())) {
            g.writeNumberField(seed, s.seed());
        }
        number(g, presencePenalty, s.presencePenalty());
        number(g, frequencyPenalty, s.frequencyPenalty());
        number(g, contextWindow, s.contextWindow());
        if (ollamaOptions && s.ollamaOptions() != null) {
            for (Map.Entry<String, Object> e : s.ollamaOptions().entrySet()) {
                if (e.getValue() instanceof Boolean b) {
                    g.writeBooleanField(e.getKey(), b);
                } else {
                    number(g, e.getKey(), (Number) e.getValue());
                }
            }
        }
        if (extra != null) {
            extra.write(g);
        }
        if (object != null) {
            g.writeEndObject();
        }
    }

    private static void number(JsonGenerator g, String name, Number value) throws IOException {
        if (name == null || value == null) {
            return;
        }
        if (value instanceof Double || value instanceof Float || value instanceof java.math.BigDecimal) {
            g.writeNumberField(name, value.doubleValue());
        } else {
            g.writeNumberField(name, value.longValue());
        }
    }
}
