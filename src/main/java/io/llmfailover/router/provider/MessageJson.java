package io.llmfailover.router.provider;

import java.io.IOException;
import java.util.List;

import com.fasterxml.jackson.core.JsonGenerator;
import io.llmfailover.router.chat.ChatMessage;
import io.llmfailover.router.chat.ChatRequest;
import io.llmfailover.router.chat.Image;

/**
 * One message with its images, as each API writes it (docs/wire-formats.md sections 1 to 4). A message without images
 * is written as plain text in every form.
 */
final class MessageJson {

    private MessageJson() {
    }

    /**
     * Ollama: {@code {"role","content","images":[base64, ...]}} (inline images only); an assistant's
     * {@code tool_calls}; a tool result's {@code tool_name}.
     */
    static void ollama(JsonGenerator g, ChatMessage m) throws IOException {
        g.writeStartObject();
        g.writeStringField("role", m.role());
        g.writeStringField("content", m.content());
        if (m.hasToolCalls()) {
            ToolCallFields.ollamaCalls(g, m.toolCalls());
        }
        if (m.isToolResult()) {
            g.writeStringField("tool_name", m.toolName());
        }
        if (m.hasImages()) {
            g.writeArrayFieldStart("images");
            for (Image i : m.images()) {
                g.writeString(i.data());
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    /**
     * OpenAI form (NVIDIA): content as text, or as parts: the text, then {@code image_url} parts (data: or http(s));
     * an assistant's {@code tool_calls} (content null when it has no text); a tool result's {@code tool_call_id}.
     */
    static void openAi(JsonGenerator g, ChatMessage m) throws IOException {
        g.writeStartObject();
        g.writeStringField("role", m.role());
        if (m.isToolResult()) {
            g.writeStringField("tool_call_id", m.toolCallId());
        }
        if (m.hasToolCalls()) {
            if (m.content().isEmpty()) {
                g.writeNullField("content");
            } else {
                g.writeStringField("content", m.content());
            }
            ToolCallFields.openAiCalls(g, m.toolCalls());
        } else if (!m.hasImages()) {
            g.writeStringField("content", m.content());
        } else {
            g.writeArrayFieldStart("content");
            g.writeStartObject();
            g.writeStringField("type", "text");
            g.writeStringField("text", m.content());
            g.writeEndObject();
            for (Image i : m.images()) {
                g.writeStartObject();
                g.writeStringField("type", "image_url");
                g.writeObjectFieldStart("image_url");
                g.writeStringField("url", i.asUrl());
                g.writeEndObject();
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    /**
     * Gemini {@code contents}: user turns as {@code role: "user"}, assistant turns as {@code role: "model"} with a
     * {@code functionCall} part per tool call, and consecutive tool results as one {@code role: "user"} turn of
     * {@code functionResponse} parts (Gemini wants as many responses in a turn as the calls before it). System
     * messages go to {@code systemInstruction} instead.
     *
     * @param signature give each model turn's first call Gemini 3's placeholder thought signature
     */
    static void geminiContents(JsonGenerator g, ChatRequest request, boolean signature) throws IOException {
        g.writeArrayFieldStart("contents");
        List<ChatMessage> messages = request.messages();
        for (int i = 0; i < messages.size(); i++) {
            ChatMessage m = messages.get(i);
            if (ChatMessage.SYSTEM.equals(m.role())) {
                continue;
            }
            g.writeStartObject();
            if (m.isToolResult()) {
                g.writeStringField("role", "user");
                g.writeArrayFieldStart("parts");
                ToolCallFields.geminiResult(g, m);
                while (i + 1 < messages.size() && messages.get(i + 1).isToolResult()) {
                    ToolCallFields.geminiResult(g, messages.get(++i));
                }
                g.writeEndArray();
            } else {
                g.writeStringField("role", ChatMessage.ASSISTANT.equals(m.role()) ? "model" : "user");
                geminiParts(g, m.content(), m, signature);
            }
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    /**
     * Gemini: {@code "parts":[{"text"}, {"inlineData":{"mimeType","data"}}, ...]} (inline images only), then a
     * {@code functionCall} part per tool call (no text part when a turn only calls tools).
     */
    static void geminiParts(JsonGenerator g, String text, ChatMessage m, boolean signature) throws IOException {
        g.writeArrayFieldStart("parts");
        if (m == null || !m.hasToolCalls() || !text.isEmpty()) {
            g.writeStartObject();
            g.writeStringField("text", text);
            g.writeEndObject();
        }
        if (m != null) {
            ToolCallFields.geminiCalls(g, m.toolCalls(), signature);
            for (Image i : m.images()) {
                g.writeStartObject();
                g.writeObjectFieldStart("inlineData");
                g.writeStringField("mimeType", i.mediaType());
                g.writeStringField("data", i.data());
                g.writeEndObject();
                g.writeEndObject();
            }
        }
        g.writeEndArray();
    }

    /**
     * Anthropic {@code messages}: every message but the system ones, consecutive tool results as one user turn of
     * {@code tool_result} blocks (Anthropic wants them right after the turn that called the tools).
     */
    static void anthropicMessages(JsonGenerator g, ChatRequest request) throws IOException {
        List<ChatMessage> messages = request.messages();
        for (int i = 0; i < messages.size(); i++) {
            ChatMessage m = messages.get(i);
            if (ChatMessage.SYSTEM.equals(m.role())) {
                continue;
            }
            if (!m.isToolResult()) {
                anthropic(g, m);
                continue;
            }
            g.writeStartObject();
            g.writeStringField("role", ChatMessage.USER);
            g.writeArrayFieldStart("content");
            ToolCallFields.anthropicResult(g, m);
            while (i + 1 < messages.size() && messages.get(i + 1).isToolResult()) {
                ToolCallFields.anthropicResult(g, messages.get(++i));
            }
            g.writeEndArray();
            g.writeEndObject();
        }
    }

    /**
     * Anthropic: content as a string, or as blocks: the images first ({@code {"type":"image","source":{"type":
     * "base64","media_type","data"}}} or {@code {"type":"url","url"}}), then the text, as Anthropic recommends, then a
     * {@code tool_use} block per tool call.
     */
    static void anthropic(JsonGenerator g, ChatMessage m) throws IOException {
        g.writeStartObject();
        g.writeStringField("role", m.role());
        if (!m.hasImages() && !m.hasToolCalls()) {
            g.writeStringField("content", m.content());
        } else {
            g.writeArrayFieldStart("content");
            for (Image i : m.images()) {
                g.writeStartObject();
                g.writeStringField("type", "image");
                g.writeObjectFieldStart("source");
                if (i.isInline()) {
                    g.writeStringField("type", "base64");
                    g.writeStringField("media_type", i.mediaType());
                    g.writeStringField("data", i.data());
                } else {
                    g.writeStringField("type", "url");
                    g.writeStringField("url", i.url());
                }
                g.writeEndObject();
                g.writeEndObject();
            }
            if (!m.content().isEmpty() || !m.hasToolCalls()) {
                g.writeStartObject();
                g.writeStringField("type", "text");
                g.writeStringField("text", m.content());
                g.writeEndObject();
            }
            ToolCallFields.anthropicCalls(g, m.toolCalls());
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    /** How one message (with its images) is written. */
    @FunctionalInterface
    interface MessageWriter {
        void write(JsonGenerator g, ChatMessage m) throws IOException;
    }

    /** OpenAI-style {@code messages} (Ollama and NVIDIA): the system prompt first, then the conversation as is. */
    static void chatMessages(JsonGenerator g, ChatRequest request, MessageWriter writer) throws IOException {
        g.writeArrayFieldStart("messages");
        if (request.system() != null) {
            message(g, ChatMessage.SYSTEM, request.system());
        }
        for (ChatMessage m : request.messages()) {
            writer.write(g, m);
        }
        g.writeEndArray();
    }

    /** {@code {"role":..,"content":..}}. */
    static void message(JsonGenerator g, String role, String content) throws IOException {
        g.writeStartObject();
        g.writeStringField("role", role);
        g.writeStringField("content", content);
        g.writeEndObject();
    }

    /**
     * For APIs with one top-level system prompt (Gemini, Anthropic): the request's system prompt and every system
     * message, joined by blank lines; null when there is none.
     */
    static String joinedSystemPrompt(ChatRequest request) {
        StringBuilder system = new StringBuilder(request.system() == null ? "" : request.system());
        for (ChatMessage m : request.messages()) {
            if (ChatMessage.SYSTEM.equals(m.role())) {
                if (system.length() > 0) {
                    system.append("\n\n");
                }
                system.append(m.content());
            }
        }
        return system.length() == 0 ? null : system.toString();
    }
}
