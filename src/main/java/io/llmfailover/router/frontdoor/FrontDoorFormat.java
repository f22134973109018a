package io.llmfailover.router.frontdoor;

import java.util.Map;

import io.llmfailover.router.chat.ChatRequest;
import io.llmfailover.router.chat.ChatResponse;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Headers;

/** What the OpenAI and Ollama doors share: handing the request to direct:chat and the reply headers. */
public abstract class FrontDoorFormat {

    /** What goes to {@code direct:chat}: the parsed request's ChatRequest. */
    public ChatRequest chat(@ExchangeProperty("llmFrontDoorRequest") FrontDoorRequest req) {
        return req.chat();
    }

    /**
     * Sets the reply headers of a chat answer: {@code X-LLM-Provider}, {@code X-LLM-Model} (the model that
     * answered), {@code X-LLM-Attempts} (how many providers were tried) and {@code Content-Type}.
     */
    public void replyHeaders(@ExchangeProperty("llmFrontDoorRequest") FrontDoorRequest req, @Body ChatResponse resp,
            @Headers Map<String, Object> headers) {
        ReplyHeaders.put(headers, resp, contentType(req));
    }

    /** The reply's Content-Type for this request. */
    public abstract String contentType(@ExchangeProperty("llmFrontDoorRequest") FrontDoorRequest req);
}
