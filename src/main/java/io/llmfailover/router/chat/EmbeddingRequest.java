package io.llmfailover.router.chat;

import java.util.List;

/**
 * What {@code direct:embed} takes: the embedding model asked for (or a provider id, meaning that provider's
 * embedding model) and the texts to embed, one vector each, in order.
 *
 * @param model      an embedding model some provider declares ({@code llm.providers.<id>.embedding-model}) or a
 *                   provider id
 * @param inputs     the texts, at least one, none empty
 * @param dimensions the vector size asked for (models that can shorten their vectors), or null
 * @throws InvalidChatRequestException naming the field when one is missing or wrong
 */
public record EmbeddingRequest(String model, List<String> inputs, Integer dimensions) {

    /** Most texts one request may embed (OpenAI's limit too). */
    public static final int MAX_INPUTS = 2048;

    public EmbeddingRequest {
        if (model == null || model.isBlank()) {
            throw new InvalidChatRequestException("model is required (an embedding model or a provider id)", "model");
        }
        if (inputs == null || inputs.isEmpty()) {
            throw new InvalidChatRequestException("input is required: a string or a non-empty array of strings",
                    "input");
        }
        if (inputs.size() > MAX_INPUTS) {
            throw new InvalidChatRequestException("input has " + inputs.size() + " items (at most " + MAX_INPUTS + ")",
                    "input");
        }
        for (int i = 0; i < inputs.size(); i++) {
            String text = inputs.get(i);
            String field = inputs.size() == 1 ? "input" : "input[" + i + "]";
            if (text == null) {
                throw new InvalidChatRequestException(field + " must be a string", field);
            }
            if (text.isEmpty()) {
                throw new InvalidChatRequestException(field + " must not be empty", field);
            }
        }
        if (dimensions != null && dimensions < 1) {
            throw new InvalidChatRequestException("dimensions must be a positive integer", "dimensions");
        }
        inputs = List.copyOf(inputs);
    }

    /** One text, no dimensions asked. */
    public static EmbeddingRequest of(String model, String... inputs) {
        return new EmbeddingRequest(model, List.of(inputs), null);
    }
}
