package io.llmfailover.router.dispatch;

import java.util.concurrent.CompletionStage;

import io.llmfailover.router.chat.ChatRequest;

/**
 * Runs {@code direct:walk-chain} (routes/chat.camel.yaml) for a walk that is already under way: how a cut stream is
 * continued by the next provider with the same route, attempts and rules as the first call. Wired in
 * {@code wiring/PromptBeans}.
 */
public interface ChainWalk {

    /**
     * Walks on along the state's untried providers with this request; completes when the walk is over (the state
     * then holds the answer, or none).
     */
    CompletionStage<Void> walk(ChatRequest request, DispatchState state);
}
