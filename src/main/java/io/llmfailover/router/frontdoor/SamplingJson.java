package io.llmfailover.router.frontdoor;

import static io.llmfailover.router.frontdoor.JsonFields.present;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmfailover.router.chat.ChatRules;
import io.llmfailover.router.chat.InvalidChatRequestException;
import io.llmfailover.router.chat.Sampling;

/**
 * The sampling fields of both doors' JSON: OpenAI's top-level {@code top_p}, {@code stop}, {@code seed},
 * {@code presence_penalty}, {@code frequency_penalty}, and Ollama's {@code options} and {@code keep_alive}. Each
 * check names the field as the client wrote it.
 */
final class SamplingJson {

    /**
     * Ollama options the router passes to Ollama providers as they are (Ollama's documented runner and sampling
     * options that have no counterpart elsewhere); any other name is refused.
     */
    static final Set<String> OLLAMA_ONLY_OPTIONS = Set.of("num_keep", "typical_p", "repeat_last_n", "repeat_penalty",
            "min_p", "tfs_z", "mirostat", "mirostat_tau", "mirostat_eta", "penalize_newline", "numa", "num_batch",
            "num_gpu", "main_gpu", "low_vram", "vocab_only", "use_mmap", "use_mlock", "num_thread");

    /** Ollama options the router maps to every provider that has a field for them. */
    static final Set<String> MAPPED_OLLAMA_OPTIONS = Set.of("temperature", "top_p", "top_k", "stop", "num_predict",
            "seed", "num_ctx", "presence_penalty", "frequency_penalty");

    private SamplingJson() {
    }

    /** OpenAI's sampling fields (the temperature and the token caps are read by the door itself). */
    static Sampling openAi(JsonNode root) {
        return new Sampling(range(root.get("top_p"), 0, 1, "top_p"), null, stop(root.get("stop"), "stop"),
                seed(root.get("seed"), "seed"), range(root.get("presence_penalty"), -2, 2, "presence_penalty"),
                range(root.get("frequency_penalty"), -2, 2, "frequency_penalty"), null, null, null);
    }

    /** Ollama's {@code options} object (absent or null: none) and top-level {@code keep_alive}. */
    static Sampling ollama(JsonNode options, JsonNode keepAlive) {
        Object alive = keepAlive(keepAlive);
        if (!present(options)) {
            return new Sampling(null, null, null, null, null, null, null, alive, null);
        }
        Map<String, Object> passThrough = new LinkedHashMap<>();
        options.fieldNames().forEachRemaining(name -> {
            if (OLLAMA_ONLY_OPTIONS.contains(name)) {
                JsonNode v = options.get(name);
                if (present(v)) {
                    if (!v.isNumber() && !v.isBoolean()) {
                        throw new InvalidChatRequestException("options." + name + " must be a number or a boolean",
                                "options." + name);
                    }
                    passThrough.put(name, v.isBoolean() ? (Object) v.booleanValue() : v.numberValue());
                }
            } else if (!MAPPED_OLLAMA_OPTIONS.contains(name)) {
                throw new InvalidChatRequestException("options." + JsonFields.echo(name)
                        + " is not an Ollama option the router knows", "options." + JsonFields.echo(name));
            }
        });
        return new Sampling(range(options.get("top_p"), 0, 1, "options.top_p"),
                JsonFields.positiveInt(options.get("top_k"), "options.top_k"),
                stop(options.get("stop"), "options.stop"), seed(options.get("seed"), "options.seed"),
                range(options.get("presence_penalty"), -2, 2, "options.presence_penalty"),
                range(options.get("frequency_penalty"), -2, 2, "options.frequency_penalty"),
                JsonFields.positiveInt(options.get("num_ctx"), "options.num_ctx"), alive, passThrough);
    }

    /** An optional number in a range. */
    static Double range(JsonNode n, double min, double max, String field) {
        if (!present(n)) {
            return null;
        }
        return ChatRules.requireRange(n.isNumber() ? n.doubleValue() : Double.NaN, min, max, field);
    }

    /** An optional integer seed. */
    static Long seed(JsonNode n, String field) {
        if (!present(n)) {
            return null;
        }
        if (!n.isIntegralNumber() || !n.canConvertToLong()) {
            throw new InvalidChatRequestException(field + " must be an integer", field);
        }
        return n.longValue();
    }

    /** Stop sequences: a string or an array of strings. */
    static List<String> stop(JsonNode n, String field) {
        if (!present(n)) {
            return null;
        }
        if (n.isTextual()) {
            return ChatRules.requireStops(List.of(n.textValue()), field);
        }
        if (!n.isArray()) {
            throw new InvalidChatRequestException(field + " must be a string or an array of strings", field);
        }
        List<String> out = new ArrayList<>(n.size());
        for (int i = 0; i < n.size(); i++) {
            if (!n.get(i).isTextual()) {
                throw new InvalidChatRequestException(field + "[" + i + "] must be a string", field + "[" + i + "]");
            }
            out.add(n.get(i).textValue());
        }
        return ChatRules.requireStops(out, field);
    }

    /** Ollama {@code keep_alive}: a duration string ("5m", "-1") or a number of seconds. */
    static Object keepAlive(JsonNode n) {
        if (!present(n)) {
            return null;
        }
        if (n.isTextual() && !n.textValue().isBlank()) {
            return n.textValue();
        }
        if (n.isNumber()) {
            return n.numberValue();
        }
        throw new InvalidChatRequestException("keep_alive must be a duration such as \"5m\" or a number of seconds",
                "keep_alive");
    }
}
