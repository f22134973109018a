package io.llmfailover.router.frontdoor;

import java.util.Map;

import io.llmfailover.router.chat.ChatResponse;

/** The headers every chat answer carries, whichever door it came through. */
final class ReplyHeaders {

    private ReplyHeaders() {
    }

    static void put(Map<String, Object> headers, ChatResponse resp, String contentType) {
        headers.put("X-LLM-Provider", resp.provider());
        headers.put("X-LLM-Model", resp.model());
        headers.put("X-LLM-Attempts", resp.attempts().size());
        headers.put("Content-Type", contentType);
    }
}
