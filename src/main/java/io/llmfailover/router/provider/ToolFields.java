package io.llmfailover.router.provider;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonGenerator;
import io.llmfailover.router.chat.ChatMessage;
import io.llmfailover.router.chat.ChatRequest;
import io.llmfailover.router.chat.Tool;
import io.llmfailover.router.chat.ToolCall;
import io.llmfailover.router.chat.ToolChoice;
import io.llmfailover.router.chat.ToolSet;

/**
 * Tools as each API names them (docs/wire-formats.md sections 1 to 4): the function definitions and the tool choice.
 * The one place where a {@link ToolSet} becomes request fields; {@link ToolCallFields} writes the calls and results
 * in the conversation.
 */
final class ToolFields {


    private ToolFields() {
    }

    // ---- definitions and choice ------------------------------------------------------------------------------

    /**
     * Ollama {@code tools: [{"type":"function","function":{name, description, parameters}}]}. Ollama has no tool
     * choice: with {@code none} no tools are sent (a forcing choice skips Ollama, see its adapter).
     */
    static void ollama(JsonGenerator g, ToolSet set) throws IOException {
        if (set.offered()) {
            openAiDefinitions(g, set, false);
        }
    }

    /** OpenAI form (NVIDIA): {@code tools}, {@code tool_choice}, {@code parallel_tool_calls} as they are. */
    static void openAi(JsonGenerator g, ToolSet set) throws IOException {
        if (set.isEmpty()) {
            return;
        }
        openAiDefinitions(g, set, true);
        ToolChoice c = set.choice();
        switch (c.mode()) {
            case AUTO -> { }
            case NONE -> g.writeStringField("tool_choice", "none");
            case REQUIRED -> g.writeStringField("tool_choice", "required");
            case FUNCTION -> {
                g.writeObjectFieldStart("tool_choice");
                g.writeStringField("type", "function");
                g.writeObjectFieldStart("function");
                g.writeStringField("name", c.function());
                g.writeEndObject();
                g.writeEndObject();
            }
        }
        if (set.parallelCalls() != null) {
            g.writeBooleanField("parallel_tool_calls", set.parallelCalls());
        }
    }

    private static void openAiDefinitions(JsonGenerator g, ToolSet set, boolean strict) throws IOException {
        g.writeArrayFieldStart("tools");
        for (Tool t : set.tools()) {
            g.writeStartObject();
            g.writeStringField("type", "function");
            g.writeObjectFieldStart("function");
            g.writeStringField("name", t.name());
            if (t.description() != null) {
                g.writeStringField("description", t.description());
            }
            g.writeFieldName("parameters");
            g.writeRawValue(t.parametersOrEmpty());
            if (strict && t.strict()) {
                g.writeBooleanField("strict", true);
            }
            g.writeEndObject();
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    /**
     * Gemini {@code tools: [{"functionDeclarations":[{name, description, parametersJsonSchema}]}]} (the JSON Schema
     * as it is, not the OpenAPI subset of {@code parameters}) and {@code toolConfig.functionCallingConfig}: mode
     * {@code AUTO}, {@code NONE}, {@code ANY}, and {@code allowedFunctionNames} for a named function.
     */
    static void gemini(JsonGenerator g, ToolSet set) throws IOException {
        if (set.isEmpty()) {
            return;
        }
        g.writeArrayFieldStart("tools");
        g.writeStartObject();
        g.writeArrayFieldStart("functionDeclarations");
        for (Tool t : set.tools()) {
            g.writeStartObject();
            g.writeStringField("name", t.name());
            if (t.description() != null) {
                g.writeStringField("description", t.description());
            }
            g.writeFieldName("parametersJsonSchema");
            g.writeRawValue(t.parametersOrEmpty());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
        g.writeEndArray();
        ToolChoice c = set.choice();
        if (c.mode() == ToolChoice.Mode.AUTO) {
            return;
        }
        g.writeObjectFieldStart("toolConfig");
        g.writeObjectFieldStart("functionCallingConfig");
        g.writeStringField("mode", c.mode() == ToolChoice.Mode.NONE ? "NONE" : "ANY");
        if (c.mode() == ToolChoice.Mode.FUNCTION) {
            g.writeArrayFieldStart("allowedFunctionNames");
            g.writeString(c.function());
            g.writeEndArray();
        }
        g.writeEndObject();
        g.writeEndObject();
    }

    /**
     * Anthropic {@code tools: [{name, description, input_schema}]} and {@code tool_choice}: {@code auto},
     * {@code none}, {@code any}, {@code {"type":"tool","name":..}}, with {@code disable_parallel_tool_use} when the
     * request asks for one call at most. Anthropic needs the tools whenever the conversation holds tool blocks.
     */
    static void anthropic(JsonGenerator g, ChatRequest request) throws IOException {
        ToolSet set = request.tools();
        if (set.isEmpty()) {
            if (request.usesTools()) {
                calledOnly(g, request);
            }
            return;
        }
        g.writeArrayFieldStart("tools");
        for (Tool t : set.tools()) {
            anthropicTool(g, t.name(), t.description(), t.objectSchema());
        }
        g.writeEndArray();
        ToolChoice c = set.choice();
        boolean oneCall = Boolean.FALSE.equals(set.parallelCalls());
        if (c.mode() == ToolChoice.Mode.AUTO && !oneCall) {
            return;
        }
        g.writeObjectFieldStart("tool_choice");
        switch (c.mode()) {
            case AUTO -> g.writeStringField("type", "auto");
            case NONE -> g.writeStringField("type", "none");
            case REQUIRED -> g.writeStringField("type", "any");
            case FUNCTION -> {
                g.writeStringField("type", "tool");
                g.writeStringField("name", c.function());
            }
        }
        if (oneCall && c.mode() != ToolChoice.Mode.NONE) {
            g.writeBooleanField("disable_parallel_tool_use", true);
        }
        g.writeEndObject();
    }

    private static void anthropicTool(JsonGenerator g, String name, String description, String schema)
            throws IOException {
        g.writeStartObject();
        g.writeStringField("name", name);
        if (description != null) {
            g.writeStringField("description", description);
        }
        g.writeFieldName("input_schema");
        g.writeRawValue(schema);
        g.writeEndObject();
    }

    /**
     * A conversation with tool calls but no tools on offer (the client is done with them): Anthropic still wants the
     * called functions declared, so each is, with an open schema, and {@code tool_choice: none} keeps them uncalled.
     */
    private static void calledOnly(JsonGenerator g, ChatRequest request) throws IOException {
        java.util.Set<String> names = new java.util.LinkedHashSet<>();
        for (ChatMessage m : request.messages()) {
            for (ToolCall c : m.toolCalls()) {
                names.add(c.name());
            }
        }
        g.writeArrayFieldStart("tools");
        for (String name : names) {
            anthropicTool(g, name, null, "{\"type\":\"object\"}");
        }
        g.writeEndArray();
        g.writeObjectFieldStart("tool_choice");
        g.writeStringField("type", "none");
        g.writeEndObject();
    }
}
