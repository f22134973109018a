package io.llmfailover.router.dispatch;

import java.util.ArrayList;
import java.util.List;

import io.llmfailover.router.chat.EmbeddingRequest;
import io.llmfailover.router.chat.EmbeddingResponse;
import io.llmfailover.router.settings.ProviderSettings;

/**
 * One embedding request's walk along the endpoints of its one embedding model ({@code direct:embed}, exchange
 * property {@code llmEmbedWalk}): which are left, which is being called, each attempt's reason, the answer. Only
 * endpoints of {@link #model} are ever in it. Used by one exchange at a time.
 */
public final class EmbeddingWalk {

    private final EmbeddingRequest request;
    private final String model;
    private final List<ProviderSettings> endpoints;
    private final List<String> attempts = new ArrayList<>();
    private final long startNs = System.nanoTime();
    private int next;
    private ProviderSettings current;
    private boolean breakerPassed;
    private EmbeddingResponse answer;

    EmbeddingWalk(EmbeddingRequest request, String model, List<ProviderSettings> endpoints) {
        this.request = request;
        this.model = model;
        this.endpoints = List.copyOf(endpoints);
    }

    public EmbeddingRequest request() {
        return request;
    }

    /** The embedding model every endpoint of this walk serves. */
    public String model() {
        return model;
    }

    public List<ProviderSettings> endpoints() {
        return endpoints;
    }

    /** The next endpoint to call (it becomes {@link #current}), or null when none is left. */
    ProviderSettings advance() {
        current = next < endpoints.size() ? endpoints.get(next++) : null;
        breakerPassed = false;
        return current;
    }

    ProviderSettings current() {
        return current;
    }

    void breakerPassed() {
        breakerPassed = true;
    }

    /** True when the current endpoint's breaker let the call through (so its outcome must be reported). */
    boolean isBreakerPassed() {
        return breakerPassed;
    }

    void attempt(String reason) {
        attempts.add(current.provider().id() + ": " + reason);
    }

    List<String> attempts() {
        return attempts;
    }

    void answered(EmbeddingResponse r) {
        answer = r.walked(attempts, System.nanoTime() - startNs);
    }

    EmbeddingResponse answer() {
        return answer;
    }
}
