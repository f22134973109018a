package io.llmfailover.router.frontdoor;

import io.llmfailover.router.chat.ChatRequest;

/**
 * A request as a front door understood it.
 *
 * @param chat           what goes to {@code direct:chat}
 * @param stream         whether the client asked for a streamed answer (SSE for OpenAI, NDJSON for Ollama)
 * @param includeUsage   OpenAI {@code stream_options.include_usage}: send a usage chunk before {@code [DONE]}
 * @param requestedModel the {@code model} the client sent (accepted whatever it says)
 * @param kind           which door
 */
public record FrontDoorRequest(ChatRequest chat, boolean stream, boolean includeUsage, String requestedModel,
        Kind kind) {

    public enum Kind {
        OPENAI_CHAT,
        OLLAMA_CHAT,
        OLLAMA_GENERATE
    }
}
