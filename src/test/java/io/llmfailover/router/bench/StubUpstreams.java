package io.llmfailover.router.bench;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import io.llmfailover.router.support.FreePorts;
import io.llmfailover.router.support.OllamaStub;
import io.llmfailover.router.support.StreamBodies;
import io.llmfailover.router.support.Upstreams;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/**
 * A fast, non-blocking stub of the four upstream APIs on 127.0.0.1, one port per API (so Ollama can be killed
 * alone), answering with the exact bodies of docs/wire-formats.md (the same bodies as
 * {@link io.llmfailover.router.support.Upstreams}):
 * <ul>
 * <li>Ollama: {@code POST /api/chat}, {@code GET /api/tags}, {@code POST /api/generate} (a probe answer that
 * classifies HEALTHY: 290 tokens in 4.709 s)</li>
 * <li>Gemini: {@code POST /v1beta/models/<model>:generateContent} (or the documented 429 while
 * {@link #gemini429(boolean)} is on)</li>
 * <li>NVIDIA: {@code POST /v1/chat/completions}</li>
 * <li>Anthropic: {@code POST /v1/messages}</li>
 * </ul>
 * Controllable from the harness: a delay per API (chat calls only; probes stay fast), {@link #kill(Api)} (stop the
 * listener and close its connections) and {@link #restart(Api)} on the same port, and counters of chat calls per
 * API.
 */
public final class StubUpstreams implements AutoCloseable {

    public enum Api {
        OLLAMA, GEMINI, NVIDIA, CLAUDE
    }

    /** How Gemini answers its chat calls: normally, or with a 429 saying how long to wait in one of its ways. */
    public enum Gemini429 {
        /** no 429: the answer */
        OFF,
        /** the documented 429 RESOURCE_EXHAUSTED with {@code RetryInfo.retryDelay: 15s} in its body */
        RETRY_DELAY,
        /** a 429 RESOURCE_EXHAUSTED saying nothing about when to come back (no RetryInfo, no Retry-After) */
        NO_DELAY,
        /** a 429 RESOURCE_EXHAUSTED without RetryInfo but with the HTTP header {@code Retry-After: 5} */
        RETRY_AFTER_HEADER
    }

    static final String JSON = "application/json; charset=utf-8";

    static final Buffer OLLAMA_CHAT = Buffer.buffer("{\"model\":\"llama3.2:3b\",\"created_at\":\"2023-08-04T19:22:45.499127Z\","
            + "\"message\":{\"role\":\"assistant\",\"content\":\"Ollama says hi.\"},"
            + "\"done\":true,\"done_reason\":\"stop\",\"total_duration\":5043500667,\"load_duration\":5025959,"
            + "\"prompt_eval_count\":26,\"prompt_eval_duration\":325953000,\"eval_count\":290,"
            + "\"eval_duration\":4709213000}");
    static final Buffer OLLAMA_GENERATE = Buffer.buffer("{\"model\":\"" + OllamaStub.MODEL + "\","
            + "\"created_at\":\"2023-08-04T19:22:45.499127Z\",\"response\":\"ok\",\"done\":true,\"done_reason\":\"stop\","
            + "\"context\":[1,2,3],\"total_duration\":5043500667,\"load_duration\":5025959,\"prompt_eval_count\":26,"
            + "\"prompt_eval_duration\":325953000,\"eval_count\":290,\"eval_duration\":4709213000}");
    static final Buffer OLLAMA_TAGS = Buffer.buffer("{\"models\":[{\"name\":\"" + OllamaStub.MODEL + "\",\"model\":\""
            + OllamaStub.MODEL + "\",\"modified_at\":\"2025-05-04T17:37:44.706015396-07:00\",\"size\":2019393189,"
            + "\"digest\":\"a80c4f17acd55265feec403c7aef86be0c25983ab279d83f3bcd3abbcb5b8b72\","
            + "\"details\":{\"parent_model\":\"\",\"format\":\"gguf\",\"family\":\"llama\","
            + "\"families\":[\"llama\"],\"parameter_size\":\"3.2B\",\"quantization_level\":\"Q4_K_M\"}}]}");
    static final Buffer GEMINI_OK = Buffer.buffer("{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Gemini says hi.\"}],"
            + "\"role\":\"model\"},\"finishReason\":\"STOP\",\"safetyRatings\":[{\"category\":\"HARM_CATEGORY_HATE_SPEECH\","
            + "\"probability\":\"NEGLIGIBLE\"}],\"avgLogprobs\":-0.0487}],"
            + "\"usageMetadata\":{\"promptTokenCount\":7,\"candidatesTokenCount\":22,\"totalTokenCount\":29,"
            + "\"promptTokensDetails\":[{\"modality\":\"TEXT\",\"tokenCount\":7}],"
            + "\"candidatesTokensDetails\":[{\"modality\":\"TEXT\",\"tokenCount\":22}]},"
            + "\"modelVersion\":\"gemini-2.0-flash\"}");
    static final Buffer GEMINI_429 = Buffer.buffer(Upstreams.GEMINI_429);
    static final Buffer GEMINI_429_PLAIN = Buffer.buffer("{\"error\":{\"code\":429,\"message\":\"Resource has been "
            + "exhausted (e.g. check quota).\",\"status\":\"RESOURCE_EXHAUSTED\"}}");
    static final Buffer NVIDIA_OK = Buffer.buffer("{\"id\":\"chatcmpl-7d3c0d6e-1f2a-4b0e-9a55-0c2f1d7a8b9c\","
            + "\"object\":\"chat.completion\",\"created\":1726012687,\"model\":\"nvidia/nemotron-mini-4b-instruct\","
            + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Nemotron says hi.\","
            + "\"reasoning_content\":null},\"logprobs\":null,\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":13,"
            + "\"completion_tokens\":5,\"total_tokens\":18}}");
    static final Buffer CLAUDE_OK = Buffer.buffer("{\"id\":\"msg_01ATtd6A2FAsaFDNqzGKiy5c\",\"type\":\"message\","
            + "\"role\":\"assistant\",\"model\":\"claude-haiku-4-5-20251001\",\"content\":[{\"type\":\"text\","
            + "\"text\":\"Claude says hi.\"}],\"stop_reason\":\"end_turn\",\"stop_sequence\":null,"
            + "\"usage\":{\"input_tokens\":16,\"output_tokens\":35}}");
    // the streams the router asks for (every provider is called with its streaming API): the same answers
    static final Buffer GEMINI_STREAM = Buffer.buffer(StreamBodies.body(StreamBodies.Api.GEMINI, "Gemini says hi."));
    static final Buffer NVIDIA_STREAM = Buffer.buffer(StreamBodies.body(StreamBodies.Api.NVIDIA, "Nemotron says hi."));
    static final Buffer CLAUDE_STREAM = Buffer.buffer(StreamBodies.body(StreamBodies.Api.CLAUDE, "Claude says hi."));
    static final Buffer NOT_FOUND = Buffer.buffer("{\"error\":\"not found\"}");

    /** One API: its port, listeners, open connections, delay and counters. */
    final class Endpoint {
        final Api api;
        final int port;
        final List<HttpServer> servers = new ArrayList<>();
        final Set<HttpConnection> connections = ConcurrentHashMap.newKeySet();
        final LongAdder chatCalls = new LongAdder();
        final LongAdder errorReplies = new LongAdder();
        volatile long delayMs;
        volatile boolean up;
        /** Arrival times (System.nanoTime) of chat calls while {@link #recordArrivals} is on. */
        final List<Long> arrivals = new ArrayList<>();
        /** Arrival times of the chat calls answered with an error (Gemini's 429), while recording; same lock. */
        final List<Long> errorArrivals = new ArrayList<>();
        volatile boolean recordArrivals;

        Endpoint(Api api, int port) {
            this.api = api;
            this.port = port;
        }
    }

    private final Vertx vertx;
    private final int instances;
    private final Map<Api, Endpoint> endpoints = new EnumMap<>(Api.class);
    private volatile Gemini429 gemini429 = Gemini429.OFF;
    private volatile int streamTokens;
    private volatile long streamGapMs;

    /**
     * @param instances listener instances per API (Vert.x spreads a port's connections over them, one event loop
     *                  each)
     */
    public StubUpstreams(Vertx vertx, int instances) {
        this.vertx = vertx;
        this.instances = instances;
        for (Api api : Api.values()) {
            endpoints.put(api, new Endpoint(api, FreePorts.next()));
        }
        for (Api api : Api.values()) {
            await(restart(api));
        }
    }

    public int port(Api api) {
        return endpoints.get(api).port;
    }

    public String url(Api api) {
        return "http://127.0.0.1:" + port(api);
    }

    /** Delay before each chat answer of this API (0 = answer at once). */
    public void delay(Api api, long ms) {
        endpoints.get(api).delayMs = ms;
    }

    /**
     * Ollama's {@code /api/chat} streams this many tokens this far apart (NDJSON, then the done line); 0 = one
     * line at once, as before.
     */
    public void streamTokens(int tokens, long gapMs) {
        streamGapMs = gapMs;
        streamTokens = tokens;
    }

    /** Gemini answers its documented 429 RESOURCE_EXHAUSTED (with {@code retryDelay: 15s}) while on. */
    public void gemini429(boolean on) {
        gemini429 = on ? Gemini429.RETRY_DELAY : Gemini429.OFF;
    }

    /** Gemini answers its chat calls this way from now on. */
    public void gemini429(Gemini429 mode) {
        gemini429 = mode;
    }

    public long chatCalls(Api api) {
        return endpoints.get(api).chatCalls.sum();
    }

    public long errorReplies(Api api) {
        return endpoints.get(api).errorReplies.sum();
    }

    public boolean isUp(Api api) {
        return endpoints.get(api).up;
    }

    /** Starts (or stops) recording the arrival time of every chat call of this API; starting clears the list. */
    public void recordArrivals(Api api, boolean on) {
        Endpoint e = endpoints.get(api);
        synchronized (e.arrivals) {
            if (on) {
                e.arrivals.clear();
                e.errorArrivals.clear();
            }
            e.recordArrivals = on;
        }
    }

    /** The recorded arrival times (System.nanoTime) of this API's chat calls, or of those answered with an error. */
    public List<Long> arrivals(Api api, boolean errorsOnly) {
        Endpoint e = endpoints.get(api);
        synchronized (e.arrivals) {
            return new ArrayList<>(errorsOnly ? e.errorArrivals : e.arrivals);
        }
    }

    /** Chat calls of this API that arrived at or after the given System.nanoTime (arrival recording must be on). */
    public long arrivalsSince(Api api, long nanos) {
        Endpoint e = endpoints.get(api);
        synchronized (e.arrivals) {
            return e.arrivals.stream().filter(t -> t >= nanos).count();
        }
    }

    /**
     * Like a crash: every open connection is closed at once (in-flight calls see the connection close, a request
     * arriving meanwhile too), then the listener stops, so new connections are refused.
     */
    public void kill(Api api) {
        Endpoint e = endpoints.get(api);
        e.up = false;
        List<Future<Void>> closing = new ArrayList<>();
        for (HttpConnection c : e.connections) {
            closing.add(c.close());
        }
        for (HttpServer s : e.servers) {
            closing.add(s.close());
        }
        e.servers.clear();
        await(Future.join(new ArrayList<>(closing)));
        e.connections.clear();
    }

    /** Listens again on the API's port (no-op when it is up). */
    public Future<Void> restart(Api api) {
        Endpoint e = endpoints.get(api);
        if (e.up) {
            return Future.succeededFuture();
        }
        List<Future<HttpServer>> listening = new ArrayList<>();
        for (int i = 0; i < instances; i++) {
            HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(e.port)
                    .setTcpNoDelay(true).setReuseAddress(true).setIdleTimeout(0));
            server.connectionHandler(c -> {
                e.connections.add(c);
                c.closeHandler(v -> e.connections.remove(c));
            });
            server.requestHandler(req -> req.body().onComplete(ar -> handle(e, req)));
            e.servers.add(server);
            listening.add(server.listen());
        }
        return Future.all(new ArrayList<>(listening)).map(v -> {
            e.up = true;
            return null;
        });
    }

    /** Restarts the API's listener when it is down, and waits until it listens. */
    public void ensureUp(Api api) {
        await(restart(api));
    }

    private void handle(Endpoint e, HttpServerRequest req) {
        if (!e.up) {
            req.connection().close();
            return;
        }
        String path = req.path();
        boolean post = req.method() == HttpMethod.POST;
        switch (e.api) {
            case OLLAMA -> {
                if (post && "/api/chat".equals(path) && streamTokens > 0) {
                    streamChat(e, req);
                } else if (post && "/api/chat".equals(path)) {
                    chat(e, req, 200, OLLAMA_CHAT);
                } else if (post && "/api/generate".equals(path)) {
                    reply(req, 200, OLLAMA_GENERATE);
                } else if ("/api/tags".equals(path)) {
                    reply(req, 200, OLLAMA_TAGS);
                } else {
                    reply(req, 404, NOT_FOUND);
                }
            }
            case GEMINI -> {
                boolean streamed = path.endsWith(":streamGenerateContent");
                if (post && path.startsWith("/v1beta/models/") && (streamed || path.endsWith(":generateContent"))) {
                    Gemini429 mode = gemini429;
                    if (mode != Gemini429.OFF) {
                        e.errorReplies.increment();
                        if (e.recordArrivals) {
                            long now = System.nanoTime();
                            synchronized (e.arrivals) {
                                e.errorArrivals.add(now);
                            }
                        }
                        if (mode == Gemini429.RETRY_AFTER_HEADER) {
                            req.response().putHeader("Retry-After", "5");
                        }
                        chat(e, req, 429, mode == Gemini429.RETRY_DELAY ? GEMINI_429 : GEMINI_429_PLAIN);
                    } else {
                        chat(e, req, 200, streamed ? GEMINI_STREAM : GEMINI_OK);
                    }
                } else {
                    reply(req, 404, NOT_FOUND);
                }
            }
            case NVIDIA -> {
                if (post && "/v1/chat/completions".equals(path)) {
                    chat(e, req, 200, NVIDIA_STREAM);
                } else {
                    reply(req, 404, NOT_FOUND);
                }
            }
            case CLAUDE -> {
                if (post && "/v1/messages".equals(path)) {
                    chat(e, req, 200, CLAUDE_STREAM);
                } else {
                    reply(req, 404, NOT_FOUND);
                }
            }
            default -> reply(req, 404, NOT_FOUND);
        }
    }

    private void chat(Endpoint e, HttpServerRequest req, int status, Buffer body) {
        e.chatCalls.increment();
        if (e.recordArrivals) {
            long now = System.nanoTime();
            synchronized (e.arrivals) {
                e.arrivals.add(now);
            }
        }
        long delay = e.delayMs;
        if (delay <= 0) {
            reply(req, status, body);
        } else {
            vertx.setTimer(delay, id -> reply(req, status, body));
        }
    }

    private void streamChat(Endpoint e, HttpServerRequest req) {
        e.chatCalls.increment();
        int tokens = streamTokens;
        long gap = Math.max(1, streamGapMs);
        HttpServerResponse res = req.response().setStatusCode(200).setChunked(true)
                .putHeader("Content-Type", "application/x-ndjson");
        vertx.setTimer(gap, new io.vertx.core.Handler<Long>() {
            private int sent;

            @Override
            public void handle(Long id) {
                if (res.closed() || res.ended()) {
                    return;
                }
                if (sent < tokens) {
                    res.write(STREAM_TOKEN.copy());
                    sent++;
                    vertx.setTimer(gap, this);
                } else {
                    res.end(STREAM_DONE.copy());
                }
            }
        });
    }

    static final Buffer STREAM_TOKEN = Buffer.buffer(StreamBodies.piece(StreamBodies.Api.OLLAMA, " token"));
    static final Buffer STREAM_DONE = Buffer.buffer(StreamBodies.closing(StreamBodies.Api.OLLAMA, -1).get(0));

    private static void reply(HttpServerRequest req, int status, Buffer body) {
        if (req.response().closed() || req.response().ended()) {
            return;
        }
        req.response().setStatusCode(status).putHeader("Content-Type", JSON).end(body);
    }

    static <T> T await(Future<T> f) {
        try {
            return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception ex) {
            throw new IllegalStateException("stub operation failed: " + ex, ex);
        }
    }

    @Override
    public void close() {
        for (Api api : Api.values()) {
            try {
                kill(api);
            } catch (RuntimeException ignored) {
                // closing anyway
            }
        }
    }
}
