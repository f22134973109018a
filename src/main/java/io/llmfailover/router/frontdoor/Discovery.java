package io.llmfailover.router.frontdoor;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.llmfailover.router.core.Provider;
import io.llmfailover.router.settings.ProviderCatalog;
import io.llmfailover.router.settings.ProviderSettings;
import io.llmfailover.router.settings.Reconfigurable;
import io.llmfailover.router.settings.RouterSettings;
import io.llmfailover.router.util.JsonBytes;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.Header;

/**
 * What clients discover before their first prompt: OpenAI's {@code GET /v1/models} and {@code GET /v1/models/{id}},
 * Ollama's {@code POST /api/show} and {@code GET /api/ps}. The models are {@code auto}, each provider's id, and each
 * provider's configured model: every name the router answers to (a provider id or model name puts that provider
 * first in the chain; any other name, {@code auto} among them, takes the chain as it is).
 */
public final class Discovery implements Reconfigurable {

    /** The name that means "whatever the chain says". */
    public static final String AUTO = "auto";
    private static final String OWNER = "llm-failover-router";
    private static final String MODELS_PATH = "/v1/models/";

    private final JsonFactory factory;
    private final ObjectReader reader;
    private volatile ProviderCatalog providers;
    private final long created;
    private final String modifiedAt;
    /** The answers that change only with the catalogue, written once each time: the model list, each model, ps. */
    private volatile byte[] modelList;
    private volatile Map<String, byte[]> modelById;
    private volatile byte[] running;

    public Discovery(ObjectMapper mapper, Clock clock, ProviderCatalog providers) {
        this.factory = mapper.getFactory();
        this.reader = JsonFields.reader(mapper);
        this.created = clock.instant().getEpochSecond();
        this.modifiedAt = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
        write(providers);
    }

    /** A reload: the lists name the providers of the new catalogue. */
    @Override
    public void reconfigure(RouterSettings next) {
        write(next.providers());
    }

    private synchronized void write(ProviderCatalog catalog) {
        this.providers = catalog;
        List<String[]> models = models();
        Map<String, byte[]> byId = new LinkedHashMap<>();
        for (String[] m : models) {
            byId.put(m[0], JsonBytes.write(factory, 256, g -> model(g, m)));
        }
        this.modelById = byId;
        this.modelList = JsonBytes.write(factory, 1024, g -> {
            g.writeStartObject();
            g.writeStringField("object", "list");
            g.writeArrayFieldStart("data");
            for (String[] m : models) {
                model(g, m);
            }
            g.writeEndArray();
            g.writeEndObject();
        });
        this.running = ps();
    }

    /** The model ids, each with its owner (the router for {@code auto} and the provider ids, else the provider). */
    private List<String[]> models() {
        List<String[]> out = new ArrayList<>();
        out.add(new String[] { AUTO, OWNER });
        for (ProviderSettings p : providers.all()) {
            out.add(new String[] { p.provider().id(), OWNER });
        }
        for (ProviderSettings p : providers.all()) {
            out.add(new String[] { p.model(), p.provider().id() });
        }
        return out;
    }

    /** {@code GET /v1/models}: OpenAI's list object. */
    public byte[] openAiModels() {
        return modelList;
    }

    /**
     * {@code GET /v1/models/{id}} (the id may hold slashes, as {@code nvidia/nemotron-mini-4b-instruct} does).
     *
     * @throws NotFoundException (404 {@code model_not_found}) for a name the router does not answer to
     */
    public byte[] openAiModel(@Header(Exchange.HTTP_URI) String uri) {
        String path = uri == null ? "" : uri;
        int query = path.indexOf('?');
        if (query >= 0) {
            path = path.substring(0, query);
        }
        int at = path.indexOf(MODELS_PATH);
        String id = at < 0 ? "" : URLDecoder.decode(path.substring(at + MODELS_PATH.length()), StandardCharsets.UTF_8);
        byte[] model = modelById.get(id);
        if (model != null) {
            return model;
        }
        throw new NotFoundException("The model '" + JsonFields.echo(id) + "' does not exist", "model_not_found", "model");
    }

    private void model(JsonGenerator g, String[] m) throws java.io.IOException {
        g.writeStartObject();
        g.writeStringField("id", m[0]);
        g.writeStringField("object", "model");
        g.writeNumberField("created", created);
        g.writeStringField("owned_by", m[1]);
        g.writeEndObject();
    }

    /**
     * {@code POST /api/show} with {@code model} (or the older {@code name}): details of the provider that name puts
     * first, or of the router itself for any other name (it answers them all).
     */
    public byte[] ollamaShow(@Body byte[] body) {
        JsonNode root = JsonFields.readObject(reader, body);
        JsonNode name = root.has("model") ? root.get("model") : root.get("name");
        String model = JsonFields.requireString(name, root.has("model") ? "model" : "name");
        Provider p = providers.byIdOrModel(model);
        String family = p == null ? OWNER : p.id();
        return JsonBytes.write(factory, 512, g -> {
            g.writeStartObject();
            g.writeStringField("modelfile", "# answered by llm-failover-router: " + (p == null
                    ? "the provider chain as the router decides it" : providers.get(p).model() + " first"));
            g.writeStringField("parameters", "");
            g.writeStringField("template", "");
            details(g, family);
            g.writeObjectFieldStart("model_info");
            g.writeStringField("general.architecture", family);
            g.writeEndObject();
            g.writeArrayFieldStart("capabilities");
            g.writeString("completion");
            g.writeEndArray();
            g.writeStringField("modified_at", modifiedAt);
            g.writeEndObject();
        });
    }

    /** {@code GET /api/ps}: the configured models, each ready (the router keeps nothing loaded itself). */
    public byte[] ollamaPs() {
        return running;
    }

    private byte[] ps() {
        return JsonBytes.write(factory, 1024, g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("models");
            for (ProviderSettings p : providers.all()) {
                g.writeStartObject();
                g.writeStringField("name", p.model());
                g.writeStringField("model", p.model());
                g.writeNumberField("size", 0);
                g.writeStringField("digest", OllamaJson.digest(p.model()));
                details(g, p.provider().id());
                g.writeStringField("expires_at", "9999-12-31T23:59:59Z");
                g.writeNumberField("size_vram", 0);
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    /** Ollama's {@code details} object for a model of this family. */
    static void details(JsonGenerator g, String family) throws java.io.IOException {
        g.writeObjectFieldStart("details");
        g.writeStringField("parent_model", "");
        g.writeStringField("format", "");
        g.writeStringField("family", family);
        g.writeArrayFieldStart("families");
        g.writeString(family);
        g.writeEndArray();
        g.writeStringField("parameter_size", "");
        g.writeStringField("quantization_level", "");
        g.writeEndObject();
    }
}
