package io.llmfailover.router.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * The floor of the streaming benchmark: the least any HTTP relay can add on this machine. A bare Vert.x pass-through
 * (no parsing, no routing, no decoding: each request is POSTed to the stub as it came, and the answer's chunks are
 * written back as they come) on its own Vert.x with the router's transport settings (native epoll when available).
 * What it adds to the time to first token is the cost of the two extra loopback hops and the relay's event loop
 * wake-ups, which every router pays; the router's own cost is what it adds above this.
 */
final class BareRelay implements AutoCloseable {

    private final Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
    private final HttpServer server;

    BareRelay(String upstream) {
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
                new PoolOptions().setHttp1MaxSize(32_768).setMaxWaitQueueSize(-1));
        server = vertx.createHttpServer().requestHandler(in -> in.body().onSuccess(body -> client
                .request(new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(upstream + in.uri())
                        .putHeader("Content-Type", "application/json"))
                .onSuccess(out -> {
                    out.response().onSuccess(answer -> {
                        in.response().setStatusCode(answer.statusCode()).setChunked(true)
                                .putHeader("Content-Type", answer.getHeader("Content-Type"));
                        answer.handler(chunk -> in.response().write(chunk));
                        answer.endHandler(v -> in.response().end());
                    }).onFailure(e -> in.response().setStatusCode(502).end());
                    out.end(body);
                }).onFailure(e -> in.response().setStatusCode(502).end())));
        StubUpstreams.await(server.listen(0, "127.0.0.1"));
    }

    String url() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    @Override
    public void close() {
        StubUpstreams.await(vertx.close());
    }
}
