package io.llmfailover.router.chat;

import java.util.List;

/**
 * The tools a request offers the model, and how it may use them.
 *
 * @param tools         the functions, in order; empty for none
 * @param choice        auto, none, required or a named function ({@link ToolChoice#AUTO} when not given)
 * @param parallelCalls OpenAI {@code parallel_tool_calls}: false asks for at most one call per answer; null when not
 *                      given (the provider's default: several may come)
 */
public record ToolSet(List<Tool> tools, ToolChoice choice, Boolean parallelCalls) {

    /** No tools. */
    public static final ToolSet NONE = new ToolSet(List.of(), ToolChoice.AUTO, null);

    public ToolSet {
        tools = tools == null ? List.of() : List.copyOf(tools);
        choice = choice == null ? ToolChoice.AUTO : choice;
    }

    public static ToolSet of(List<Tool> tools) {
        return new ToolSet(tools, ToolChoice.AUTO, null);
    }

    public boolean isEmpty() {
        return tools.isEmpty();
    }

    /**
     * The tool options this provider's API has no switch for, by their OpenAI names ({@code parallel_tool_calls}
     * false, a tool's {@code strict}), when tools are offered; named in {@code X-LLM-Unmapped}.
     */
    public List<String> notTakenBy(io.llmfailover.router.core.Provider provider) {
        if (!offered()) {
            return List.of();
        }
        List<String> out = new java.util.ArrayList<>(2);
        if (Boolean.FALSE.equals(parallelCalls) && !provider.takes("parallel_tool_calls")) {
            out.add("parallel_tool_calls");
        }
        if (tools.stream().anyMatch(Tool::strict) && !provider.takes("strict")) {
            out.add("strict");
        }
        return out;
    }

    /** True when the model may call one of the tools (there are some, and the choice is not none). */
    public boolean offered() {
        return !tools.isEmpty() && choice.mode() != ToolChoice.Mode.NONE;
    }
}
