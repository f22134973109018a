package io.llmfailover.router.chat;

import java.util.List;

/**
 * What {@code direct:chat} takes (a plain String prompt is accepted too and becomes one user message).
 *
 * @param messages    the conversation, oldest first; roles system, user, assistant and tool (a tool's result)
 * @param system      an optional system prompt, sent before the messages
 * @param maxTokens   optional cap on the answer's length, in tokens (> 0)
 * @param temperature optional sampling temperature (0 to 2)
 * @param model       optional preferred provider or model: a provider id (ollama, gemini, nemotron, claude) or a
 *                    configured model name moves that provider to the front when it is in the current chain;
 *                    anything else (auto, gpt-4o, ...) is ignored
 * @param sampling    the other sampling options ({@link Sampling#NONE} when there are none)
 * @param responseFormat structured output: JSON, or JSON matching a schema; null for text
 * @param tools       the functions the model may call, and how ({@link ToolSet#NONE} when there are none)
 * @param task        optional task name ({@code code}, {@code bulk}, ...): the matrix {@code llm.routing.<task>.<state>}
 *                    orders the providers; a task without a matrix of its own uses the default one
 */
public record ChatRequest(List<ChatMessage> messages, String system, Integer maxTokens, Double temperature,
        String model, Sampling sampling, ResponseFormat responseFormat, ToolSet tools, String task) {

    /** A request for no task in particular. */
    public ChatRequest(List<ChatMessage> messages, String system, Integer maxTokens, Double temperature,
            String model, Sampling sampling, ResponseFormat responseFormat, ToolSet tools) {
        this(messages, system, maxTokens, temperature, model, sampling, responseFormat, tools, null);
    }

    public ChatRequest {
        messages = messages == null ? List.of() : List.copyOf(messages);
        sampling = sampling == null ? Sampling.NONE : sampling;
        tools = tools == null ? ToolSet.NONE : tools;
    }

    /** A request without tools. */
    public ChatRequest(List<ChatMessage> messages, String system, Integer maxTokens, Double temperature, String model,
            Sampling sampling, ResponseFormat responseFormat) {
        this(messages, system, maxTokens, temperature, model, sampling, responseFormat, ToolSet.NONE);
    }

    /** A request with no sampling options beyond the temperature and the token cap, answered as text. */
    public ChatRequest(List<ChatMessage> messages, String system, Integer maxTokens, Double temperature, String model) {
        this(messages, system, maxTokens, temperature, model, Sampling.NONE, null);
    }

    /** A request answered as text. */
    public ChatRequest(List<ChatMessage> messages, String system, Integer maxTokens, Double temperature, String model,
            Sampling sampling) {
        this(messages, system, maxTokens, temperature, model, sampling, null);
    }

    public static ChatRequest ofPrompt(String prompt) {
        return new ChatRequest(List.of(ChatMessage.user(prompt)), null, null, null, null);
    }

    public ChatRequest withModel(String preferredModel) {
        return new ChatRequest(messages, system, maxTokens, temperature, preferredModel, sampling, responseFormat, tools,
                task);
    }

    /** The same request for this task (null: none). */
    public ChatRequest withTask(String taskName) {
        return new ChatRequest(messages, system, maxTokens, temperature, model, sampling, responseFormat, tools,
                taskName);
    }

    /**
     * The capabilities a provider's model needs to answer this request ({@code json}, {@code tools}, {@code vision};
     * none for plain text). A conversation with tool calls or results needs {@code tools} even when it offers none.
     */
    public java.util.Set<String> needs() {
        java.util.Set<String> needs = new java.util.HashSet<>(4);
        if (responseFormat != null) {
            needs.add(Capabilities.JSON);
        }
        if (usesTools()) {
            needs.add(Capabilities.TOOLS);
        }
        if (hasImages()) {
            needs.add(Capabilities.VISION);
        }
        return needs;
    }

    /** True when the request offers tools or the conversation holds tool calls or results. */
    public boolean usesTools() {
        if (!tools.isEmpty()) {
            return true;
        }
        for (ChatMessage m : messages) {
            if (m.hasToolCalls() || m.isToolResult()) {
                return true;
            }
        }
        return false;
    }

    /** True when the request needs more than plain text (structured output, tools or images). */
    public boolean needsCapabilities() {
        return responseFormat != null || usesTools() || hasImages();
    }

    public boolean hasImages() {
        for (ChatMessage m : messages) {
            if (m.hasImages()) {
                return true;
            }
        }
        return false;
    }

    /** True when an image is given by URL (which only some providers fetch themselves). */
    public boolean hasImageUrls() {
        for (ChatMessage m : messages) {
            for (Image i : m.images()) {
                if (!i.isInline()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The same request with other messages (a continuation's prefill, a normalised conversation). */
    public ChatRequest withMessages(List<ChatMessage> newMessages) {
        return new ChatRequest(newMessages, system, maxTokens, temperature, model, sampling, responseFormat, tools, task);
    }
}
