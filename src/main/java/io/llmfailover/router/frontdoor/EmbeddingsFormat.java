package io.llmfailover.router.frontdoor;

import static io.llmfailover.router.frontdoor.JsonFields.optionalBoolean;
import static io.llmfailover.router.frontdoor.JsonFields.positiveInt;
import static io.llmfailover.router.frontdoor.JsonFields.present;
import static io.llmfailover.router.frontdoor.JsonFields.readObject;
import static io.llmfailover.router.frontdoor.JsonFields.requireModel;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmfailover.router.chat.EmbeddingRequest;
import io.llmfailover.router.chat.EmbeddingResponse;
import io.llmfailover.router.chat.InvalidChatRequestException;
import io.llmfailover.router.util.JsonBytes;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Headers;

/**
 * Both doors' embeddings: OpenAI's {@code POST /v1/embeddings} and Ollama's {@code POST /api/embed}, parsed into an
 * {@link EmbeddingRequest} for {@code direct:embed} and its {@link EmbeddingResponse} written back in the door's
 * format (routes/http-embeddings.camel.yaml). Errors are the doors' own ({@link OpenAiFormat#error},
 * {@link OllamaFormat#error}). Thread-safe.
 */
public class EmbeddingsFormat {

    /** Exchange property: true when an OpenAI client asked for {@code encoding_format: base64}. */
    public static final String BASE64 = "llmEmbedBase64";

    private final ObjectReader reader;
    private final JsonFactory factory;

    public EmbeddingsFormat(ObjectMapper mapper) {
        this.reader = JsonFields.reader(mapper);
        this.factory = mapper.getFactory();
    }

    /** An OpenAI embeddings request: {@code {model, input, encoding_format?, dimensions?, user?}}. */
    public EmbeddingRequest parseOpenAi(@Body byte[] body, org.apache.camel.Exchange exchange) {
        ObjectNode root = readObject(reader, body);
        String model = requireModel(root);
        JsonNode format = root.get("encoding_format");
        if (present(format)) {
            if (!format.isTextual() || !List.of("float", "base64").contains(format.textValue())) {
                throw new InvalidChatRequestException("encoding_format must be float or base64", "encoding_format");
            }
            exchange.setProperty(BASE64, "base64".equals(format.textValue()));
        }
        return new EmbeddingRequest(model, inputs(root.get("input")), positiveInt(root.get("dimensions"),
                "dimensions"));
    }

    /** An Ollama embed request: {@code {model, input, truncate?, options?, keep_alive?, dimensions?}}. */
    public EmbeddingRequest parseOllama(@Body byte[] body) {
        ObjectNode root = readObject(reader, body);
        String model = requireModel(root);
        optionalBoolean(root.get("truncate"), "truncate", true);
        if (present(root.get("options")) && !root.get("options").isObject()) {
            throw new InvalidChatRequestException("options must be an object", "options");
        }
        return new EmbeddingRequest(model, inputs(root.get("input")), positiveInt(root.get("dimensions"),
                "dimensions"));
    }

    /** {@code input}: a string or an array of strings (token arrays are not taken: no endpoint shares a tokenizer). */
    private static List<String> inputs(JsonNode input) {
        if (!present(input)) {
            throw new InvalidChatRequestException("input is required: a string or a non-empty array of strings",
                    "input");
        }
        if (input.isTextual()) {
            return List.of(input.textValue());
        }
        if (!input.isArray()) {
            throw new InvalidChatRequestException("input must be a string or an array of strings", "input");
        }
        List<String> out = new ArrayList<>(input.size());
        for (int i = 0; i < input.size(); i++) {
            JsonNode item = input.get(i);
            if (!item.isTextual()) {
                throw new InvalidChatRequestException("input[" + i + "] must be a string"
                        + (item.isNumber() || item.isArray() ? " (token arrays are not supported)" : ""),
                        "input[" + i + "]");
            }
            out.add(item.textValue());
        }
        return out;
    }

    /** {@code X-LLM-Provider} and {@code X-LLM-Model} (who made the vectors), {@code X-LLM-Attempts}, Content-Type. */
    public void replyHeaders(@Body EmbeddingResponse r, @Headers Map<String, Object> headers) {
        headers.put("X-LLM-Provider", r.provider());
        headers.put("X-LLM-Model", r.model());
        headers.put("X-LLM-Attempts", r.attempts().size() + 1);
        headers.put("Content-Type", "application/json");
    }

    /** OpenAI's {@code {object: list, data: [{object: embedding, index, embedding}], model, usage}}. */
    public ByteBuffer openAi(@Body EmbeddingResponse r, @ExchangeProperty(BASE64) Boolean base64) {
        boolean b64 = Boolean.TRUE.equals(base64);
        return ByteBuffer.wrap(JsonBytes.write(factory, size(r), g -> {
            g.writeStartObject();
            g.writeStringField("object", "list");
            g.writeArrayFieldStart("data");
            for (int i = 0; i < r.vectors().size(); i++) {
                g.writeStartObject();
                g.writeStringField("object", "embedding");
                g.writeNumberField("index", i);
                g.writeFieldName("embedding");
                if (b64) {
                    g.writeString(base64(r.vectors().get(i)));
                } else {
                    numbers(g, r.vectors().get(i));
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeStringField("model", r.model());
            g.writeObjectFieldStart("usage");
            g.writeNumberField("prompt_tokens", r.promptTokens());
            g.writeNumberField("total_tokens", r.promptTokens());
            g.writeEndObject();
            g.writeEndObject();
        }));
    }

    /** Ollama's {@code {model, embeddings: [[..]], total_duration, load_duration, prompt_eval_count}}. */
    public ByteBuffer ollama(@Body EmbeddingResponse r) {
        return ByteBuffer.wrap(JsonBytes.write(factory, size(r), g -> {
            g.writeStartObject();
            g.writeStringField("model", r.model());
            g.writeArrayFieldStart("embeddings");
            for (float[] v : r.vectors()) {
                numbers(g, v);
            }
            g.writeEndArray();
            g.writeNumberField("total_duration", r.durationNs());
            g.writeNumberField("load_duration", 0);
            g.writeNumberField("prompt_eval_count", r.promptTokens());
            g.writeEndObject();
        }));
    }

    private static void numbers(JsonGenerator g, float[] v) throws java.io.IOException {
        g.writeStartArray();
        for (float f : v) {
            g.writeNumber(f);
        }
        g.writeEndArray();
    }

    /** OpenAI's base64 form: the vector's float32 values, little-endian. */
    static String base64(float[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) {
            b.putFloat(f);
        }
        return Base64.getEncoder().encodeToString(b.array());
    }

    private static int size(EmbeddingResponse r) {
        int numbers = r.vectors().stream().mapToInt(v -> v.length).sum();
        return 256 + numbers * 12;
    }
}
