package io.llmfailover.router.provider;

import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmfailover.router.chat.ToolCall;
import io.llmfailover.router.chat.ToolCallDelta;
import io.llmfailover.router.stream.AnswerDecoder;
import io.llmfailover.router.stream.AnswerEvents;
import io.llmfailover.router.stream.Framing;

/**
 * OpenAI-style {@code chat.completion.chunk} events (NVIDIA, docs/wire-formats.md section 3): text in
 * {@code choices[0].delta.content}, tool calls in {@code delta.tool_calls} (index, id and name first, then argument
 * fragments), the finish chunk with {@code finish_reason}, then (asked for with
 * {@code stream_options.include_usage}) a usage chunk with {@code choices: []}, and {@code data: [DONE]}. The answer
 * is complete with the usage after the finish, or at {@code [DONE]}; an {@code {"error": ...}} chunk is an error.
 */
final class OpenAiChunkDecoder implements AnswerDecoder {

    private static final byte[] DONE = "[DONE]".getBytes(StandardCharsets.US_ASCII);

    private final ObjectMapper mapper;
    private boolean finished;

    OpenAiChunkDecoder(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public Framing framing() {
        return Framing.sse();
    }

    @Override
    public void decode(String event, byte[] data, int length, AnswerEvents out) {
        if (length == DONE.length && java.util.Arrays.equals(data, 0, length, DONE, 0, length)) {
            out.terminal();
            return;
        }
        JsonNode chunk = StreamJson.object(mapper, data, length, out);
        if (chunk == null) {
            return;
        }
        JsonNode error = chunk.get("error");
        if (error != null && !error.isNull()) {
            out.error(error.isObject() ? StreamJson.text(error.path("message")) : error.asText());
            return;
        }
        out.model(StreamJson.text(chunk.get("model")));
        JsonNode choice = chunk.path("choices").path(0);
        JsonNode content = choice.path("delta").get("content");
        if (content != null && !content.isNull()) {
            if (!content.isTextual()) {
                out.malformed("a delta whose content is not text");
                return;
            }
            out.text(content.textValue());
        }
        JsonNode calls = choice.path("delta").get("tool_calls");
        if (calls != null && calls.isArray()) {
            for (JsonNode c : calls) {
                JsonNode f = c.path("function");
                JsonNode args = f.get("arguments");
                String id = StreamJson.text(c.get("id"));
                String name = StreamJson.text(f.get("name"));
                out.toolCall(new ToolCallDelta(c.path("index").asInt(0), id == null && name != null ? ToolCall.newId()
                        : id, name, args == null || args.isNull() ? "" : args.asText()));
            }
        }
        String finish = StreamJson.text(choice.get("finish_reason"));
        if (finish != null) {
            finished = true;
            out.finish(ProviderAdapter.normaliseOpenAiFinish(finish), finish);
        }
        JsonNode usage = chunk.get("usage");
        if (usage != null && usage.isObject()) {
            long prompt = usage.path("prompt_tokens").asLong(0);
            long completion = usage.path("completion_tokens").asLong(0);
            out.usage(prompt, completion, usage.path("total_tokens").asLong(prompt + completion));
            if (finished) {
                out.terminal();
            }
        }
    }
}
