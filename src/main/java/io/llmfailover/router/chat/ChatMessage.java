package io.llmfailover.router.chat;

import java.util.List;

/**
 * One message of a conversation.
 *
 * @param role       {@code system}, {@code user}, {@code assistant} or {@code tool}
 * @param content    the text (empty, never null, for an assistant turn that only calls tools)
 * @param images     images that go with the text (a user's), in order; empty for most messages
 * @param toolCalls  an assistant turn's calls of the request's tools, in order; empty for most messages
 * @param toolCallId a {@code tool} message: the id of the call whose result it is
 * @param toolName   a {@code tool} message: the function that was called (filled in from the call when not given)
 */
public record ChatMessage(String role, String content, List<Image> images, List<ToolCall> toolCalls,
        String toolCallId, String toolName) {

    public ChatMessage {
        images = images == null ? List.of() : List.copyOf(images);
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    }

    /** A message of text and images. */
    public ChatMessage(String role, String content, List<Image> images) {
        this(role, content, images, List.of(), null, null);
    }

    /** A message of text only. */
    public ChatMessage(String role, String content) {
        this(role, content, List.of());
    }

    public boolean hasImages() {
        return !images.isEmpty();
    }

    public boolean hasToolCalls() {
        return !toolCalls.isEmpty();
    }

    /** True for a tool's result. */
    public boolean isToolResult() {
        return TOOL.equals(role);
    }

    /** The same message with another role (a normalised one). */
    public ChatMessage withRole(String newRole) {
        return new ChatMessage(newRole, content, images, toolCalls, toolCallId, toolName);
    }

    public static final String SYSTEM = "system";
    public static final String USER = "user";
    public static final String ASSISTANT = "assistant";
    public static final String TOOL = "tool";

    public static ChatMessage user(String content) {
        return new ChatMessage(USER, content);
    }

    public static ChatMessage assistant(String content) {
        return new ChatMessage(ASSISTANT, content);
    }

    /** An assistant turn that calls tools (with or without text). */
    public static ChatMessage assistant(String content, List<ToolCall> calls) {
        return new ChatMessage(ASSISTANT, content == null ? "" : content, List.of(), calls, null, null);
    }

    public static ChatMessage system(String content) {
        return new ChatMessage(SYSTEM, content);
    }

    /** A tool's result: the call's id, the function (may be null: it is looked up by the id), the result's text. */
    public static ChatMessage tool(String toolCallId, String toolName, String content) {
        return new ChatMessage(TOOL, content, List.of(), List.of(), toolCallId, toolName);
    }
}
