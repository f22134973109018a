package io.llmfailover.router.provider;

import java.io.IOException;
import java.util.List;

import com.fasterxml.jackson.core.JsonGenerator;
import io.llmfailover.router.chat.ChatMessage;
import io.llmfailover.router.chat.ToolCall;
import io.llmfailover.router.util.JsonText;

/**
 * An assistant turn's tool calls and a tool's result as each API writes them in its conversation (docs/wire-formats.md
 * sections 1 to 4); {@link MessageJson} places them in each API's messages. The OpenAI form is also what the OpenAI
 * door answers.
 */
public final class ToolCallFields {

    /**
     * Gemini 3 refuses a function call in the history without the thought signature Gemini gave it; a call another
     * provider made (or one whose signature the client did not keep) carries this value, which Google documents for
     * exactly that case (Gemini API, "Thought signatures").
     */
    static final String GEMINI_FOREIGN_SIGNATURE = "skip_thought_signature_validator";

    private ToolCallFields() {
    }

    /** Ollama: {@code "tool_calls":[{"function":{"name":..,"arguments":{..}}}]}. */
    static void ollamaCalls(JsonGenerator g, List<ToolCall> calls) throws IOException {
        g.writeArrayFieldStart("tool_calls");
        for (ToolCall c : calls) {
            g.writeStartObject();
            g.writeObjectFieldStart("function");
            g.writeStringField("name", c.name());
            arguments(g, "arguments", c);
            g.writeEndObject();
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    /**
     * OpenAI form: {@code "tool_calls":[{"id","type":"function","function":{"name","arguments":"<text>"}}]} (what
     * NVIDIA is sent, and what the OpenAI door answers).
     */
    public static void openAiCalls(JsonGenerator g, List<ToolCall> calls) throws IOException {
        g.writeArrayFieldStart("tool_calls");
        for (ToolCall c : calls) {
            g.writeStartObject();
            g.writeStringField("id", c.id());
            g.writeStringField("type", "function");
            g.writeObjectFieldStart("function");
            g.writeStringField("name", c.name());
            g.writeStringField("arguments", c.arguments());
            g.writeEndObject();
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    /** Gemini: one {@code {"functionCall":{"name","args"}}} part per call (with a signature for Gemini 3). */
    static void geminiCalls(JsonGenerator g, List<ToolCall> calls, boolean signature) throws IOException {
        for (int i = 0; i < calls.size(); i++) {
            ToolCall c = calls.get(i);
            g.writeStartObject();
            g.writeObjectFieldStart("functionCall");
            g.writeStringField("name", c.name());
            arguments(g, "args", c);
            g.writeEndObject();
            if (signature && i == 0) {
                g.writeStringField("thoughtSignature", GEMINI_FOREIGN_SIGNATURE);
            }
            g.writeEndObject();
        }
    }

    /**
     * Gemini: {@code {"functionResponse":{"name","response":{..}}}}; the response is the result itself when it is a
     * JSON object, else {@code {"output": "<the result's text>"}} (the key Gemini documents for a function's output).
     */
    static void geminiResult(JsonGenerator g, ChatMessage m) throws IOException {
        g.writeStartObject();
        g.writeObjectFieldStart("functionResponse");
        g.writeStringField("name", m.toolName());
        if (JsonText.isObject(m.content())) {
            g.writeFieldName("response");
            g.writeRawValue(m.content());
        } else {
            g.writeObjectFieldStart("response");
            g.writeStringField("output", m.content());
            g.writeEndObject();
        }
        g.writeEndObject();
        g.writeEndObject();
    }

    /** Anthropic: a {@code {"type":"tool_use","id","name","input":{..}}} block per call. */
    static void anthropicCalls(JsonGenerator g, List<ToolCall> calls) throws IOException {
        for (ToolCall c : calls) {
            g.writeStartObject();
            g.writeStringField("type", "tool_use");
            g.writeStringField("id", anthropicId(c.id()));
            g.writeStringField("name", c.name());
            arguments(g, "input", c);
            g.writeEndObject();
        }
    }

    /** Anthropic: {@code {"type":"tool_result","tool_use_id","content":"<text>"}}. */
    static void anthropicResult(JsonGenerator g, ChatMessage m) throws IOException {
        g.writeStartObject();
        g.writeStringField("type", "tool_result");
        g.writeStringField("tool_use_id", anthropicId(m.toolCallId()));
        g.writeStringField("content", m.content());
        g.writeEndObject();
    }

    /**
     * Anthropic takes call ids of letters, digits, {@code _} and {@code -} only: any other character becomes
     * {@code _}, the same way in a call and in its result, so the pair still matches.
     */
    static String anthropicId(String id) {
        StringBuilder s = null;
        for (int i = 0; i < id.length(); i++) {
            char ch = id.charAt(i);
            boolean ok = ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9' || ch == '_'
                    || ch == '-';
            if (!ok && s == null) {
                s = new StringBuilder(id);
            }
            if (!ok) {
                s.setCharAt(i, '_');
            }
        }
        return s == null ? id : s.toString();
    }

    /** A call's arguments as a JSON object (every door and direct:chat checked that they are one). */
    private static void arguments(JsonGenerator g, String field, ToolCall c) throws IOException {
        g.writeFieldName(field);
        g.writeRawValue(c.arguments());
    }
}
