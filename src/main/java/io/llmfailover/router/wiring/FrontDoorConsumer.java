package io.llmfailover.router.wiring;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

import io.llmfailover.router.core.PropertyNames;
import io.llmfailover.router.stream.Cancellation;
import io.llmfailover.router.stream.ReplySink;
import io.llmfailover.router.stream.StreamedReply;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpConsumer;
import org.apache.camel.spi.HeaderFilterStrategy;

/**
 * A front door's consumer that holds no thread while a prompt waits for its provider, and writes a streamed reply as
 * it comes.
 * <p>
 * Camel is in the way here: platform-http-vertx runs each request's route on a Vert.x worker thread and waits there,
 * synchronously, until the whole reply exists; then it writes it. For answers that take seconds, and streams that
 * take minutes, that is one blocked thread per prompt in flight, and no way to send a token before the last. So this
 * consumer starts the route asynchronously ({@code llmStepThreads}: at once on the event loop, or on a route thread
 * when Redis is configured); the route gives its thread back at each upstream call (the {@code upstream:} component)
 * and goes on when the provider answers. The reply is written when the route is
 * done: a body of bytes at once, or a {@link StreamedReply} (a streamed answer), which is started after the status
 * and headers and then writes itself as the tokens come. A client that goes away cancels the exchange's
 * {@code llmCancellation}: the upstream call in flight is cancelled, and no further provider is tried.
 * See docs/streaming.md.
 */
final class FrontDoorConsumer extends VertxPlatformHttpConsumer {

    private final Executor routeThreads;

    FrontDoorConsumer(PlatformHttpEndpoint endpoint, Processor processor, List<Handler<RoutingContext>> handlers,
            String routerName, Executor routeThreads) {
        super(endpoint, processor, handlers, routerName);
        this.routeThreads = routeThreads;
    }

    @Override
    protected void handleRequest(RoutingContext ctx) {
        if (isSuspended()) {
            ctx.response().setStatusCode(503).end();
            return;
        }
        Context loop = Vertx.currentContext();
        Exchange exchange = createExchange(false);
        exchange.setPattern(ExchangePattern.InOut);
        Cancellation cancellation = new Cancellation();
        exchange.setProperty(PropertyNames.CANCELLATION, cancellation);
        ctx.response().closeHandler(v -> cancellation.cancel());
        processHttpRequest(exchange, ctx).onComplete(read -> {
            if (read.failed()) {
                ctx.fail(read.cause());
                done(exchange);
                return;
            }
            routeThreads.execute(() -> {
                try {
                    createUoW(exchange);
                } catch (Exception e) {
                    exchange.setException(e);
                }
                try {
                    getAsyncProcessor().process(exchange, sync -> {
                        if (exchange.getMessage().getBody() instanceof StreamedReply) {
                            // the first token waits: start at once, on the thread it came on (the response's
                            // methods are thread-safe; its writes go through its own event loop)
                            reply(ctx, exchange, cancellation);
                        } else {
                            loop.runOnContext(v -> reply(ctx, exchange, cancellation));
                        }
                    });
                } catch (RuntimeException | Error e) {
                    // a route that throws instead of failing the exchange: the client still gets an answer
                    exchange.setException(e instanceof Exception ex ? ex : new IllegalStateException(e));
                    loop.runOnContext(v -> reply(ctx, exchange, cancellation));
                }
            });
        });
    }

    private void reply(RoutingContext ctx, Exchange exchange, Cancellation cancellation) {
        HttpServerResponse response = ctx.response();
        Message message = exchange.getMessage();
        Exception failure = exchange.getException();
        Object body = failure == null ? message.getBody() : null;
        if (response.closed() || response.ended()) {
            if (body instanceof StreamedReply streamed) {
                streamed.clientGone();
            }
            done(exchange);
            return;
        }
        if (failure != null) {
            getExceptionHandler().handleException("Failed handling " + getEndpoint().getPath(), exchange, failure);
            response.setStatusCode(500).end();
            done(exchange);
            return;
        }
        response.setStatusCode(message.getHeader(Exchange.HTTP_RESPONSE_CODE, 200, Integer.class));
        HeaderFilterStrategy filter = getEndpoint().getHeaderFilterStrategy();
        for (Map.Entry<String, Object> h : message.getHeaders().entrySet()) {
            if (h.getValue() != null && (filter == null
                    || !filter.applyFilterToCamelHeaders(h.getKey(), h.getValue(), exchange))) {
                response.putHeader(h.getKey(), String.valueOf(h.getValue()));
            }
        }
        // platform-http's header filter keeps Content-Type out of the headers it copies: it is set on its own
        String contentType = message.getHeader(Exchange.CONTENT_TYPE, String.class);
        if (contentType != null) {
            response.putHeader("Content-Type", contentType);
        }
        if (body instanceof StreamedReply streamed) {
            response.setChunked(true);
            response.closeHandler(v -> {
                cancellation.cancel();
                streamed.clientGone();
            });
            done(exchange);
            streamed.start(new Sink(response));
            return;
        }
        response.end(bytes(exchange, body));
        done(exchange);
    }

    private static Buffer bytes(Exchange exchange, Object body) {
        if (body == null) {
            return Buffer.buffer();
        }
        if (body instanceof ByteBuffer bb) {
            byte[] b = new byte[bb.remaining()];
            bb.duplicate().get(b);
            return Buffer.buffer(b);
        }
        if (body instanceof byte[] b) {
            return Buffer.buffer(b);
        }
        if (body instanceof String s) {
            return Buffer.buffer(s.getBytes(StandardCharsets.UTF_8));
        }
        byte[] b = exchange.getContext().getTypeConverter().tryConvertTo(byte[].class, exchange, body);
        return Buffer.buffer(b == null ? new byte[0] : b);
    }

    private void done(Exchange exchange) {
        doneUoW(exchange);
        releaseExchange(exchange, false);
    }

    /** The client's HTTP response, as a streamed reply writes it. */
    private record Sink(HttpServerResponse response) implements ReplySink {

        @Override
        public void write(byte[] bytes) {
            if (!response.closed() && !response.ended()) {
                response.write(Buffer.buffer(bytes));
            }
        }

        @Override
        public boolean writable() {
            return !response.writeQueueFull();
        }

        @Override
        public void onDrain(Runnable action) {
            response.drainHandler(v -> action.run());
        }

        @Override
        public void end() {
            if (!response.closed() && !response.ended()) {
                response.end();
            }
        }
    }
}
