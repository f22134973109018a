package io.llmfailover.router.frontdoor;

import java.time.Clock;
import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;
import io.llmfailover.router.chat.ToolCall;
import io.llmfailover.router.chat.ToolCallBuffer;
import io.llmfailover.router.chat.ToolCallDelta;
import io.llmfailover.router.stream.AnswerSummary;
import io.llmfailover.router.stream.LiveAnswer;

/**
 * A streamed answer at the Ollama doors, as Ollama sends it: NDJSON, a {@code "done":false} line per piece of text
 * ({@code message.content} for /api/chat, {@code response} for /api/generate), the tool calls whole in one line
 * ({@code message.tool_calls}), then a {@code "done":true} line with
 * the counts and durations Ollama clients read. A failure after the commit ends with {@code {"error":"..."}} and no
 * {@code done:true} line: the ollama clients raise it.
 */
final class OllamaStreamWriter extends StreamWriter {

    private final boolean generate;
    private final Clock clock;
    /** Ollama sends each tool call whole: the pieces wait here until the answer is complete. */
    private final ToolCallBuffer toolCalls = new ToolCallBuffer();

    OllamaStreamWriter(LiveAnswer answer, JsonFactory factory, boolean generate, Clock clock) {
        super(answer, factory);
        this.generate = generate;
        this.clock = clock;
    }

    @Override
    public void text(String delta, String model) {
        String createdAt = clock.instant().toString();
        send(160 + delta.length() + (delta.length() >> 2), g -> {
            g.writeStartObject();
            OllamaJson.head(g, model == null ? answer.model() : model, createdAt, generate, delta);
            g.writeBooleanField("done", false);
            g.writeEndObject();
            g.writeRaw('\n');
        });
    }

    @Override
    public void toolCall(ToolCallDelta delta, String model) {
        toolCalls.add(delta);
    }

    @Override
    public void completed(AnswerSummary summary) {
        String createdAt = clock.instant().toString();
        if (!toolCalls.isEmpty()) {
            List<ToolCall> calls = toolCalls.calls();
            send(256 + 128 * calls.size(), g -> {
                g.writeStartObject();
                OllamaJson.head(g, summary.model(), createdAt, generate, "", calls);
                g.writeBooleanField("done", false);
                g.writeEndObject();
                g.writeRaw('\n');
            });
        }
        send(384, g -> {
            g.writeStartObject();
            OllamaJson.head(g, summary.model(), createdAt, generate, "");
            OllamaJson.done(g, summary.finishReason(), summary.usage(), summary.totalNanos(),
                    summary.firstTokenNanos(), summary.generationNanos());
            g.writeEndObject();
            g.writeRaw('\n');
        });
        end();
    }

    @Override
    public void failed(String message) {
        send(64 + message.length(), g -> {
            g.writeStartObject();
            g.writeStringField("error", message);
            g.writeEndObject();
            g.writeRaw('\n');
        });
        end();
    }
}
