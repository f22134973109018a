package io.llmfailover.router.chat;

/**
 * No endpoint of the embedding model asked for could answer (each was down, failed, skipped by its breaker or
 * without its key). The message names the model and each attempt's reason; the doors answer 503. Vectors of another
 * model are never given instead.
 */
public class EmbeddingsUnavailableException extends RuntimeException {

    public EmbeddingsUnavailableException(String message) {
        super(message, null, false, false);
    }
}
