package io.llmfailover.router.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmfailover.router.chat.ChatRequest;
import io.llmfailover.router.chat.ChatResponse;
import io.llmfailover.router.chat.ProviderCallException;
import io.llmfailover.router.chat.Usage;
import io.llmfailover.router.core.HealthStatus;
import io.llmfailover.router.core.PropertyNames;
import io.llmfailover.router.settings.ProviderSettings;
import org.apache.camel.ExchangeProperty;


/** Ollama {@code POST /api/chat} with {@code stream: false} (docs/wire-formats.md section 1). No auth. */
public final class OllamaAdapter extends ProviderAdapter {

    public OllamaAdapter(ObjectMapper mapper, ProviderSettings settings) {
        super(mapper, settings);
    }

    @Override
    public byte[] request(@ExchangeProperty(PropertyNames.REQUEST) ChatRequest request) {
        return json(g -> {
            g.writeStartObject();
            g.writeStringField("model", settings.model());
            chatMessages(g, request);
            g.writeBooleanField("stream", false);
            nestedOptions(g, "options", "num_predict", request);
            g.writeEndObject();
        });
    }

    @Override
    protected ChatResponse success(JsonNode root) {
        if (root.hasNonNull("error")) {
            throw ProviderCallException.failed("error: " + shorten(root.path("error").asText()), HealthStatus.DEGRADED);
        }
        String content = text(root.path("message").path("content"));
        if (content == null) {
            throw ProviderCallException.failed("HTTP 200 without message.content", HealthStatus.DEGRADED);
        }
        String doneReason = text(root.path("done_reason"));
        String finish = "length".equals(doneReason) ? "length" : "stop";
        Usage usage = Usage.of(root.path("prompt_eval_count").asLong(0), root.path("eval_count").asLong(0));
        String model = text(root.path("model"));
        return new ChatResponse(content, "ollama", model == null ? settings.model() : model, finish, doneReason, usage,
                null);
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
