package io.llmfailover.router.frontdoor;

import static io.llmfailover.router.frontdoor.JsonFields.echo;
import static io.llmfailover.router.frontdoor.JsonFields.optionalBoolean;
import static io.llmfailover.router.frontdoor.JsonFields.present;
import static io.llmfailover.router.frontdoor.JsonFields.requireObjectElement;
import static io.llmfailover.router.frontdoor.JsonFields.requireString;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmfailover.router.chat.ChatMessage;
import io.llmfailover.router.chat.ChatRules;
import io.llmfailover.router.chat.InvalidChatRequestException;
import io.llmfailover.router.chat.Tool;
import io.llmfailover.router.chat.ToolCall;
import io.llmfailover.router.chat.ToolChoice;
import io.llmfailover.router.chat.ToolSet;
import io.llmfailover.router.util.JsonText;

/**
 * Reads the tool fields of both doors (docs/wire-formats.md sections 6 and 7): {@code tools} (OpenAI's function
 * definitions, which Ollama's API shares), OpenAI's {@code tool_choice} and {@code parallel_tool_calls}, an assistant
 * message's {@code tool_calls}, and Ollama's tool results matched to their calls. Each check names the field.
 */
final class ToolJson {

    private static final Set<String> TOOL_KEYS = Set.of("type", "function");
    /** Both doors take OpenAI's function fields ({@code strict} too: Ollama clients reuse OpenAI definitions). */
    private static final Set<String> FUNCTION_KEYS = Set.of("name", "description", "parameters", "strict");

    private ToolJson() {
    }

    /** OpenAI's {@code tools}, {@code tool_choice} and {@code parallel_tool_calls}. */
    static ToolSet openAi(JsonNode root) {
        if (!root.has("tools") && !root.has("tool_choice") && !root.has("parallel_tool_calls")
                && !root.has("function_call")) {
            return ToolSet.NONE; // a plain chat request: nothing to read (the common case, kept cheap)
        }
        List<Tool> tools = tools(root.get("tools"), true);
        ToolChoice choice = choice(root.get("tool_choice"));
        if (!present(root.get("tool_choice")) && "none".equals(root.path("function_call").asText(null))) {
            choice = ToolChoice.NONE; // the deprecated function_call: "none" means what tool_choice: "none" does
        }
        JsonNode parallel = root.get("parallel_tool_calls");
        Boolean parallelCalls = present(parallel) ? optionalBoolean(parallel, "parallel_tool_calls", true) : null;
        ToolSet set = new ToolSet(tools, choice, parallelCalls);
        ChatRules.requireTools(set, "tools", ".function.name", "tool_choice");
        return set;
    }

    /** Ollama's {@code tools} (no choice: the model decides). */
    static ToolSet ollama(JsonNode root) {
        if (!root.has("tools")) {
            return ToolSet.NONE;
        }
        ToolSet set = ToolSet.of(tools(root.get("tools"), false));
        ChatRules.requireTools(set, "tools", ".function.name", "tool_choice");
        return set;
    }

    private static List<Tool> tools(JsonNode array, boolean openAi) {
        if (!present(array)) {
            return List.of();
        }
        if (!array.isArray()) {
            throw new InvalidChatRequestException("tools must be an array", "tools");
        }
        List<Tool> tools = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            String path = "tools[" + i + "]";
            JsonNode t = requireObjectElement(array.get(i), path);
            RequestFields.only(t, TOOL_KEYS, path);
            JsonNode type = t.get("type");
            if (openAi || present(type)) {
                String kind = requireString(type, path + ".type");
                if (!"function".equals(kind)) {
                    throw new InvalidChatRequestException(path + ".type: unsupported tool type '" + echo(kind)
                            + "' (function tools are supported)", path + ".type");
                }
            }
            JsonNode f = t.get("function");
            if (!present(f)) {
                throw new InvalidChatRequestException(path + ".function is required", path + ".function");
            }
            String fp = path + ".function";
            requireObjectElement(f, fp);
            RequestFields.only(f, FUNCTION_KEYS, fp);
            String name = ChatRules.requireToolName(requireString(f.get("name"), fp + ".name"), fp + ".name");
            JsonNode d = f.get("description");
            if (present(d) && !d.isTextual()) {
                throw new InvalidChatRequestException(fp + ".description must be a string", fp + ".description");
            }
            JsonNode p = f.get("parameters");
            if (present(p) && !p.isObject()) {
                throw new InvalidChatRequestException(fp + ".parameters must be a JSON Schema object",
                        fp + ".parameters");
            }
            boolean strict = optionalBoolean(f.get("strict"), fp + ".strict", false);
            tools.add(new Tool(name, present(d) ? d.textValue() : null, present(p) ? p.toString() : null, strict));
        }
        return tools;
    }

    /** {@code "auto"}, {@code "none"}, {@code "required"} or {@code {"type":"function","function":{"name":..}}}. */
    private static ToolChoice choice(JsonNode c) {
        if (!present(c)) {
            return ToolChoice.AUTO;
        }
        if (c.isTextual()) {
            return switch (c.textValue()) {
                case "auto" -> ToolChoice.AUTO;
                case "none" -> ToolChoice.NONE;
                case "required" -> ToolChoice.REQUIRED;
                default -> throw new InvalidChatRequestException("tool_choice: unknown value '" + echo(c.textValue())
                        + "' (expected auto, none, required or a function)", "tool_choice");
            };
        }
        if (!c.isObject() || !"function".equals(c.path("type").asText(null)) || !c.path("function").isObject()) {
            throw new InvalidChatRequestException("tool_choice must be auto, none, required or "
                    + "{\"type\":\"function\",\"function\":{\"name\":...}}", "tool_choice");
        }
        return ToolChoice.function(requireString(c.path("function").get("name"), "tool_choice.function.name"));
    }

    /** An OpenAI assistant message's {@code tool_calls}: id, type function, name, arguments (a JSON object's text). */
    static List<ToolCall> openAiCalls(JsonNode m, String path) {
        String p = path + ".tool_calls";
        JsonNode array = callArray(m, p);
        if (array == null) {
            return List.of();
        }
        List<ToolCall> calls = new ArrayList<>(array.size());
        for (int j = 0; j < array.size(); j++) {
            String cp = p + "[" + j + "]";
            JsonNode c = requireObjectElement(array.get(j), cp);
            String id = requireString(c.get("id"), cp + ".id");
            if (id.isEmpty()) {
                throw new InvalidChatRequestException(cp + ".id must not be empty", cp + ".id");
            }
            JsonNode type = c.get("type");
            if (present(type) && !"function".equals(type.asText())) {
                throw new InvalidChatRequestException(cp + ".type must be function", cp + ".type");
            }
            JsonNode f = requireObjectElement(c.get("function"), cp + ".function");
            String name = functionName(f, cp);
            String args = requireString(f.get("arguments"), cp + ".function.arguments");
            if (args.isBlank()) {
                args = "{}";
            } else if (!JsonText.isObject(args)) {
                throw new InvalidChatRequestException(cp + ".function.arguments must be a JSON object (as a string)",
                        cp + ".function.arguments");
            }
            calls.add(new ToolCall(id, name, args));
        }
        return calls;
    }

    /**
     * An Ollama assistant message's {@code tool_calls}: {@code {"function":{"name":..,"arguments":{..}}}}. Ollama's
     * API has no call ids, so each call gets one from its place in the conversation ({@code call_<message>_<call>}),
     * which {@link #linkOllamaResults} matches the tool results to.
     */
    static List<ToolCall> ollamaCalls(JsonNode m, String path, int messageIndex) {
        String p = path + ".tool_calls";
        JsonNode array = callArray(m, p);
        if (array == null) {
            return List.of();
        }
        List<ToolCall> calls = new ArrayList<>(array.size());
        for (int j = 0; j < array.size(); j++) {
            String cp = p + "[" + j + "]";
            JsonNode f = requireObjectElement(requireObjectElement(array.get(j), cp).get("function"), cp + ".function");
            String name = functionName(f, cp);
            JsonNode args = f.get("arguments");
            if (present(args) && !args.isObject()) {
                throw new InvalidChatRequestException(cp + ".function.arguments must be an object",
                        cp + ".function.arguments");
            }
            calls.add(new ToolCall("call_" + messageIndex + "_" + j, name, present(args) ? args.toString() : "{}"));
        }
        return calls;
    }

    /**
     * Ollama's tool results name the function ({@code tool_name}), not the call: each is matched to the earliest
     * earlier call of that function that has no result yet (any function when the message names none).
     */
    static List<ChatMessage> linkOllamaResults(List<ChatMessage> messages) {
        List<ToolCall> open = new ArrayList<>(0);
        List<ChatMessage> out = null; // copied at the first tool result only: most conversations have none
        for (int i = 0; i < messages.size(); i++) {
            ChatMessage m = messages.get(i);
            open.addAll(m.toolCalls());
            if (!m.isToolResult()) {
                continue;
            }
            ToolCall match = null;
            for (ToolCall c : open) {
                if (m.toolName() == null || c.name().equals(m.toolName())) {
                    match = c;
                    break;
                }
            }
            if (match == null) {
                String path = "messages[" + i + "]" + (m.toolName() == null ? "" : ".tool_name");
                throw new InvalidChatRequestException(path + ": this tool result matches no earlier tool call"
                        + (m.toolName() == null ? "" : " of '" + echo(m.toolName()) + "'") + " without a result", path);
            }
            open.remove(match);
            out = out == null ? new ArrayList<>(messages) : out;
            out.set(i, ChatMessage.tool(match.id(), match.name(), m.content()));
        }
        return out == null ? messages : out;
    }

    /** A call's valid function name ({@code tool_calls[j].function.name}), for both doors. */
    private static String functionName(JsonNode f, String cp) {
        return ChatRules.requireToolName(requireString(f.get("name"), cp + ".function.name"), cp + ".function.name");
    }

    /** A message's {@code tool_calls} array, or null when there is none. */
    private static JsonNode callArray(JsonNode m, String path) {
        JsonNode array = m.get("tool_calls");
        if (!present(array)) {
            return null;
        }
        if (!array.isArray()) {
            throw new InvalidChatRequestException(path + " must be an array", path);
        }
        return array;
    }

    /** A message field that only messages of one role may have (tool_calls: assistant; tool_call_id: tool). */
    static void onlyFor(JsonNode m, String field, String allowedRole, String role, String path) {
        if (!allowedRole.equals(role) && present(m.get(field))) {
            throw new InvalidChatRequestException(path + "." + field + " is only allowed in " + allowedRole
                    + " messages", path + "." + field);
        }
    }
}
