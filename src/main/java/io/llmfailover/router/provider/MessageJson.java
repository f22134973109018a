package io.llmfailover.router.provider;

import java.io.IOException;

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

    /** Ollama: {@code {"role","content","images":[base64, ...]}} (inline images only). */
    static void ollama(JsonGenerator g, ChatMessage m) throws IOException {
        g.writeStartObject();
        g.writeStringField("role", m.role());
        g.writeStringField("content", m.content());
        if (m.hasImages()) {
            g.writeArrayFieldStart("images");
            for (Image i : m.images()) {
                g.writeString(i.data());
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    /** OpenAI form (NVIDIA): content as text, or as parts: the text, then {@code image_url} parts (data: or http(s)). */
    static void openAi(JsonGenerator g, ChatMessage m) throws IOException {
        g.writeStartObject();
        g.writeStringField("role", m.role());
        if (!m.hasImages()) {
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

    /** Gemini: {@code "parts":[{"text"}, {"inlineData":{"mimeType","data"}}, ...]} (inline images only). */
    static void geminiParts(JsonGenerator g, String text, ChatMessage m) throws IOException {
        g.writeArrayFieldStart("parts");
        g.writeStartObject();
        g.writeStringField("text", text);
        g.writeEndObject();
        if (m != null) {
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
     * Anthropic: content as a string, or as blocks: the images first ({@code {"type":"image","source":{"type":
     * "base64","media_type","data"}}} or {@code {"type":"url","url"}}), then the text, as Anthropic recommends.
     */
    static void anthropic(JsonGenerator g, ChatMessage m) throws IOException {
        g.writeStartObject();
        g.writeStringField("role", m.role());
        if (!m.hasImages()) {
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
            g.writeStartObject();
            g.writeStringField("type", "text");
            g.writeStringField("text", m.content());
            g.writeEndObject();
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
