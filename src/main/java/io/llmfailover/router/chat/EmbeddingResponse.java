package io.llmfailover.router.chat;

import java.util.List;

/**
 * What {@code direct:embed} answers: one vector per input, in the inputs' order, all from one endpoint (one
 * provider) of one embedding model; vectors of different endpoints are never mixed in one answer.
 *
 * @param provider     the provider that answered (its id)
 * @param model        the embedding model that made the vectors
 * @param vectors      one per input
 * @param promptTokens the tokens the provider counted (0 when it did not say)
 * @param attempts     each provider tried before it and why it did not answer ({@code "<id>: <reason>"})
 * @param durationNs   how long the whole walk took, in nanoseconds
 */
public record EmbeddingResponse(String provider, String model, List<float[]> vectors, long promptTokens,
        List<String> attempts, long durationNs) {

    public EmbeddingResponse {
        vectors = List.copyOf(vectors);
        attempts = List.copyOf(attempts);
    }

    /** The same answer with the walk's attempts and duration. */
    public EmbeddingResponse walked(List<String> walkAttempts, long walkNs) {
        return new EmbeddingResponse(provider, model, vectors, promptTokens, walkAttempts, walkNs);
    }
}
