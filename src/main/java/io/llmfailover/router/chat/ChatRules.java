package io.llmfailover.router.chat;

import java.util.List;

/**
 * What every chat request must satisfy, whichever way it came in (the OpenAI door, the Ollama door, a
 * {@code ChatRequest} on {@code direct:chat}): the roles, a user message with text, the temperature range and a
 * positive token cap. Each rule raises an {@link InvalidChatRequestException} naming the field.
 */
public final class ChatRules {

    public static final String NO_USER_TEXT = "messages must contain a user message with text";
    public static final double MAX_TEMPERATURE = 2.0;
    /** A function's name, as OpenAI and Anthropic allow it (and Gemini, which takes dots and colons too). */
    public static final java.util.regex.Pattern TOOL_NAME = java.util.regex.Pattern.compile("[a-zA-Z0-9_-]{1,64}");

    private ChatRules() {
    }

    /**
     * {@code system}, {@code user}, {@code assistant} or {@code tool} as the router writes them; null for anything
     * else.
     */
    public static String role(String role) {
        if (role == null) {
            return null;
        }
        return switch (role) {
            case ChatMessage.SYSTEM -> ChatMessage.SYSTEM;
            case ChatMessage.USER -> ChatMessage.USER;
            case ChatMessage.ASSISTANT -> ChatMessage.ASSISTANT;
            case ChatMessage.TOOL -> ChatMessage.TOOL;
            default -> null;
        };
    }

    public static InvalidChatRequestException unknownRole(String path, String shown) {
        return new InvalidChatRequestException(path + ": unknown role '" + shown + "' (expected system, user, assistant or tool)",
                path);
    }

    /** At least one user message with text. */
    public static void requireUserText(List<ChatMessage> messages) {
        for (ChatMessage m : messages) {
            if (ChatMessage.USER.equals(m.role()) && m.content() != null && !m.content().isBlank()) {
                return;
            }
        }
        throw new InvalidChatRequestException(NO_USER_TEXT, "messages");
    }

    /** A temperature from 0 to 2 (NaN for a value that is not a number at all). */
    public static double requireTemperature(double t, String field) {
        if (!(t >= 0 && t <= MAX_TEMPERATURE)) {
            throw new InvalidChatRequestException(field + " must be a number between 0 and 2", field);
        }
        return t;
    }

    /** A token cap greater than 0. */
    public static int requirePositive(long n, String field) {
        if (n <= 0) {
            throw new InvalidChatRequestException(field + " must be an integer greater than 0", field);
        }
        if (n > Integer.MAX_VALUE) {
            throw new InvalidChatRequestException(field + " must be at most " + Integer.MAX_VALUE, field);
        }
        return (int) n;
    }

    /** A number from {@code min} to {@code max} (NaN fails). */
    public static double requireRange(double v, double min, double max, String field) {
        if (!(v >= min && v <= max)) {
            throw new InvalidChatRequestException(field + " must be a number between " + plain(min) + " and "
                    + plain(max), field);
        }
        return v;
    }

    /** Stop sequences: at most {@link Sampling#MAX_STOP}, none empty. */
    public static List<String> requireStops(List<String> stops, String field) {
        if (stops.size() > Sampling.MAX_STOP) {
            throw new InvalidChatRequestException(field + " may hold at most " + Sampling.MAX_STOP + " sequences", field);
        }
        for (int i = 0; i < stops.size(); i++) {
            if (stops.get(i) == null || stops.get(i).isEmpty()) {
                throw new InvalidChatRequestException(field + "[" + i + "] must be a non-empty string",
                        field + "[" + i + "]");
            }
        }
        return stops;
    }

    private static String plain(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    /**
     * The tools' names are valid and distinct, and a tool choice that names a function names one of them.
     *
     * @param field      the tools' field ({@code tools})
     * @param nameSuffix how a tool's name is reached from its element ({@code .function.name})
     * @param choiceField the choice's field
     */
    public static void requireTools(ToolSet set, String field, String nameSuffix, String choiceField) {
        if (set == ToolSet.NONE) {
            return;
        }
        java.util.Set<String> names = new java.util.HashSet<>();
        for (int i = 0; i < set.tools().size(); i++) {
            Tool t = set.tools().get(i);
            String path = field + "[" + i + "]";
            if (t == null) {
                throw new InvalidChatRequestException(path + " is null", path);
            }
            requireToolName(t.name(), path + nameSuffix);
            if (!names.add(t.name())) {
                throw new InvalidChatRequestException(path + nameSuffix + ": '" + t.name()
                        + "' is declared twice", path + nameSuffix);
            }
        }
        ToolChoice c = set.choice();
        if (c.forcing() && names.isEmpty()) {
            throw new InvalidChatRequestException(choiceField + " asks for a tool call but no tools are given",
                    choiceField);
        }
        if (c.mode() == ToolChoice.Mode.FUNCTION && !names.contains(c.function())) {
            throw new InvalidChatRequestException(choiceField + " names '" + shown(c.function())
                    + "', which is not one of the tools", choiceField);
        }
    }

    /** A function name: 1 to 64 letters, digits, {@code _} or {@code -}. */
    public static String requireToolName(String name, String field) {
        if (name == null || !TOOL_NAME.matcher(name).matches()) {
            throw new InvalidChatRequestException(field + " must be 1 to 64 letters, digits, underscores or dashes"
                    + (name == null ? "" : " (got '" + shown(name) + "')"), field);
        }
        return name;
    }

    /**
     * Every tool result answers a call made earlier in the conversation: its id must match one (the message's tool
     * name, when missing, is the call's). A call id may be answered once.
     *
     * @param idField how the door names a tool message's call id ({@code tool_call_id}, {@code toolCallId})
     * @return the messages with every tool result's function filled in
     */
    public static List<ChatMessage> linkToolResults(List<ChatMessage> messages, String idField) {
        java.util.Map<String, String> open = null;
        List<ChatMessage> out = null;
        for (int i = 0; i < messages.size(); i++) {
            ChatMessage m = messages.get(i);
            if (m.hasToolCalls()) {
                open = open == null ? new java.util.HashMap<>() : open;
                for (ToolCall c : m.toolCalls()) {
                    open.put(c.id(), c.name());
                }
            }
            if (!m.isToolResult()) {
                continue;
            }
            String path = "messages[" + i + "]." + idField;
            if (m.toolCallId() == null || m.toolCallId().isEmpty()) {
                throw new InvalidChatRequestException(path + " is required in a tool message", path);
            }
            String name = open == null ? null : open.remove(m.toolCallId());
            if (name == null) {
                throw new InvalidChatRequestException(path + " '" + shown(m.toolCallId())
                        + "' matches no earlier tool call without a result", path);
            }
            if (m.toolName() != null && !name.equals(m.toolName())) {
                throw new InvalidChatRequestException("messages[" + i + "]: the result of call '"
                        + shown(m.toolCallId()) + "' names the function '" + shown(m.toolName()) + "', but the call was to '"
                        + name + "'", "messages[" + i + "]");
            }
            if (m.toolName() == null) {
                out = out == null ? new java.util.ArrayList<>(messages) : out;
                out.set(i, ChatMessage.tool(m.toolCallId(), name, m.content()));
            }
        }
        return out == null ? messages : out;
    }

    private static String shown(String value) {
        return value.length() <= 64 ? value : value.substring(0, 64) + "...";
    }
}
