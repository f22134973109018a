package io.llmfailover.router.alerts;

import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * A java.net.http client that puts a timeout on every request. camel-telegram sends its requests without one and
 * waits for the answer, so a hung Telegram connection would hold the alert thread forever; given to the telegram
 * component as its {@code client}, this bounds each sendMessage by {@code llm.telegram.timeout}.
 */
public final class BoundedHttpClient extends HttpClient {

    private final HttpClient delegate;
    private final Duration timeout;

    public BoundedHttpClient(Duration connectTimeout, Duration timeout) {
        this.delegate = HttpClient.newBuilder().connectTimeout(connectTimeout).version(Version.HTTP_1_1).build();
        this.timeout = timeout;
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
        return delegate.send(bounded(request), handler);
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        return delegate.sendAsync(bounded(request), handler);
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler,
            HttpResponse.PushPromiseHandler<T> pushPromiseHandler) {
        return delegate.sendAsync(bounded(request), handler, pushPromiseHandler);
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
