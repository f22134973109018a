package io.llmfailover.router.chat;

/**
 * Whether the model must, may or must not call a tool (OpenAI {@code tool_choice}).
 *
 * @param mode     auto (the model decides), none (no call), required (at least one call), function (this one)
 * @param function the function that must be called, for {@link Mode#FUNCTION}; null otherwise
 */
public record ToolChoice(Mode mode, String function) {

    public enum Mode { AUTO, NONE, REQUIRED, FUNCTION }

    public static final ToolChoice AUTO = new ToolChoice(Mode.AUTO, null);
    public static final ToolChoice NONE = new ToolChoice(Mode.NONE, null);
    public static final ToolChoice REQUIRED = new ToolChoice(Mode.REQUIRED, null);

    public ToolChoice {
        if (mode == null) {
            throw new InvalidChatRequestException("toolChoice.mode is required", "tools.choice");
        }
        if ((mode == Mode.FUNCTION) != (function != null)) {
            throw new InvalidChatRequestException("toolChoice names a function exactly when its mode is FUNCTION",
                    "tools.choice");
        }
    }

    public static ToolChoice function(String name) {
        return new ToolChoice(Mode.FUNCTION, name);
    }

    /** True when the model must call a tool (required, or a named function). */
    public boolean forcing() {
        return mode == Mode.REQUIRED || mode == Mode.FUNCTION;
    }
}
