package io.llmfailover.router.alerts;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The HTTP client given to the camel-telegram component. It hardens camel-telegram 4.17 in two ways:
 * <ul>
 * <li>every request gets a timeout ({@code llm.telegram.timeout}): camel-telegram sends without one and waits, so a
 * hung connection would hold the alert thread forever;</li>
 * <li>an answer that is not a 2xx with {@code "ok": true} JSON fails the request with a {@link TelegramApiException}
 * (status and Telegram's own body, never the URL): camel-telegram itself would complete the exchange before it
 * reports such an answer, and its error message carries the request URL, which contains the bot token.</li>
 * </ul>
 */
public final class TelegramHttpClient extends HttpClient {

    private static final int MAX_BODY = 64 * 1024;

    private final HttpClient delegate;
    private final Duration timeout;
    private final ObjectMapper mapper;

    public TelegramHttpClient(Duration timeout, ObjectMapper mapper) {
        this.delegate = HttpClient.newBuilder().connectTimeout(timeout).version(Version.HTTP_1_1).build();
        this.timeout = timeout;
        this.mapper = mapper;
    }

    private HttpRequest bounded(HttpRequest request) {
        if (request.timeout().isPresent()) {
            return request;
        }
        return HttpRequest.newBuilder(request, (name, value) -> true).timeout(timeout).build();
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        return checked(delegate.send(bounded(request), handler));
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        return delegate.sendAsync(bounded(request), handler).thenApply(this::checked);
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler,
            HttpResponse.PushPromiseHandler<T> pushPromiseHandler) {
        return delegate.sendAsync(bounded(request), handler, pushPromiseHandler).thenApply(this::checked);
    }

    /** Reads an InputStream body, fails a bad answer, and replays a good one. */
    @SuppressWarnings("unchecked")
    private <T> HttpResponse<T> checked(HttpResponse<T> response) {
        if (!(response.body() instanceof InputStream in)) {
            return response;
        }
        byte[] bytes;
        try (in) {
            bytes = in.readNBytes(MAX_BODY);
        } catch (IOException e) {
            throw new CompletionException(new UncheckedIOException(e));
        }
        String body = new String(bytes, StandardCharsets.UTF_8);
        boolean ok = response.statusCode() >= 200 && response.statusCode() < 300;
        JsonNode json = null;
        try {
            json = mapper.readTree(bytes);
        } catch (IOException notJson) {
            // judged below
        }
        if (!ok || json == null || !json.path("ok").asBoolean(false)) {
            throw new CompletionException(new TelegramApiException(response.statusCode(), json, body));
        }
        return (HttpResponse<T>) new Replayed(response, bytes);
    }

    /** A response whose body stream was read and is served again from memory. */
    private static final class Replayed implements HttpResponse<InputStream> {
        private final HttpResponse<?> original;
        private final byte[] body;

        Replayed(HttpResponse<?> original, byte[] body) {
            this.original = original;
            this.body = body;
        }

        @Override
        public int statusCode() {
            return original.statusCode();
        }

        @Override
        public HttpRequest request() {
            return original.request();
        }

        @Override
        public Optional<HttpResponse<InputStream>> previousResponse() {
            return Optional.empty();
        }

        @Override
        public HttpHeaders headers() {
            return original.headers();
        }

        @Override
        public InputStream body() {
            return new ByteArrayInputStream(body);
        }

        @Override
        public Optional<SSLSession> sslSession() {
            return original.sslSession();
        }

        @Override
        public URI uri() {
            return original.uri();
        }

        @Override
        public Version version() {
            return original.version();
        }
    }

    @Override
    public Optional<CookieHandler> cookieHandler() {
        return delegate.cookieHandler();
    }

    @Override
    public Optional<Duration> connectTimeout() {
        return delegate.connectTimeout();
    }

    @Override
    public Redirect followRedirects() {
        return delegate.followRedirects();
    }

    @Override
    public Optional<ProxySelector> proxy() {
        return delegate.proxy();
    }

    @Override
    public SSLContext sslContext() {
        return delegate.sslContext();
    }

    @Override
    public SSLParameters sslParameters() {
        return delegate.sslParameters();
    }

    @Override
    public Optional<Authenticator> authenticator() {
        return delegate.authenticator();
    }

    @Override
    public Version version() {
        return delegate.version();
    }

    @Override
    public Optional<Executor> executor() {
        return delegate.executor();
    }
}
