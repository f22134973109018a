package io.llmfailover.router.provider;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmfailover.router.chat.ChatRequest;
import io.llmfailover.router.chat.ChatResponse;
import io.llmfailover.router.chat.ProviderCallException;
import io.llmfailover.router.chat.Usage;
import io.llmfailover.router.core.PropertyNames;
import io.llmfailover.router.settings.ProviderSettings;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;

/**
 * NVIDIA API catalog {@code POST /v1/chat/completions} with {@code Authorization: Bearer} (docs/wire-formats.md
 * section 3): OpenAI-shaped answers, RFC-7807-style errors, and 202 Accepted meaning "still pending" (a failure
 * here: the router does not poll).
 */
public final class NemotronAdapter extends ProviderAdapter {

    public NemotronAdapter(ObjectMapper mapper, ProviderSettings settings) {
        super(mapper, settings);
    }

    @Override
    protected void setAuthHeaders(Map<String, String> headers, String apiKey) {
        headers.put("Authorization", "Bearer " + apiKey);
        headers.put("Accept", "application/json");
    }

    @Override
    public byte[] request(@ExchangeProperty(PropertyNames.REQUEST) ChatRequest request) {
        return json(g -> {
            g.writeStartObject();
            g.writeStringField("model", settings.model());
            chatMessages(g, request);
            if (request.temperature() != null) {
                g.writeNumberField("temperature", request.temperature());
            }
            if (request.maxTokens() != null) {
                g.writeNumberField("max_tokens", request.maxTokens());
            }
            g.writeBooleanField("stream", false);
            g.writeEndObject();
        });
    }

    @Override
    public ChatResponse response(@Header(Exchange.HTTP_RESPONSE_CODE) Integer status, @Body byte[] body) {
        if (status != null && status == 202) {
            throw ProviderCallException.failed("pending, HTTP 202 Accepted (NVCF request queued, not polled)", null);
        }
        return super.response(status, body);
    }

    @Override
    protected ChatResponse success(JsonNode root) {
        JsonNode choice = root.path("choices").path(0);
        String content = text(choice.path("message").path("content"));
        if (content == null) {
            throw ProviderCallException.failed("HTTP 200 without choices[0].message.content", null);
        }
        String finish = text(choice.path("finish_reason"));
        JsonNode usage = root.path("usage");
        long prompt = usage.path("prompt_tokens").asLong(0);
        long completion = usage.path("completion_tokens").asLong(0);
        long total = usage.path("total_tokens").asLong(prompt + completion);
        String model = text(root.path("model"));
        return new ChatResponse(content, "nemotron", model == null ? settings.model() : model,
                normaliseOpenAiFinish(finish), finish, new Usage(prompt, completion, total), null);
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
