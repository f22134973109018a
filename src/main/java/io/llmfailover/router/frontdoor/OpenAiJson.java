package io.llmfailover.router.frontdoor;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.core.JsonGenerator;
import io.llmfailover.router.chat.ToolCall;
import io.llmfailover.router.chat.ToolCallDelta;
import io.llmfailover.router.chat.Usage;
import io.llmfailover.router.provider.ToolCallFields;

/** Writes OpenAI's answer shapes: a {@code chat.completion}, or its server-sent {@code chat.completion.chunk}s. */
final class OpenAiJson {

    private static final char[] ALPHANUMERIC =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    /** As long as the random part of a real OpenAI id (chatcmpl-A652Fhuqsr1kskKe5B63M0eiw3842). */
    private static final int ID_RANDOM_LENGTH = 29;

    /** What every chunk of one answer repeats. */
    record Head(String id, long created, String model) {
    }

    private OpenAiJson() {
    }

    static String newId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        char[] id = new char[9 + ID_RANDOM_LENGTH];
        "chatcmpl-".getChars(0, 9, id, 0);
        for (int i = 9; i < id.length; i++) {
            id[i] = ALPHANUMERIC[random.nextInt(ALPHANUMERIC.length)];
        }
        return new String(id);
    }

    static void completion(JsonGenerator g, Head head, String text, String finish, Usage usage,
            List<ToolCall> calls) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", head.id());
        g.writeStringField("object", "chat.completion");
        g.writeNumberField("created", head.created());
        g.writeStringField("model", head.model());
        g.writeArrayFieldStart("choices");
        g.writeStartObject();
        g.writeNumberField("index", 0);
        g.writeObjectFieldStart("message");
        g.writeStringField("role", "assistant");
        if (text.isEmpty() && !calls.isEmpty()) {
            g.writeNullField("content"); // as OpenAI answers a turn that only calls tools
        } else {
            g.writeStringField("content", text);
        }
        g.writeNullField("refusal");
        if (!calls.isEmpty()) {
            ToolCallFields.openAiCalls(g, calls);
        }
        g.writeEndObject();
        g.writeNullField("logprobs");
        g.writeStringField("finish_reason", finish);
        g.writeEndObject();
        g.writeEndArray();
        usage(g, usage);
        g.writeNullField("system_fingerprint");
        g.writeEndObject();
    }

    /**
     * One {@code chat.completion.chunk}: a delta with the role and/or content given (either may be null), and the
     * finish reason (null until the last).
     */
    static void chunk(JsonGenerator g, Head head, String role, String content, String finish, boolean includeUsage)
            throws IOException {
        startChunk(g, head);
        g.writeObjectFieldStart("delta");
        if (role != null) {
            g.writeStringField("role", role);
        }
        if (content != null) {
            g.writeStringField("content", content);
        }
        g.writeEndObject();
        endChoiceChunk(g, finish, includeUsage);
    }

    /**
     * A chunk with a piece of a tool call: {@code delta.tool_calls[{index, id, type, function:{name, arguments}}]},
     * the id, type and name on a call's first piece only (as OpenAI streams them).
     */
    static void toolCallChunk(JsonGenerator g, Head head, ToolCallDelta d, boolean includeUsage) throws IOException {
        startChunk(g, head);
        g.writeObjectFieldStart("delta");
        g.writeArrayFieldStart("tool_calls");
        g.writeStartObject();
        g.writeNumberField("index", d.index());
        if (d.starts()) {
            g.writeStringField("id", d.id());
            g.writeStringField("type", "function");
        }
        g.writeObjectFieldStart("function");
        if (d.name() != null) {
            g.writeStringField("name", d.name());
        }
        g.writeStringField("arguments", d.arguments());
        g.writeEndObject();
        g.writeEndObject();
        g.writeEndArray();
        g.writeEndObject();
        endChoiceChunk(g, null, includeUsage);
    }

    /** The usage chunk ({@code stream_options.include_usage}): no choices, the whole answer's token counts. */
    static void usageChunk(JsonGenerator g, Head head, Usage usage) throws IOException {
        g.writeStartObject();
        chunkHeader(g, head);
        g.writeArrayFieldStart("choices");
        g.writeEndArray();
        usage(g, usage);
        g.writeEndObject();
    }

    /** Opens a chunk and its single choice, up to (not including) the delta. */
    private static void startChunk(JsonGenerator g, Head head) throws IOException {
        g.writeStartObject();
        chunkHeader(g, head);
        g.writeArrayFieldStart("choices");
        g.writeStartObject();
        g.writeNumberField("index", 0);
    }

    private static void chunkHeader(JsonGenerator g, Head head) throws IOException {
        g.writeStringField("id", head.id());
        g.writeStringField("object", "chat.completion.chunk");
        g.writeNumberField("created", head.created());
        g.writeStringField("model", head.model());
        g.writeNullField("system_fingerprint");
    }

    private static void endChoiceChunk(JsonGenerator g, String finish, boolean includeUsage) throws IOException {
        g.writeNullField("logprobs");
        if (finish == null) {
            g.writeNullField("finish_reason");
        } else {
            g.writeStringField("finish_reason", finish);
        }
        g.writeEndObject();
        g.writeEndArray();
        if (includeUsage) {
            g.writeNullField("usage");
        }
        g.writeEndObject();
    }

    private static void usage(JsonGenerator g, Usage usage) throws IOException {
        g.writeObjectFieldStart("usage");
        g.writeNumberField("prompt_tokens", usage.promptTokens());
        g.writeNumberField("completion_tokens", usage.completionTokens());
        g.writeNumberField("total_tokens", usage.totalTokens());
        g.writeEndObject();
    }
}
