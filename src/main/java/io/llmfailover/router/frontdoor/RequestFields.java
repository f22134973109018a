package io.llmfailover.router.frontdoor;

import static io.llmfailover.router.frontdoor.JsonFields.present;

import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmfailover.router.chat.InvalidChatRequestException;

/**
 * Which request fields each door takes, so that none is ever silently dropped: a field is read by the door's parser
 * (mapped to every provider that has it), accepted because it does not change the answer ({@code user},
 * {@code metadata}, ...), accepted only with the value that means "off" ({@code n: 1}, {@code logprobs: false}), or
 * refused with a 400 that names it. A field the door's API does not have at all is refused the way OpenAI refuses it.
 * README's request-field table is the same list in prose.
 */
final class RequestFields {

    /** A field's check: null when its value is acceptable, else why not. */
    private interface Rule extends Function<JsonNode, String> {
    }

    private static final Rule ANY = v -> null;

    private static Rule refused(String why) {
        return v -> present(v) ? why : null;
    }

    /** OpenAI's deprecated function-calling fields: absent or null only (they predate {@code tools}). */
    private static Rule deprecated(String field, String instead) {
        return v -> !present(v) || v.isArray() && v.isEmpty() ? null
                : field + " is deprecated and not supported: send " + instead;
    }


    /** OpenAI chat-completions fields that the parser does not read itself. */
    private static final Map<String, Rule> OPENAI = Map.ofEntries(
            Map.entry("user", ANY), Map.entry("metadata", ANY), Map.entry("store", ANY),
            Map.entry("service_tier", ANY), Map.entry("prompt_cache_key", ANY), Map.entry("safety_identifier", ANY),
            Map.entry("n", v -> !present(v) || v.isIntegralNumber() && v.intValue() == 1 ? null
                    : "n must be 1: the router returns one choice"),
            Map.entry("logprobs", v -> !present(v) || v.isBoolean() && !v.booleanValue() ? null
                    : "logprobs is not supported: not every provider returns log probabilities"),
            Map.entry("top_logprobs", v -> !present(v) || v.isIntegralNumber() && v.intValue() == 0 ? null
                    : "top_logprobs is not supported: not every provider returns log probabilities"),
            Map.entry("logit_bias", v -> !present(v) || v.isObject() && v.isEmpty() ? null
                    : "logit_bias is not supported: token ids differ from provider to provider"),
            Map.entry("modalities", v -> !present(v) || v.isArray() && v.size() == 1 && "text".equals(v.get(0).asText())
                    ? null : "modalities other than [\"text\"] are not supported"),
            Map.entry("functions", deprecated("functions", "tools")),
            Map.entry("function_call", v -> !present(v) || "none".equals(v.asText(null)) || "auto".equals(v.asText(null))
                    ? null : "function_call is deprecated and not supported: send tool_choice"),
            Map.entry("audio", refused("audio output is not supported")),
            Map.entry("prediction", refused("prediction (predicted outputs) is not supported")),
            Map.entry("web_search_options", refused("web_search_options is not supported: the router does not search")),
            Map.entry("reasoning_effort", refused("reasoning_effort is not supported by the router's providers")),
            Map.entry("verbosity", refused("verbosity is not supported by the router's providers")));

    /** OpenAI message fields that the parser does not read itself. */
    private static final Map<String, Rule> OPENAI_MESSAGE = Map.of(
            "name", refused("name (a participant's name) is not supported: most providers have no such field"),
            "function_call", deprecated("function_call", "tool_calls"),
            "refusal", refused("refusal is not supported in a request message"),
            "audio", refused("audio is not supported"));

    private static final Rule NO_THINKING = v -> !present(v) || v.isBoolean() && !v.booleanValue() ? null
            : "think is not supported: the router returns the answer only";

    /** Ollama /api/chat fields that the parser does not read itself. */
    private static final Map<String, Rule> OLLAMA_CHAT = Map.of(
            "think", NO_THINKING);

    /** Ollama chat message fields that the parser does not read itself. */
    private static final Map<String, Rule> OLLAMA_MESSAGE = Map.of(
            "thinking", ANY);

    /** Ollama /api/generate fields that the parser does not read itself. */
    private static final Map<String, Rule> OLLAMA_GENERATE = Map.of(
            "think", NO_THINKING,
            "suffix", refused("suffix (fill in the middle) is not supported by this router"),
            "template", refused("template is not supported: providers other than Ollama apply their own"),
            "context", refused("context (the deprecated token context) is not supported: send messages to /api/chat"),
            "raw", v -> !present(v) || v.isBoolean() && !v.booleanValue() ? null
                    : "raw is not supported: providers other than Ollama apply their own template");

    private static final Set<String> OPENAI_MESSAGE_READ = Set.of("role", "content", "tool_calls", "tool_call_id");
    private static final Set<String> OLLAMA_MESSAGE_READ = Set.of("role", "content", "images", "tool_calls",
            "tool_name");

    private RequestFields() {
    }

    static void openAi(JsonNode root, Set<String> read) {
        check(root, read, OPENAI, "");
    }

    static void openAiMessage(JsonNode message, String path) {
        check(message, OPENAI_MESSAGE_READ, OPENAI_MESSAGE, path + ".");
    }

    static void ollamaChat(JsonNode root, Set<String> read) {
        check(root, read, OLLAMA_CHAT, "");
    }

    static void ollamaMessage(JsonNode message, String path) {
        check(message, OLLAMA_MESSAGE_READ, OLLAMA_MESSAGE, path + ".");
    }

    static void ollamaGenerate(JsonNode root, Set<String> read) {
        check(root, read, OLLAMA_GENERATE, "");
    }

    /** An object that may hold these keys only (a tool, its function): any other is refused as unrecognized. */
    static void only(JsonNode object, Set<String> keys, String path) {
        check(object, keys, Map.of(), path + ".");
    }

    private static void check(JsonNode object, Set<String> read, Map<String, Rule> rules, String prefix) {
        for (Iterator<String> names = object.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (read.contains(name)) {
                continue;
            }
            Rule rule = rules.get(name);
            String field = prefix + JsonFields.echo(name);
            if (rule == null) {
                throw new InvalidChatRequestException("Unrecognized request argument supplied: " + field, field);
            }
            String why = rule.apply(object.get(name));
            if (why != null) {
                throw new InvalidChatRequestException(prefix + why, field);
            }
        }
    }
}
