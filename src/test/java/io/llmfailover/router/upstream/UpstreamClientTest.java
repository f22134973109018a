package io.llmfailover.router.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The upstream client against a real HTTP server on a loopback socket, with one pooled connection so that a second
 * call takes the first one's connection.
 */
class UpstreamClientTest {

    private Vertx vertx;
    private HttpServer server;
    private final List<HttpServerRequest> held = new CopyOnWriteArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final CompletableFuture<Void> secondArrived = new CompletableFuture<>();

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        // the first call is answered whole at once; the second is held until the test lets it go
        server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(b -> {
            if (requests.incrementAndGet() == 1) {
                req.response().putHeader("Content-Type", "text/event-stream").end("data: {\"done\":true}\n\n");
            } else {
                held.add(req);
                secondArrived.complete(null);
            }
        })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void cancellingAnAnswerThatHasArrivedWholeLeavesTheNextCallOnItsConnectionAlone() throws Exception {
        assertThat(UnfinishedReset.available()).as("this Vert.x says whether an answer has ended").isTrue();
        UpstreamClient client = new UpstreamClient(vertx, "test", Map.of(), 1);
        String url = "http://127.0.0.1:" + server.actualPort() + "/v1/messages";
        // the first answer arrives whole while the router's reader is paused (as a stream not yet read is)
        UpstreamResponse first = client.post(url, "{}".getBytes(), 5000, 5000, null).toCompletionStage()
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
        // the connection went back to the pool when its last byte came: the second call is sent on it
        CompletableFuture<UpstreamResponse> second = client.post(url, "{}".getBytes(), 5000, 5000, null)
                .toCompletionStage().toCompletableFuture();
        secondArrived.get(10, TimeUnit.SECONDS);
        // the router now gives up on the first answer (say its client went away)
        first.reset();
        vertx.runOnContext(v -> held.get(0).response().end("data: {\"second\":true}\n\n"));
        UpstreamResponse answer = second.get(10, TimeUnit.SECONDS);
        assertThat(answer.status()).as("the second call is answered, not cut by the first one's cancellation")
                .isEqualTo(200);
        assertThat(requests.get()).as("the server was called once per call: nothing was sent again").isEqualTo(2);
        client.close();
    }
}
