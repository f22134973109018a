package io.llmfailover.router.provider;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmfailover.router.chat.ChatMessage;
import io.llmfailover.router.chat.ChatRequest;
import io.llmfailover.router.chat.ChatResponse;
import io.llmfailover.router.chat.ProviderCallException;
import io.llmfailover.router.core.HealthStatus;
import io.llmfailover.router.core.PropertyNames;
import io.llmfailover.router.settings.ProviderSettings;
import io.llmfailover.router.util.JsonBytes;
import io.llmfailover.router.util.Texts;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;

/**
 * The computing half of one provider's {@code direct:call-<provider>} route: maps a {@link ChatRequest} to the
 * provider's wire format, sets its auth header, and maps the HTTP answer back to a {@link ChatResponse} or a
 * {@link ProviderCallException} that says why the walk must move on. No I/O happens here.
 */
public abstract class ProviderAdapter {

    private static final int MAX_DETAIL = 300;

    protected final ObjectMapper mapper;
    protected final ProviderSettings settings;
    private final JsonFactory factory;

    protected ProviderAdapter(ObjectMapper mapper, ProviderSettings settings) {
        this.mapper = mapper;
        this.settings = settings;
        this.factory = mapper.getFactory();
    }

    /** The request body, as UTF-8 JSON bytes (so the call carries a Content-Length). */
    public abstract byte[] request(@ExchangeProperty(PropertyNames.REQUEST) ChatRequest request);

    /** A provider that needs an API key and has none is skipped: nothing is sent, nothing is counted. */
    public void requireKey() {
        if (settings.needsApiKey() && !settings.hasApiKey()) {
            throw ProviderCallException.skipped("no API key configured (set " + settings.apiKeyVariable() + ")");
        }
    }

    /**
     * The headers that authenticate a call (the API key among them), empty without a key. They are added by this
     * provider's HTTP client ({@link UpstreamHttpClient}), never put on the exchange: no route, log or caller sees them.
     */
    public Map<String, String> authHeaders() {
        Map<String, String> headers = new LinkedHashMap<>();
        if (settings.needsApiKey() && settings.hasApiKey()) {
            setAuthHeaders(headers, settings.apiKey());
        }
        return headers;
    }

    protected void setAuthHeaders(Map<String, String> headers, String apiKey) {
    }

    /** Maps the provider's HTTP answer; any answer that holds no usable text is a failure of this attempt. */
    public ChatResponse response(@Header(Exchange.HTTP_RESPONSE_CODE) Integer status, @Body byte[] body) {
        int code = status == null ? 0 : status;
        JsonNode root = parse(body);
        if (code == 200) {
            if (root == null || !root.isObject()) {
                throw ProviderCallException.failed("HTTP 200 with a body that is not a JSON object",
                        HealthStatus.DEGRADED);
            }
            return success(root);
        }
        throw ProviderCallException.failed(describeError(code, root, body), healthImpact(code));
    }

    /** Maps a 200 answer. */
    protected abstract ChatResponse success(JsonNode root);

    /** The error text of a non-200 answer, in the provider's own error format. */
    protected abstract String errorMessage(JsonNode root);

    /** What an HTTP error says about the provider's health (only Ollama's health is tracked). */
    protected HealthStatus healthImpact(int status) {
        return null;
    }

    protected String describeError(int status, JsonNode root, byte[] body) {
        String message = root == null ? null : errorMessage(root);
        if (message == null || message.isBlank()) {
            message = body == null || body.length == 0 ? "" : new String(body, 0, Math.min(body.length, 400),
                    java.nio.charset.StandardCharsets.UTF_8);
        }
        String kind = switch (status) {
            case 401, 403 -> "auth failure, ";
            case 404 -> "not found, ";
            case 408 -> "timeout, ";
            case 429 -> "rate limited, ";
            default -> status >= 500 ? "unavailable, " : "";
        };
        String detail = shorten(message);
        return kind + "HTTP " + status + (detail.isEmpty() ? "" : ": " + detail);
    }

    /** A request body written straight to JSON bytes (so the call carries a Content-Length). */
    protected byte[] json(JsonBytes.Writer writer) {
        return JsonBytes.write(factory, 256, writer);
    }

    /**
     * For APIs that nest the sampling options in an object (Ollama {@code options}, Gemini {@code generationConfig}):
     * the temperature and the token cap under their names there; no object when the request sets neither.
     */
    protected static void nestedOptions(JsonGenerator g, String objectName, String maxTokensField, ChatRequest request)
            throws IOException {
        if (request.temperature() == null && request.maxTokens() == null) {
            return;
        }
        g.writeObjectFieldStart(objectName);
        if (request.temperature() != null) {
            g.writeNumberField("temperature", request.temperature());
        }
        if (request.maxTokens() != null) {
            g.writeNumberField(maxTokensField, request.maxTokens());
        }
        g.writeEndObject();
    }

    /** OpenAI-style {@code messages} (Ollama and NVIDIA): the system prompt first, then the conversation as is. */
    protected static void chatMessages(JsonGenerator g, ChatRequest request) throws IOException {
        g.writeArrayFieldStart("messages");
        if (request.system() != null) {
            message(g, ChatMessage.SYSTEM, request.system());
        }
        for (ChatMessage m : request.messages()) {
            message(g, m.role(), m.content());
        }
        g.writeEndArray();
    }

    /** {@code {"role":..,"content":..}}. */
    protected static void message(JsonGenerator g, String role, String content) throws IOException {
        g.writeStartObject();
        g.writeStringField("role", role);
        g.writeStringField("content", content);
        g.writeEndObject();
    }

    /**
     * For APIs with one top-level system prompt (Gemini, Anthropic): the request's system prompt and every system
     * message, joined by blank lines; null when there is none.
     */
    protected static String joinedSystemPrompt(ChatRequest request) {
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

    protected JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            return mapper.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    protected static String text(JsonNode node) {
        return node == null || node.isMissingNode() || node.isNull() ? null : node.asText();
    }

    protected static String shorten(String s) {
        return Texts.oneLine(s, MAX_DETAIL);
    }

    protected static String normaliseOpenAiFinish(String reason) {
        if (reason == null) {
            return "stop";
        }
        return switch (reason) {
            case "length", "content_filter", "tool_calls" -> reason;
            case "function_call" -> "tool_calls";
            default -> "stop";
        };
    }
}
