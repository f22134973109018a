package io.llmfailover.router.dispatch;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import io.llmfailover.router.chat.EmbeddingRequest;
import io.llmfailover.router.chat.EmbeddingResponse;
import io.llmfailover.router.chat.EmbeddingsUnavailableException;
import io.llmfailover.router.chat.InvalidChatRequestException;
import io.llmfailover.router.chat.ProviderCallException;
import io.llmfailover.router.health.ProviderBreakers;
import io.llmfailover.router.provider.EmbeddingWire;
import io.llmfailover.router.settings.LiveSettings;
import io.llmfailover.router.settings.ProviderCatalog;
import io.llmfailover.router.settings.ProviderSettings;
import io.llmfailover.router.upstream.UpstreamResponse;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;

/**
 * The computing half of {@code direct:embed} (routes/embeddings.camel.yaml): plans a walk along the endpoints of
 * the one embedding model asked for, in the catalogue's order, and walks it: an endpoint whose breaker is open or
 * that lacks a key it needs is skipped, a failure moves on to the next endpoint of the same model, never to another
 * model; when none answers, an {@link EmbeddingsUnavailableException} lists each attempt. Thread-safe.
 */
public final class Embeddings {

    /** The exchange property holding the {@link EmbeddingWalk}. */
    public static final String WALK = "llmEmbedWalk";

    private final LiveSettings live;
    private final ProviderBreakers breakers;
    private final EmbeddingWire wire;

    public Embeddings(LiveSettings live, ProviderBreakers breakers, EmbeddingWire wire) {
        this.live = live;
        this.breakers = breakers;
        this.wire = wire;
    }

    /**
     * The walk for this request: the endpoints that declare the model asked for (or, for a provider id, that
     * provider's embedding model: that provider first, then the others of the same model).
     *
     * @throws InvalidChatRequestException (param {@code model}) for a model no provider declares, naming those declared
     */
    public EmbeddingWalk plan(@Body Object body) {
        if (!(body instanceof EmbeddingRequest request)) {
            throw new InvalidChatRequestException("direct:embed takes an EmbeddingRequest, not "
                    + (body == null ? "nothing" : body.getClass().getSimpleName()), "input");
        }
        ProviderCatalog catalog = live.providers();
        String asked = request.model().strip();
        String model = asked;
        ProviderSettings named = catalog.byId().get(asked);
        if (named != null && named.embeddingModel() != null && declared(catalog).get(asked) == null) {
            model = named.embeddingModel();
        }
        List<ProviderSettings> endpoints = new ArrayList<>();
        if (named != null && model.equals(named.embeddingModel())) {
            endpoints.add(named);
        }
        for (ProviderSettings s : catalog.all()) {
            if (model.equals(s.embeddingModel()) && !endpoints.contains(s)) {
                endpoints.add(s);
            }
        }
        if (endpoints.isEmpty()) {
            Map<String, List<String>> declared = declared(catalog);
            throw new InvalidChatRequestException("model '" + (asked.length() > 64 ? asked.substring(0, 64) + "..."
                    : asked) + "' is no embedding model a provider declares (" + (declared.isEmpty()
                    ? "none declares one: set llm.providers.<id>.embedding-model"
                    : "declared: " + describe(declared)) + ")", "model", "model_not_found");
        }
        return new EmbeddingWalk(request, model, endpoints);
    }

    /** Each declared embedding model with the providers that serve it, in the catalogue's order. */
    static Map<String, List<String>> declared(ProviderCatalog catalog) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (ProviderSettings s : catalog.all()) {
            if (s.embeddingModel() != null) {
                out.computeIfAbsent(s.embeddingModel(), m -> new ArrayList<>()).add(s.provider().id());
            }
        }
        return out;
    }

    private static String describe(Map<String, List<String>> declared) {
        StringBuilder b = new StringBuilder();
        declared.forEach((m, ids) -> b.append(b.isEmpty() ? "" : ", ").append(m).append(" (")
                .append(String.join(", ", ids)).append(')'));
        return b.toString();
    }

    /** The id of the next endpoint to call, or null when none is left. */
    public String next(@ExchangeProperty(WALK) EmbeddingWalk walk) {
        ProviderSettings s = walk.advance();
        return s == null ? null : s.provider().id();
    }

    /**
     * The current endpoint's request bytes; first an open breaker or a missing key skips it (nothing is sent).
     *
     * @throws ProviderCallException (skipped) for an endpoint that is not called
     */
    public byte[] request(@ExchangeProperty(WALK) EmbeddingWalk walk) {
        ProviderSettings s = walk.current();
        if (s.needsApiKey() && !s.hasApiKey()) {
            throw ProviderCallException.skipped("no API key configured (set " + s.apiKeyVariable() + ")");
        }
        breakers.allow(s.provider().id());
        walk.breakerPassed();
        return wire.body(s, walk.request());
    }

    /**
     * The {@code upstream:} endpoint of the current endpoint's embedding API, with its client (and key); the answer
     * may take up to {@code llm.request-timeout}.
     */
    public String uri(@ExchangeProperty(WALK) EmbeddingWalk walk) {
        ProviderSettings s = walk.current();
        return "upstream:" + EmbeddingWire.url(s) + "?client=#" + s.provider().id() + "Upstream&connectTimeout="
                + s.connectTimeout().toMillis() + "&responseTimeout=" + live.get().general().requestTimeout().toMillis();
    }

    /** Reads the answer: the vectors, or the reason there are none. */
    public CompletionStage<EmbeddingResponse> read(@Body UpstreamResponse answer,
            @ExchangeProperty(WALK) EmbeddingWalk walk) {
        return wire.read(answer, walk.current(), walk.request().inputs().size());
    }

    /** The current endpoint answered: the walk ends (the body becomes null: no next endpoint). */
    public Object answered(@Body EmbeddingResponse answer, @ExchangeProperty(WALK) EmbeddingWalk walk) {
        breakers.succeeded(walk.current().provider().id());
        walk.answered(answer);
        return null;
    }

    /** The current endpoint failed or was skipped: its reason is kept; answers the next endpoint's id, or null. */
    public String failed(@ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception e,
            @ExchangeProperty(WALK) EmbeddingWalk walk) {
        String reason = reason(e);
        walk.attempt(reason);
        if (walk.isBreakerPassed()) {
            String id = walk.current().provider().id();
            if (e instanceof ProviderCallException pce && pce.getHealthImpact() == null) {
                breakers.neutral(walk.current().provider());
            } else {
                breakers.failed(id, reason, e instanceof ProviderCallException pce ? pce.getRetryAfterMs() : 0);
            }
        }
        return next(walk);
    }

    private static String reason(Throwable e) {
        if (e instanceof ProviderCallException) {
            return (((ProviderCallException) e).isSkipped() ? "skipped: " : "") + e.getMessage();
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    /**
     * The answer of the endpoint that answered.
     *
     * @throws EmbeddingsUnavailableException when none did, naming the model and each attempt's reason
     */
    public EmbeddingResponse finish(@ExchangeProperty(WALK) EmbeddingWalk walk) {
        if (walk.answer() != null) {
            return walk.answer();
        }
        throw new EmbeddingsUnavailableException("no endpoint of embedding model '" + walk.model() + "' answered ("
                + String.join("; ", walk.attempts()) + "); vectors of another model are never given instead");
    }
}
