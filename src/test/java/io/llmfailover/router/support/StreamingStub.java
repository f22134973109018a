package io.llmfailover.router.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/**
 * An upstream LLM API faked at the wire over a real loopback socket, streaming its answers the way the real one does:
 * in its own format ({@link StreamBodies}), one event at a time with a delay between them, and able to go wrong after
 * N pieces of text: cut the connection, stall, send an error event, send an unreadable event, or end without its
 * terminator. It can also continue an answer from an assistant prefill, as Anthropic, Ollama and Gemini do.
 */
public final class StreamingStub implements AutoCloseable {

    /** How the stream ends after {@link Script#after} pieces. */
    public enum Ending { COMPLETE, CUT, STALL, ERROR, MALFORMED, NO_TERMINATOR }

    /**
     * One answer.
     *
     * @param status  the HTTP status (an error status sends {@code errorBody} as JSON and nothing else)
     * @param pieces  the text, piece by piece
     * @param delayMs between events
     * @param after   how many pieces go out before the ending (all of them for COMPLETE)
     */
    public record Script(int status, String errorBody, List<String> pieces, long delayMs, int after, Ending ending) {

        public static Script complete(String text, long delayMs) {
            List<String> p = StreamBodies.pieces(text);
            return new Script(200, null, p, delayMs, p.size(), Ending.COMPLETE);
        }

        public static Script failing(String text, long delayMs, int after, Ending ending) {
            return new Script(200, null, StreamBodies.pieces(text), delayMs, after, ending);
        }

        public static Script status(int status, String body) {
            return new Script(status, body, List.of(), 0, 0, Ending.COMPLETE);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final StreamBodies.Api api;
    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    private final Map<String, Function<JsonNode, Script>> behaviours = new ConcurrentHashMap<>();
    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger closedEarly = new AtomicInteger();
    private final AtomicInteger completed = new AtomicInteger();
    private final AtomicInteger open = new AtomicInteger();

    public StreamingStub(StreamBodies.Api api) {
        this.api = api;
        this.server = vertx.createHttpServer().connectionHandler(c -> {
            open.incrementAndGet();
            c.closeHandler(v -> open.decrementAndGet());
        }).requestHandler(this::handle);
        try {
            server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    /** Every request answers with this script. */
    public StreamingStub answer(Script script) {
        behaviours.put("*", body -> script);
        return this;
    }

    /** Every request answers with what the function makes of its JSON body. */
    public StreamingStub answer(Function<JsonNode, Script> behaviour) {
        behaviours.put("*", behaviour);
        return this;
    }

    /**
     * Continues this text from the request's assistant prefill (the last assistant message): streams what follows
     * the prefill, as a model continuing its own turn does. Without a prefill it streams the whole text.
     */
    public StreamingStub continuing(String text, long delayMs) {
        return answer(body -> {
            String prefill = prefill(body);
            return Script.complete(prefill == null ? text : text.substring(prefill.length()), delayMs);
        });
    }

    /** The request bodies received, in order. */
    public List<JsonNode> requests() {
        return requests;
    }

    /** Streams whose connection the other side closed before the stub had finished. */
    public int closedEarly() {
        return closedEarly.get();
    }

    /** Connections open to the stub now. */
    public int openConnections() {
        return open.get();
    }

    public int completed() {
        return completed.get();
    }

    /** The text of the last assistant message (the prefill) in a request in this API's shape, or null. */
    public String prefill(JsonNode body) {
        JsonNode list = api == StreamBodies.Api.GEMINI ? body.path("contents") : body.path("messages");
        if (list.size() == 0) {
            return null;
        }
        JsonNode last = list.get(list.size() - 1);
        String role = last.path("role").asText();
        if (!role.equals("assistant") && !role.equals("model")) {
            return null;
        }
        return api == StreamBodies.Api.GEMINI ? last.at("/parts/0/text").asText() : last.path("content").asText();
    }

    private void handle(HttpServerRequest req) {
        if (api == StreamBodies.Api.OLLAMA && req.path().equals("/api/tags")) {
            // the health probe: the model is pulled ...
            req.response().putHeader("Content-Type", "application/json").end("{\"models\":[{\"name\":\"llama3.2:3b\","
                    + "\"model\":\"llama3.2:3b\",\"size\":2019393189}]}");
            return;
        }
        if (api == StreamBodies.Api.OLLAMA && req.path().equals("/api/generate")) {
            // ... and generates at 61.6 tokens/s
            req.body().onSuccess(b -> req.response().putHeader("Content-Type", "application/json").end(
                    "{\"model\":\"llama3.2:3b\",\"created_at\":\"2023-08-04T19:22:45.499127Z\",\"response\":\"ok\","
                            + "\"done\":true,\"done_reason\":\"stop\",\"total_duration\":5043500667,\"load_duration\":5025959,"
                            + "\"prompt_eval_count\":26,\"prompt_eval_duration\":325953000,\"eval_count\":290,"
                            + "\"eval_duration\":4709213000}"));
            return;
        }
        req.body().onSuccess(buffer -> {
            JsonNode body;
            try {
                body = JSON.readTree(buffer.getBytes());
            } catch (Exception e) {
                req.response().setStatusCode(400).end();
                return;
            }
            requests.add(body);
            Script script = behaviours.getOrDefault("*", b -> Script.complete("Hello from the stub.", 0)).apply(body);
            HttpServerResponse res = req.response();
            if (script.status() != 200) {
                res.setStatusCode(script.status()).putHeader("Content-Type", "application/json")
                        .end(script.errorBody() == null ? "" : script.errorBody());
                return;
            }
            res.setStatusCode(200).setChunked(true).putHeader("Content-Type",
                    api == StreamBodies.Api.OLLAMA ? "application/x-ndjson" : "text/event-stream");
            List<String> events = plan(script);
            res.closeHandler(v -> {
                if (!res.ended()) {
                    closedEarly.incrementAndGet();
                }
            });
            for (String e : StreamBodies.opening(api)) {
                res.write(e);
            }
            send(res, events, 0, script);
        });
    }

    /** The events after the opening ones, up to the ending. */
    private List<String> plan(Script s) {
        List<String> events = new ArrayList<>();
        for (int i = 0; i < Math.min(s.after(), s.pieces().size()); i++) {
            events.add(StreamBodies.piece(api, s.pieces().get(i)));
        }
        switch (s.ending()) {
            case COMPLETE -> events.addAll(StreamBodies.closing(api, s.pieces().size()));
            case ERROR -> events.add(StreamBodies.error(api));
            case MALFORMED -> {
                events.add(StreamBodies.malformed(api));
                for (int i = s.after(); i < s.pieces().size(); i++) {
                    events.add(StreamBodies.piece(api, s.pieces().get(i)));
                }
                events.addAll(StreamBodies.closing(api, s.pieces().size()));
            }
            case NO_TERMINATOR -> {
                List<String> closing = StreamBodies.closing(api, s.pieces().size());
                events.addAll(closing.subList(0, closing.size() - 1));
            }
            default -> {
                // CUT and STALL: nothing after the pieces
            }
        }
        return events;
    }

    private void send(HttpServerResponse res, List<String> events, int next, Script s) {
        if (res.closed()) {
            return;
        }
        if (next == events.size()) {
            switch (s.ending()) {
                case CUT -> res.reset();
                case STALL -> { }
                default -> {
                    completed.incrementAndGet();
                    res.end();
                }
            }
            return;
        }
        Runnable write = () -> {
            if (!res.closed()) {
                res.write(Buffer.buffer(events.get(next)));
                send(res, events, next + 1, s);
            }
        };
        if (s.delayMs() <= 0) {
            write.run();
        } else {
            vertx.setTimer(s.delayMs(), id -> write.run());
        }
    }

    @Override
    public void close() {
        vertx.close();
    }

    /** A stub per provider, keyed by provider id (ollama, gemini, nemotron, claude). */
    public static Map<String, StreamingStub> forEveryProvider() {
        Map<String, StreamingStub> stubs = new java.util.LinkedHashMap<>();
        stubs.put("ollama", new StreamingStub(StreamBodies.Api.OLLAMA));
        stubs.put("gemini", new StreamingStub(StreamBodies.Api.GEMINI));
        stubs.put("nemotron", new StreamingStub(StreamBodies.Api.NVIDIA));
        stubs.put("claude", new StreamingStub(StreamBodies.Api.CLAUDE));
        return stubs;
    }

    /**
     * Router properties pointing every provider at its stub, with API keys, one probe to recover, and every provider
     * in the chain while Ollama is healthy, in the order ollama, gemini, nemotron, claude.
     */
    public static Map<String, String> routerProperties(Map<String, StreamingStub> stubs) {
        Map<String, String> p = new java.util.HashMap<>();
        p.put("llm.ollama.url", stubs.get("ollama").url());
        p.put("llm.gemini.base-url", stubs.get("gemini").url());
        p.put("llm.nemotron.base-url", stubs.get("nemotron").url());
        p.put("llm.claude.base-url", stubs.get("claude").url());
        p.put("llm.gemini.api-key", Upstreams.GEMINI_KEY);
        p.put("llm.nemotron.api-key", Upstreams.NVIDIA_KEY);
        p.put("llm.claude.api-key", Upstreams.CLAUDE_KEY);
        p.put("llm.health.recovery-probes", "1");
        p.put("llm.routing.healthy", "ollama,gemini,nemotron,claude");
        return p;
    }
}
