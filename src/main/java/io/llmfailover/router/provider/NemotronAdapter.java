package io.llmfailover.router.provider;

import java.util.Map;
import java.util.concurrent.Executor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmfailover.router.chat.ChatRequest;
import io.llmfailover.router.chat.ProviderCallException;
import io.llmfailover.router.chat.ResponseFormat;
import io.llmfailover.router.settings.ProviderSettings;
import io.llmfailover.router.settings.StreamSettings;
import io.llmfailover.router.stream.AnswerDecoder;

/**
 * NVIDIA API catalog {@code POST /v1/chat/completions} with {@code Authorization: Bearer} (docs/wire-formats.md
 * section 3): OpenAI-shaped answers, RFC-7807-style errors, and 202 Accepted meaning "still pending" (a failure
 * here: the router does not poll).
 */
public final class NemotronAdapter extends ProviderAdapter {

    public NemotronAdapter(ObjectMapper mapper, ProviderSettings settings, StreamSettings stream,
            Executor routeThreads) {
        super(mapper, settings, stream, routeThreads);
    }

    @Override
    protected void setAuthHeaders(Map<String, String> headers, String apiKey) {
        headers.put("Authorization", "Bearer " + apiKey);
        headers.put("Accept", "text/event-stream");
    }

    @Override
    protected byte[] body(ChatRequest request) {
        return json(g -> {
            g.writeStartObject();
            g.writeStringField("model", settings.model());
            MessageJson.chatMessages(g, request, MessageJson::openAi);
            SamplingFields.NVIDIA.write(g, request);
            ToolFields.openAi(g, request.tools());
            ResponseFormat format = request.responseFormat();
            if (format != null) {
                // OpenAI's response_format, which NVIDIA's OpenAI-compatible API takes as it is
                g.writeObjectFieldStart("response_format");
                if (format.hasSchema()) {
                    g.writeStringField("type", "json_schema");
                    g.writeObjectFieldStart("json_schema");
                    g.writeStringField("name", format.name() == null ? "response" : format.name());
                    g.writeFieldName("schema");
                    g.writeRawValue(format.schema());
                    g.writeBooleanField("strict", format.strict());
                    g.writeEndObject();
                } else {
                    g.writeStringField("type", "json_object");
                }
                g.writeEndObject();
            }
            g.writeBooleanField("stream", true);
            // the usage comes in a last chunk of its own, before [DONE]
            g.writeObjectFieldStart("stream_options");
            g.writeBooleanField("include_usage", true);
            g.writeEndObject();
            g.writeEndObject();
        });
    }

    @Override
    protected boolean takesImageUrls() {
        return true;
    }

    @Override
    protected AnswerDecoder decoder() {
        return new OpenAiChunkDecoder(mapper);
    }

    @Override
    protected ProviderCallException failure(int status, byte[] body, long retryAfter) {
        if (status == 202) {
            return ProviderCallException.failed("pending, HTTP 202 Accepted (NVCF request queued, not polled)", null);
        }
        return super.failure(status, body, retryAfter);
    }

    @Override
    protected String errorMessage(JsonNode root) {
        // {"status":401,"title":"Unauthorized","detail":"..."}; in-stream errors use {"error":{"message":..}}
        String title = text(root.path("title"));
        String detail = text(root.path("detail"));
        if (title != null || detail != null) {
            return title == null ? detail : detail == null ? title : title + ": " + detail;
        }
        JsonNode error = root.path("error");
        return error.isObject() ? text(error.path("message")) : text(error);
    }
}
