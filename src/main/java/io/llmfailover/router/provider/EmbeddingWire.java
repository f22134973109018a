package io.llmfailover.router.provider;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmfailover.router.chat.EmbeddingRequest;
import io.llmfailover.router.chat.EmbeddingResponse;
import io.llmfailover.router.chat.ProviderCallException;
import io.llmfailover.router.core.FailureClass;
import io.llmfailover.router.core.HealthStatus;
import io.llmfailover.router.settings.ProviderSettings;
import io.llmfailover.router.upstream.UpstreamResponse;

/**
 * The embedding APIs on the wire, per provider type: where to POST ({@link #url}), what ({@link #body}), and how
 * to read the answer ({@link #read}) into an {@link EmbeddingResponse} or a {@link ProviderCallException} saying why
 * there is none.
 * <ul>
 * <li>ollama: {@code POST <base>/api/embed {model, input[]}} -> {@code {embeddings:[[..]], prompt_eval_count}}</li>
 * <li>openai: {@code POST <base>/v1/embeddings {model, input[]}} (Bearer key) -> {@code {data:[{index,
 * embedding}], usage}}</li>
 * <li>gemini: {@code POST <base>/v1beta/models/<m>:batchEmbedContents {requests:[{model, content}]}}
 * (x-goog-api-key) -> {@code {embeddings:[{values}]}}</li>
 * </ul>
 * Anthropic has no embeddings API: the catalogue refuses {@code embedding-model} on such a provider.
 */
public final class EmbeddingWire {

    /** The longest answer read (2048 vectors of 3072 numbers fit). */
    public static final int MAX_ANSWER = 256 * 1024 * 1024;
    private static final int MAX_ERROR = 16 * 1024;
    private static final int MAX_DETAIL = 300;

    private final ObjectMapper mapper;
    private final Executor routeThreads;

    /** @param routeThreads where an answer is parsed and the route goes on (not an event loop) */
    public EmbeddingWire(ObjectMapper mapper, Executor routeThreads) {
        this.mapper = mapper;
        this.routeThreads = routeThreads;
    }

    /** The embedding API's URL of this provider. */
    public static String url(ProviderSettings s) {
        String m = s.embeddingModel();
        return switch (s.provider().type()) {
            case OLLAMA -> s.baseUrl() + "/api/embed";
            case OPENAI -> s.baseUrl() + "/v1/embeddings";
            case GEMINI -> s.baseUrl() + "/v1beta/models/" + (m.startsWith("models/") ? m.substring(7) : m)
                    + ":batchEmbedContents";
            case ANTHROPIC -> throw new IllegalStateException("anthropic has no embeddings API");
        };
    }

    /** The request's JSON bytes for this provider's embedding API. */
    public byte[] body(ProviderSettings s, EmbeddingRequest r) {
        ObjectNode root = mapper.createObjectNode();
        String m = s.embeddingModel();
        if (s.provider().type() == io.llmfailover.router.core.ProviderType.GEMINI) {
            ArrayNode requests = root.putArray("requests");
            String model = m.startsWith("models/") ? m : "models/" + m;
            for (String text : r.inputs()) {
                ObjectNode one = requests.addObject().put("model", model);
                one.putObject("content").putArray("parts").addObject().put("text", text);
                if (r.dimensions() != null) {
                    one.put("outputDimensionality", r.dimensions());
                }
            }
        } else {
            root.put("model", m);
            ArrayNode input = root.putArray("input");
            r.inputs().forEach(input::add);
            if (r.dimensions() != null) {
                root.put("dimensions", r.dimensions());
            }
        }
        try {
            return mapper.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Reads the answer whole and parses it on a route thread: the vectors, exactly one per input, or a
     * {@link ProviderCallException} (an error status and the provider's message, an unreadable answer, a wrong count).
     */
    public CompletionStage<EmbeddingResponse> read(UpstreamResponse answer, ProviderSettings s, int inputs) {
        CompletableFuture<EmbeddingResponse> done = new CompletableFuture<>();
        int status = answer.status();
        answer.readSmallBody(status == 200 ? MAX_ANSWER : MAX_ERROR).onComplete(read -> routeThreads.execute(() -> {
            byte[] body = read.succeeded() ? read.result() : new byte[0];
            try {
                if (status == 200) {
                    done.complete(parse(s, body, inputs));
                } else {
                    done.completeExceptionally(failure(status, body, answer.retryAfterMs()));
                }
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        }));
        return done;
    }

    EmbeddingResponse parse(ProviderSettings s, byte[] body, int inputs) {
        JsonNode root = tree(body);
        if (root == null || !root.isObject()) {
            throw unreadable("the answer is not a JSON object" + (body.length >= MAX_ANSWER ? " (over 256 MB)" : ""));
        }
        List<float[]> vectors = new ArrayList<>(inputs);
        long tokens;
        switch (s.provider().type()) {
            case OLLAMA -> {
                root.path("embeddings").forEach(v -> vectors.add(vector(v)));
                tokens = root.path("prompt_eval_count").asLong(0);
            }
            case OPENAI -> {
                JsonNode data = root.path("data");
                float[][] byIndex = new float[data.size()][];
                for (int i = 0; i < data.size(); i++) {
                    int index = data.get(i).path("index").asInt(i);
                    if (index < 0 || index >= byIndex.length || byIndex[index] != null) {
                        throw unreadable("data[" + i + "].index " + index + " is out of place");
                    }
                    byIndex[index] = vector(data.get(i).path("embedding"));
                }
                vectors.addAll(List.of(byIndex));
                tokens = root.path("usage").path("prompt_tokens").asLong(0);
            }
            default -> {
                root.path("embeddings").forEach(v -> vectors.add(vector(v.path("values"))));
                tokens = 0;
            }
        }
        if (vectors.size() != inputs) {
            throw unreadable(vectors.size() + " vectors for " + inputs + " inputs");
        }
        return new EmbeddingResponse(s.provider().id(), s.embeddingModel(), vectors, tokens, List.of(), 0);
    }

    private static float[] vector(JsonNode v) {
        if (!v.isArray() || v.isEmpty()) {
            throw unreadable("a vector is not an array of numbers");
        }
        float[] out = new float[v.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode n = v.get(i);
            if (!n.isNumber()) {
                throw unreadable("a vector is not an array of numbers");
            }
            out[i] = n.floatValue();
        }
        return out;
    }

    private ProviderCallException failure(int status, byte[] body, long retryAfterMs) {
        JsonNode root = tree(body);
        JsonNode error = root == null ? null : root.path("error");
        String message = error == null ? "" : error.isTextual() ? error.textValue() : error.path("message").asText("");
        if (message.isBlank()) {
            message = new String(body, 0, Math.min(body.length, MAX_DETAIL), java.nio.charset.StandardCharsets.UTF_8);
        }
        message = message.length() > MAX_DETAIL ? message.substring(0, MAX_DETAIL) + "..." : message;
        boolean unwell = status == 408 || status == 429 || status >= 500;
        return new ProviderCallException("HTTP " + status + (message.isBlank() ? "" : ": " + message.strip()), false,
                unwell ? HealthStatus.DEGRADED : null, retryAfterMs, unwell ? FailureClass.TRANSIENT
                        : FailureClass.PERSISTENT);
    }

    private JsonNode tree(byte[] body) {
        try {
            return body.length == 0 ? null : mapper.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private static ProviderCallException unreadable(String why) {
        return ProviderCallException.failed("unreadable answer: " + why, HealthStatus.DEGRADED);
    }
}
