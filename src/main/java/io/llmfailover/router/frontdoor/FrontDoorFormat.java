package io.llmfailover.router.frontdoor;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.llmfailover.router.chat.ChatRequest;
import io.llmfailover.router.chat.ChatResponse;
import io.llmfailover.router.chat.InvalidChatRequestException;
import io.llmfailover.router.core.PropertyNames;
import io.llmfailover.router.core.Provider;
import io.llmfailover.router.settings.ProviderCatalog;
import io.llmfailover.router.settings.Reconfigurable;
import io.llmfailover.router.settings.RouterSettings;
import io.llmfailover.router.stream.LiveAnswer;
import io.llmfailover.router.util.JsonBytes;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Headers;

/**
 * What the OpenAI and Ollama doors share: reading JSON, handing the request to {@code direct:chat}, the reply
 * headers, the HTTP status of an error, and writing JSON straight to bytes.
 */
public abstract class FrontDoorFormat implements Reconfigurable {

    protected final ObjectReader reader;
    protected final JsonFactory factory;

    private volatile ProviderCatalog providers;

    /**
     * The prompt's task: the {@code X-LLM-Task} header (kept in {@code llmTask} by the door's route before the
     * client's headers are dropped), else {@code metadata.task} (OpenAI's request metadata, a string); null for none.
     * Any name is taken: one without a matrix of its own uses the default matrix.
     *
     * @throws InvalidChatRequestException when {@code metadata.task} is there but not a string
     */
    protected static String task(String header, JsonNode metadata) {
        if (header != null && !header.isBlank()) {
            return header.trim().toLowerCase(java.util.Locale.ROOT);
        }
        JsonNode t = metadata == null || !metadata.isObject() ? null : metadata.get("task");
        if (t == null || t.isNull()) {
            return null;
        }
        if (!t.isTextual()) {
            throw new InvalidChatRequestException("metadata.task must be a string", "metadata.task");
        }
        return t.textValue().isBlank() ? null : t.textValue().trim().toLowerCase(java.util.Locale.ROOT);
    }

    /** A reload: the providers named in replies are those of the new catalogue. */
    @Override
    public void reconfigure(RouterSettings next) {
        this.providers = next.providers();
    }

    protected ProviderCatalog providers() {
        return providers;
    }

    protected FrontDoorFormat(ObjectMapper mapper, ProviderCatalog providers) {
        this.providers = providers;
        this.reader = JsonFields.reader(mapper);
        this.factory = mapper.getFactory();
    }

    /**
     * What goes to {@code direct:chat}: the parsed request's ChatRequest; a client that asked for a stream has
     * {@code llmStream} set, so direct:chat answers with the stream from its first token on.
     */
    public ChatRequest chat(@ExchangeProperty(PropertyNames.FRONT_DOOR_REQUEST) FrontDoorRequest req,
            Exchange exchange) {
        if (req.stream()) {
            exchange.setProperty(PropertyNames.STREAM, Boolean.TRUE);
        }
        return req.chat();
    }

    /**
     * Sets the reply headers of a chat answer: {@code X-LLM-Provider}, {@code X-LLM-Model} (the model that
     * answered), {@code X-LLM-Attempts} (how many providers were tried), {@code X-LLM-Unmapped} (the sampling options
     * the answering provider has no field for, when there are any) and {@code Content-Type}.
     */
    public void replyHeaders(@ExchangeProperty(PropertyNames.FRONT_DOOR_REQUEST) FrontDoorRequest req,
            @Body Object answer, @Headers Map<String, Object> headers) {
        String provider = null;
        if (answer instanceof LiveAnswer live) {
            // a stream is committed at its first token: these name the provider that streams
            provider = live.provider();
            headers.put("X-LLM-Model", live.model());
            headers.put("X-LLM-Attempts", live.attempts());
        } else if (answer instanceof ChatResponse resp) {
            provider = resp.provider();
            headers.put("X-LLM-Model", resp.model());
            headers.put("X-LLM-Attempts", resp.attempts().size());
        }
        if (provider != null) {
            headers.put("X-LLM-Provider", provider);
            unmapped(req, provider, headers);
        }
        headers.put("Content-Type", contentType(req));
    }

    /**
     * {@code X-LLM-Unmapped}: the sampling options the answering provider has no field for, and
     * {@code parallel_tool_calls: false} when it has no such switch (none: no header).
     */
    void unmapped(FrontDoorRequest req, String provider, Map<String, Object> headers) {
        if (req == null || req.chat().sampling().isEmpty() && !req.chat().tools().offered()) {
            return;
        }
        Provider p = providers.provider(provider);
        List<String> missing = req.chat().sampling().notTakenBy(p);
        List<String> tools = req.chat().tools().notTakenBy(p);
        if (!tools.isEmpty()) {
            missing = new java.util.ArrayList<>(missing);
            missing.addAll(tools);
        }
        if (!missing.isEmpty()) {
            headers.put("X-LLM-Unmapped", String.join(",", missing));
        }
    }

    /**
     * The reply's body: a collected answer's bytes (written at once, with a Content-Length), or a streamed reply that
     * writes a {@link LiveAnswer} as it comes.
     */
    public Object render(@ExchangeProperty(PropertyNames.FRONT_DOOR_REQUEST) FrontDoorRequest req,
            @Body Object answer) {
        if (answer instanceof LiveAnswer live) {
            return streamWriter(req, live);
        }
        return ByteBuffer.wrap(whole(req, (ChatResponse) answer));
    }

    /** The collected answer in the door's format. */
    protected abstract byte[] whole(FrontDoorRequest req, ChatResponse resp);

    /** The streamed answer in the door's format. */
    protected abstract StreamWriter streamWriter(FrontDoorRequest req, LiveAnswer live);

    /** The reply's Content-Type for this request. */
    public abstract String contentType(@ExchangeProperty(PropertyNames.FRONT_DOOR_REQUEST) FrontDoorRequest req);

    /** The error body for the exception, in the door's own format. */
    public abstract byte[] error(@ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable e);

    /** The HTTP status for the exception (see {@link ErrorMapping}). */
    public int status(@ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable e) {
        return ErrorMapping.status(e);
    }

    /** The model that really answered; falls back to the provider, then to what the client asked for. */
    static String answeringModel(FrontDoorRequest req, ChatResponse resp) {
        if (resp.model() != null && !resp.model().isEmpty()) {
            return resp.model();
        }
        if (resp.provider() != null && !resp.provider().isEmpty()) {
            return resp.provider();
        }
        return req != null && req.requestedModel() != null ? req.requestedModel() : "";
    }

    /** Writes JSON to a byte array sized for about {@code sizeHint} bytes. */
    protected byte[] write(int sizeHint, JsonBytes.Writer writer) {
        return JsonBytes.write(factory, sizeHint, writer);
    }
}
