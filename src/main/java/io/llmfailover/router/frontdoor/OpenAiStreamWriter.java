package io.llmfailover.router.frontdoor;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.llmfailover.router.chat.ToolCallDelta;
import io.llmfailover.router.stream.AnswerSummary;
import io.llmfailover.router.stream.LiveAnswer;

/**
 * A streamed answer at the OpenAI door, as OpenAI sends it: a role chunk, a {@code chat.completion.chunk} per piece
 * of text or of a tool call ({@code delta.tool_calls} with the call's index, its id and name first, then argument
 * fragments), a finish chunk, the usage chunk when {@code stream_options.include_usage}, then {@code data: [DONE]}.
 * Each chunk names the model that wrote it (after a continuation, the continuing provider's). A failure after the
 * commit ends with {@code data: {"error":{...}}} and no {@code [DONE]}: the openai clients raise it.
 */
final class OpenAiStreamWriter extends StreamWriter {

    private final boolean includeUsage;
    private final String id;
    private final long created;
    private OpenAiJson.Head head;

    OpenAiStreamWriter(LiveAnswer answer, JsonFactory factory, boolean includeUsage, long created) {
        super(answer, factory);
        this.includeUsage = includeUsage;
        this.id = OpenAiJson.newId();
        this.created = created;
        this.head = new OpenAiJson.Head(id, created, answer.model());
    }

    @Override
    protected void opening() {
        send(256, g -> event(g, () -> OpenAiJson.chunk(g, head, "assistant", "", null, includeUsage)));
    }

    @Override
    public void text(String delta, String model) {
        if (model != null && !model.equals(head.model())) {
            head = new OpenAiJson.Head(id, created, model);
        }
        send(224 + delta.length() + (delta.length() >> 2),
                g -> event(g, () -> OpenAiJson.chunk(g, head, null, delta, null, includeUsage)));
    }

    @Override
    public void toolCall(ToolCallDelta delta, String model) {
        if (model != null && !model.equals(head.model())) {
            head = new OpenAiJson.Head(id, created, model);
        }
        int size = 288 + delta.arguments().length() + (delta.arguments().length() >> 2);
        send(size, g -> event(g, () -> OpenAiJson.toolCallChunk(g, head, delta, includeUsage)));
    }

    @Override
    public void completed(AnswerSummary summary) {
        send(512, g -> {
            event(g, () -> OpenAiJson.chunk(g, head, null, null, summary.finishReason(), includeUsage));
            if (includeUsage) {
                event(g, () -> OpenAiJson.usageChunk(g, head, summary.usage()));
            }
            g.writeRaw("data: [DONE]\n\n");
        });
        end();
    }

    @Override
    public void failed(String message) {
        send(256 + message.length(), g -> event(g, () -> {
            g.writeStartObject();
            g.writeObjectFieldStart("error");
            g.writeStringField("message", message);
            g.writeStringField("type", "server_error");
            g.writeNullField("param");
            g.writeStringField("code", "stream_interrupted");
            g.writeEndObject();
            g.writeEndObject();
        }));
        end();
    }

    private interface Body {
        void write() throws IOException;
    }

    /** {@code data: <json>\n\n}. */
    private static void event(JsonGenerator g, Body body) throws IOException {
        g.setRootValueSeparator(null);
        g.writeRaw("data: ");
        body.write();
        g.writeRaw("\n\n");
    }
}
