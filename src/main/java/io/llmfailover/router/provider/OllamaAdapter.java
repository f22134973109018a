package io.llmfailover.router.provider;

import java.util.concurrent.Executor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmfailover.router.chat.ChatRequest;
import io.llmfailover.router.chat.ResponseFormat;
import io.llmfailover.router.core.HealthStatus;
import io.llmfailover.router.settings.ProviderSettings;
import io.llmfailover.router.settings.StreamSettings;
import io.llmfailover.router.stream.AnswerDecoder;


/** Ollama {@code POST /api/chat} with {@code stream: true}, answered as NDJSON (docs/wire-formats.md section 1). No auth. */
public final class OllamaAdapter extends ProviderAdapter {

    public OllamaAdapter(ObjectMapper mapper, ProviderSettings settings, StreamSettings stream,
            Executor routeThreads) {
        super(mapper, settings, stream, routeThreads);
    }

    @Override
    protected byte[] body(ChatRequest request) {
        return json(g -> {
            g.writeStartObject();
            g.writeStringField("model", settings.model());
            MessageJson.chatMessages(g, request, MessageJson::ollama);
            ToolFields.ollama(g, request.tools());
            g.writeBooleanField("stream", true);
            SamplingFields.OLLAMA.write(g, request);
            ResponseFormat format = request.responseFormat();
            if (format != null) {
                // "json", or the schema itself (Ollama's structured outputs)
                if (format.hasSchema()) {
                    g.writeFieldName("format");
                    g.writeRawValue(format.schema());
                } else {
                    g.writeStringField("format", "json");
                }
            }
            Object keepAlive = request.sampling().keepAlive();
            if (keepAlive instanceof String duration) {
                g.writeStringField("keep_alive", duration);
            } else if (keepAlive instanceof Number seconds) {
                g.writeNumberField("keep_alive", seconds.doubleValue());
            }
            g.writeEndObject();
        });
    }

    @Override
    protected boolean forcesToolChoice() {
        return false;
    }

    @Override
    protected AnswerDecoder decoder() {
        return new OllamaDecoder(mapper);
    }

    @Override
    protected String errorMessage(JsonNode root) {
        return text(root.path("error"));
    }

    @Override
    protected HealthStatus healthImpact(int status) {
        // a 400 says our request was wrong, not that Ollama is unwell
        return status == 400 ? null : HealthStatus.DEGRADED;
    }
}
