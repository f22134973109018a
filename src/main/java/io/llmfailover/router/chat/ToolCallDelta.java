package io.llmfailover.router.chat;

/**
 * A piece of a tool call as it streams, in OpenAI's shape ({@code delta.tool_calls[]}): the first piece of a call has
 * its id and name, the later ones more of its arguments. A provider that sends whole calls sends one piece per call.
 *
 * @param index     which call of the answer (0, 1, ...)
 * @param id        the call's id (first piece only, else null)
 * @param name      the function (first piece only, else null)
 * @param arguments the next part of the arguments' JSON text (may be empty)
 */
public record ToolCallDelta(int index, String id, String name, String arguments) {

    public ToolCallDelta {
        arguments = arguments == null ? "" : arguments;
    }

    /** True for the first piece of a call (it names the call). */
    public boolean starts() {
        return id != null;
    }

    /** A whole call as one piece. */
    public static ToolCallDelta whole(int index, ToolCall call) {
        return new ToolCallDelta(index, call.id(), call.name(), call.arguments());
    }
}
