package io.llmfailover.router.provider;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmfailover.router.chat.Capabilities;
import io.llmfailover.router.chat.CapabilityMissingException;
import io.llmfailover.router.chat.ChatRequest;
import io.llmfailover.router.chat.ProviderCallException;
import io.llmfailover.router.chat.RequestRefusedException;
import io.llmfailover.router.core.FailureClass;
import io.llmfailover.router.core.HealthStatus;
import io.llmfailover.router.core.PropertyNames;
import io.llmfailover.router.settings.ProviderSettings;
import io.llmfailover.router.settings.StreamSettings;
import io.llmfailover.router.stream.AnswerDecoder;
import io.llmfailover.router.stream.AnswerStream;
import io.llmfailover.router.stream.Cancellation;
import io.llmfailover.router.stream.StreamLimits;
import io.llmfailover.router.stream.UpstreamBody;
import io.llmfailover.router.upstream.UpstreamResponse;
import io.llmfailover.router.util.JsonBytes;
import io.llmfailover.router.util.Texts;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;

/**
 * The computing half of one provider's {@code direct:call-<provider>} route: maps a {@link ChatRequest} to the
 * provider's streaming request, names its fixed headers (the API key), and reads its answer as an
 * {@link AnswerStream} (with the provider's {@link AnswerDecoder}) or a {@link ProviderCallException} that says why
 * the walk must move on.
 */
public abstract class ProviderAdapter {

    private static final int MAX_DETAIL = 300;

    /** Error answers are short; more than this is not read. */
    private static final int MAX_ERROR_BODY = 16 * 1024;

    protected final ObjectMapper mapper;
    protected final ProviderSettings settings;
    private final StreamSettings stream;
    private final Executor routeThreads;
    private final JsonFactory factory;

    /** @param routeThreads where the route goes on after a failure (the next provider's steps): not an event loop */
    protected ProviderAdapter(ObjectMapper mapper, ProviderSettings settings, StreamSettings stream,
            Executor routeThreads) {
        this.mapper = mapper;
        this.settings = settings;
        this.stream = stream;
        this.routeThreads = routeThreads;
        this.factory = mapper.getFactory();
    }

    /**
     * The request body, as UTF-8 JSON bytes (so the call carries a Content-Length); first, a provider whose model
     * cannot serve the request is skipped ({@link #requireCapabilities}), so nothing is sent. One step, not two: the
     * prompt path pays for each route step.
     */
    public final byte[] request(@ExchangeProperty(PropertyNames.REQUEST) ChatRequest request) {
        requireCapabilities(request);
        return body(request);
    }

    /** The provider's request body for this request. */
    protected abstract byte[] body(ChatRequest request);

    /**
     * A provider whose configured model lacks a capability the request needs ({@code llm.<provider>.capabilities})
     * is skipped: nothing is sent. The reason names the model and what it lacks.
     */
    public void requireCapabilities(@ExchangeProperty(PropertyNames.REQUEST) ChatRequest request) {
        if (!request.needsCapabilities()) {
            return; // plain text: every model serves it (the common case, kept cheap)
        }
        List<String> lacking = Capabilities.lacking(request.needs(), settings.capabilities());
        if (!lacking.isEmpty()) {
            throw new CapabilityMissingException(settings.model() + " lacks " + String.join(" and ", lacking));
        }
        if (!takesImageUrls() && request.hasImageUrls()) {
            throw new CapabilityMissingException(settings.provider().id()
                    + " takes images inline only (an http(s) image URL cannot be sent)");
        }
        if (request.tools().offered() && request.tools().choice().forcing() && !forcesToolChoice()) {
            throw new CapabilityMissingException(settings.provider().id()
                    + " cannot be made to call a tool (tool_choice " + (request.tools().choice().function() == null
                    ? "required" : "names a function") + ")");
        }
    }

    /** Whether the API can be told that the model must call a tool (all but Ollama's can). */
    protected boolean forcesToolChoice() { return true; }

    /** Whether the API fetches an image given by URL itself (Anthropic's and OpenAI's forms do). */
    protected boolean takesImageUrls() { return false; }

    /** A provider that needs an API key and has none is skipped: nothing is sent, nothing is counted. */
    public void requireKey() {
        if (settings.needsApiKey() && !settings.hasApiKey()) {
            throw ProviderCallException.skipped("no API key configured (set " + settings.apiKeyVariable() + ")");
        }
    }

    /**
     * The headers sent with every call (the API key among them), added by this provider's {@code UpstreamClient},
     * never put on the exchange: no route, log or caller sees them.
     */
    public Map<String, String> fixedHeaders() {
        Map<String, String> headers = new LinkedHashMap<>();
        if (settings.needsApiKey() && settings.hasApiKey()) {
            setAuthHeaders(headers, settings.apiKey());
        }
        return headers;
    }

    protected void setAuthHeaders(Map<String, String> headers, String apiKey) {
    }

    /**
     * Reads the provider's answer as a stream: the stage completes with its {@link AnswerStream} when the first text
     * comes, or fails with a {@link ProviderCallException} saying why there is none (an error status and its
     * message, an error event, a cut, no first token within {@code llm.stream.first-token-timeout} or the prompt's
     * time budget). A front door's {@code llmCancellation} cancels the call when the client goes away.
     */
    public CompletionStage<AnswerStream> open(@Body UpstreamResponse answer,
            @ExchangeProperty(PropertyNames.REQUEST) ChatRequest request,
            @ExchangeProperty(PropertyNames.TIME_BUDGET_MS) Long budgetMs,
            @ExchangeProperty(PropertyNames.CANCELLATION) Cancellation cancellation) {
        CompletableFuture<AnswerStream> opened = new CompletableFuture<>();
        if (answer.status() == 200) {
            UpstreamBody body = new UpstreamBody(answer.vertx(), answer.context(), answer.body(), answer::reset,
                    answer.sentNanos());
            StreamLimits limits = StreamLimits.of(answer.sentNanos(), stream.firstTokenTimeout().toMillis(),
                    budgetMs == null ? Long.MAX_VALUE : budgetMs, stream.idleTimeout().toMillis());
            AnswerStream s = new AnswerStream(settings.provider().id(), settings.model(), body,
                    request == null ? decoder() : decoder(request), limits);
            if (cancellation != null) {
                cancellation.onCancel(s::cancel);
            }
            s.start().whenComplete((r, e) -> {
                if (e == null) {
                    // the steps up to the commit compute only: they go on at once, on this event loop
                    opened.complete(r);
                } else {
                    // the next provider's steps may block briefly (Redis): not on an event loop
                    routeThreads.execute(() -> opened.completeExceptionally(e));
                }
            });
            return opened;
        }
        long retryAfter = answer.retryAfterMs();
        answer.readSmallBody(MAX_ERROR_BODY).onComplete(read -> routeThreads.execute(() -> opened.completeExceptionally(
                failure(answer.status(), read.succeeded() ? read.result() : new byte[0], retryAfter))));
        return opened;
    }

    /** A new decoder of this provider's streaming format (one per answer). */
    protected abstract AnswerDecoder decoder();

    /** The decoder for this request's answer (an adapter that prefills the answer puts the prefill back). */
    protected AnswerDecoder decoder(ChatRequest request) {
        return decoder();
    }

    /** Why an answer with this (non-200) status is no answer; {@code retryAfterMs}: its Retry-After (0: none). */
    protected ProviderCallException failure(int status, byte[] body, long retryAfterMs) {
        JsonNode root = parse(body);
        String reason = describeError(status, root, body);
        // the kind of error (README, "When a provider fails"): its status, refined by the body (Gemini's bad key is a 400)
        FailureClass kind = reason.startsWith("auth failure") ? FailureClass.AUTH
                : ErrorKinds.classify(status, root == null ? null : text(root.path("error").path("code")), reason);
        if (kind.aboutTheRequest()) {
            return new RequestRefusedException(reason, kind);
        }
        return new ProviderCallException(reason, false, healthImpact(status), retryAfterMs(retryAfterMs, root), kind);
    }

    /** The provider's retry delay: its Retry-After header's, unless its error body says otherwise. */
    protected long retryAfterMs(long header, JsonNode root) { return header; }

    /** The error text of a non-200 answer, in the provider's own error format. */
    protected abstract String errorMessage(JsonNode root);

    /**
     * What an HTTP error says about the provider's health (Ollama's health state; the cloud providers' breakers): a
     * timeout, a rate limit, a server error or an overload says it is unwell; another 4xx is about the request.
     */
    protected HealthStatus healthImpact(int status) {
        return status == 408 || status == 429 || status >= 500 ? HealthStatus.DEGRADED : null;
    }

    protected String describeError(int status, JsonNode root, byte[] body) {
        String message = root == null ? null : errorMessage(root);
        if (message == null || message.isBlank()) {
            message = body == null || body.length == 0 ? "" : Texts.utf8Prefix(body, 400);
        }
        String kind = switch (status) {
            case 401, 403 -> "auth failure, ";
            case 404 -> "not found, ";
            case 408 -> "timeout, ";
            case 429 -> "rate limited, ";
            default -> status >= 500 ? "unavailable, " : "";
        };
        // a provider that echoes the key it was sent does not pass it on to a client, a log or an alert
        String detail = settings.hasApiKey() ? shorten(message.replace(settings.apiKey(), "***")) : shorten(message);
        return kind + "HTTP " + status + (detail.isEmpty() ? "" : ": " + detail);
    }

    /** A request body written straight to JSON bytes (so the call carries a Content-Length). */
    protected byte[] json(JsonBytes.Writer writer) {
        return JsonBytes.write(factory, 256, writer);
    }

    protected JsonNode parse(byte[] body) {
        try {
            return body == null || body.length == 0 ? null : mapper.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    protected static String text(JsonNode node) {
        return node == null || node.isMissingNode() || node.isNull() ? null : node.asText();
    }

    protected static String shorten(String s) {
        return Texts.oneLine(s, MAX_DETAIL);
    }

    protected static String normaliseOpenAiFinish(String reason) {
        if (reason == null) {
            return "stop";
        }
        return switch (reason) {
            case "length", "content_filter", "tool_calls" -> reason;
            case "function_call" -> "tool_calls";
            default -> "stop";
        };
    }
}
