package io.llmfailover.router.upstream;

import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * One provider's HTTP client, on the router's Vert.x event loops: no thread waits for an answer, and a stream of
 * minutes costs a connection, not a thread. It adds the provider's fixed headers (its API key among them) to every
 * call, so the key is never an exchange header; {@link #toString()} names the headers, never their values.
 * <ul>
 * <li>The connection pool is not a limit to size by hand: up to {@link #MAX_CONNECTIONS} connections per upstream
 * host (one per call in flight), kept alive for reuse.</li>
 * <li>No retries (the walk along the chain is the retry), no redirects (an API root that redirects is misconfigured,
 * and following it would resend the key), no cookies, no compression.</li>
 * <li>TLS with the JVM's trusted certificates, host name verification and SNI.</li>
 * </ul>
 */
public final class UpstreamClient implements AutoCloseable {

    /** Connections per upstream host: far above any real number of answers in flight through one router. */
    public static final int MAX_CONNECTIONS = 32_768;

    private final Vertx vertx;
    private final HttpClient client;
    private final MultiMap headers;
    private final String name;

    public UpstreamClient(Vertx vertx, String name, Map<String, String> fixedHeaders) {
        this(vertx, name, fixedHeaders, MAX_CONNECTIONS);
    }

    /** As the public constructor, with at most {@code maxConnections} per upstream host (tests: one, to reuse it). */
    UpstreamClient(Vertx vertx, String name, Map<String, String> fixedHeaders, int maxConnections) {
        this.vertx = vertx;
        this.name = name;
        this.headers = MultiMap.caseInsensitiveMultiMap().addAll(fixedHeaders).set("Content-Type", "application/json");
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setName("llm-upstream-" + name)
                .setKeepAlive(true)
                .setKeepAliveTimeout(60)
                .setPipelining(false)
                .setTryUseCompression(false)
                .setDecompressionSupported(false)
                .setVerifyHost(true)
                .setForceSni(true), new PoolOptions().setHttp1MaxSize(maxConnections).setMaxWaitQueueSize(-1));
    }

    /**
     * POSTs the body; the future completes with the answer's head (the body paused), or fails: connection refused or
     * not made within {@code connectTimeoutMs}, no answer head within {@code responseTimeoutMs}. {@code onCancel}
     * (may be null) is given the action that cancels the call, for a client that goes away meanwhile.
     */
    public Future<UpstreamResponse> post(String url, byte[] body, long connectTimeoutMs, long responseTimeoutMs,
            Consumer<Runnable> onCancel) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(url)
                .setConnectTimeout(connectTimeoutMs).setFollowRedirects(false).setHeaders(headers);
        Promise<UpstreamResponse> answer = Promise.promise();
        long sent = System.nanoTime();
        client.request(options).onComplete(requested -> {
            if (requested.failed()) {
                answer.fail(requested.cause());
                return;
            }
            HttpClientRequest request = requested.result();
            if (onCancel != null) {
                onCancel.accept(() -> UnfinishedReset.reset(request, new CancellationException("the client went away")));
            }
            long timer = vertx.setTimer(Math.max(1, responseTimeoutMs), id -> UnfinishedReset.reset(request,
                    new TimeoutException("no answer within " + responseTimeoutMs + " ms")));
            request.response().onComplete(responded -> {
                vertx.cancelTimer(timer);
                if (responded.failed()) {
                    answer.fail(responded.cause());
                } else {
                    responded.result().pause();
                    answer.complete(new UpstreamResponse(vertx, request, responded.result(), sent));
                }
            });
            request.end(Buffer.buffer(body));
        });
        return answer.future();
    }

    @Override
    public void close() {
        client.close();
    }

    @Override
    public String toString() {
        return "UpstreamClient[" + name + ", headers " + headers.names() + "]";
    }
}
