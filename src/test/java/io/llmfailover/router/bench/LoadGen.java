package io.llmfailover.router.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * A non-blocking, closed-loop HTTP load generator on Vert.x: N virtual users, each with its own keep-alive
 * connection, each sending its next request when the previous answer has fully arrived. Latency is measured from
 * the send to the last byte of the answer and recorded in an HdrHistogram (nanoseconds, 3 significant digits).
 * A closed loop does not correct for coordinated omission: at saturation it measures service time under the
 * concurrency, which is what "latency at concurrency N" means here.
 */
public final class LoadGen implements AutoCloseable {

    /** One request as the client saw it. */
    public record Sample(long sendNanos, long latencyNanos, int status, String provider, int attempts) {
        boolean ok() {
            return status == 200;
        }

        long doneNanos() {
            return sendNanos + latencyNanos;
        }

        /** The prompt touched Ollama: Ollama answered, or it paid a failed attempt before another provider did. */
        boolean touchedOllama() {
            return "ollama".equals(provider) || attempts > 1;
        }
    }

    /** What one run measured. */
    public static final class Run {
        public final Histogram histogram;
        public final long ok;
        public final long failed;
        public final long startNanos;
        public final long endNanos;
        public final List<Sample> samples;
        public final Map<String, Long> providers;
        public final Map<String, Long> errors;

        Run(Histogram histogram, long ok, long failed, long startNanos, long endNanos, List<Sample> samples,
                Map<String, Long> providers, Map<String, Long> errors) {
            this.histogram = histogram;
            this.ok = ok;
            this.failed = failed;
            this.startNanos = startNanos;
            this.endNanos = endNanos;
            this.samples = samples;
            this.providers = providers;
            this.errors = errors;
        }

        public double seconds() {
            return (endNanos - startNanos) / 1e9;
        }

        public double rps() {
            return (ok + failed) / seconds();
        }
    }

    private record Reply(int status, String provider, int attempts, Buffer body) {
    }

    /**
     * Told of every answer as it completes (on a Vert.x event loop: keep it short): the sample, and the answer's body
     * ({@code null} when there was none: a connection error, a timeout, a body cut off) or the error.
     */
    @FunctionalInterface
    public interface Listener {
        void answered(Sample sample, Buffer body, Throwable error);
    }

    private static final int MAX_ERROR_KINDS = 20;

    private final Vertx vertx;
    private final HttpClient client;
    private final int port;

    public LoadGen(Vertx vertx, int port, int maxConnections) {
        this.vertx = vertx;
        this.port = port;
        this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true)
                .setPipelining(false).setConnectTimeout(10_000).setIdleTimeout(0),
                new PoolOptions().setHttp1MaxSize(maxConnections).setMaxWaitQueueSize(-1));
    }

    /**
     * Runs {@code concurrency} virtual users until {@code durationNanos} has passed or {@code maxRequests} requests
     * were sent (0 = no limit). {@code concurrency} users with {@code maxRequests == concurrency} is a burst: every
     * request in flight at once.
     */
    public Run closedLoop(String path, Buffer body, int concurrency, long durationNanos, long maxRequests,
            boolean keepSamples) {
        return closedLoop(path, body, concurrency, durationNanos, maxRequests, keepSamples, null);
    }

    /** {@link #closedLoop(String, Buffer, int, long, long, boolean)}, telling {@code listener} of every answer. */
    public Run closedLoop(String path, Buffer body, int concurrency, long durationNanos, long maxRequests,
            boolean keepSamples, Listener listener) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(port)
                .setURI(path).putHeader("Content-Type", "application/json").setIdleTimeout(180_000);
        Recorder recorder = new Recorder(3);
        LongAdder ok = new LongAdder();
        LongAdder failed = new LongAdder();
        AtomicLong issued = new AtomicLong();
        Map<String, LongAdder> providers = new ConcurrentHashMap<>();
        Map<String, LongAdder> errors = new ConcurrentHashMap<>();
        CountDownLatch done = new CountDownLatch(concurrency);
        List<List<Sample>> perUser = new ArrayList<>(concurrency);
        long start = System.nanoTime();
        long deadline = durationNanos <= 0 ? Long.MAX_VALUE : start + durationNanos;
        long[] lastDone = new long[concurrency];
        for (int i = 0; i < concurrency; i++) {
            List<Sample> mine = keepSamples ? new ArrayList<>() : null;
            perUser.add(mine);
            int userIndex = i;
            Context ctx = vertx.getOrCreateContext();
            ctx.runOnContext(v -> new Object() {
                void next() {
                    long now = System.nanoTime();
                    if (now >= deadline || (maxRequests > 0 && issued.incrementAndGet() > maxRequests)) {
                        lastDone[userIndex] = now;
                        done.countDown();
                        return;
                    }
                    long t0 = now;
                    client.request(options)
                            .compose(req -> req.send(body))
                            .compose(resp -> resp.body().map(b -> new Reply(resp.statusCode(),
                                    resp.getHeader("X-LLM-Provider"), attempts(resp.getHeader("X-LLM-Attempts")),
                                    listener == null ? null : b)))
                            .onComplete(ar -> {
                                long latency = System.nanoTime() - t0;
                                if (ar.succeeded()) {
                                    Reply r = ar.result();
                                    if (r.status == 200) {
                                        ok.increment();
                                        recorder.recordValue(latency);
                                    } else {
                                        failed.increment();
                                        count(errors, "HTTP " + r.status);
                                    }
                                    count(providers, r.provider == null ? (r.status == 200 ? "(direct)" : "(none)")
                                            : r.provider);
                                    Sample sample = new Sample(t0, latency, r.status, r.provider, r.attempts);
                                    if (mine != null) {
                                        mine.add(sample);
                                    }
                                    if (listener != null) {
                                        listener.answered(sample, r.body, null);
                                    }
                                } else {
                                    failed.increment();
                                    count(errors, ar.cause().getClass().getSimpleName() + ": " + ar.cause().getMessage());
                                    Sample sample = new Sample(t0, latency, 0, null, 0);
                                    if (mine != null) {
                                        mine.add(sample);
                                    }
                                    if (listener != null) {
                                        listener.answered(sample, null, ar.cause());
                                    }
                                }
                                next();
                            });
                }
            }.next());
        }
        try {
            long waitMs = (durationNanos > 0 ? durationNanos / 1_000_000 : 0) + 300_000;
            if (!done.await(waitMs, TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("load run did not finish within " + waitMs + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        long end = 0;
        for (long t : lastDone) {
            end = Math.max(end, t);
        }
        List<Sample> samples = new ArrayList<>();
        if (keepSamples) {
            perUser.forEach(samples::addAll);
            samples.sort((a, b) -> Long.compare(a.sendNanos, b.sendNanos));
        }
        return new Run(recorder.getIntervalHistogram(), ok.sum(), failed.sum(), start, end, samples, sums(providers),
                sums(errors));
    }

    private static int attempts(String header) {
        if (header == null) {
            return 0;
        }
        try {
            return Integer.parseInt(header.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void count(Map<String, LongAdder> map, String key) {
        if (map.size() < MAX_ERROR_KINDS || map.containsKey(key)) {
            map.computeIfAbsent(key, k -> new LongAdder()).increment();
        }
    }

    private static Map<String, Long> sums(Map<String, LongAdder> map) {
        Map<String, Long> out = new TreeMap<>();
        map.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    @Override
    public void close() {
        StubUpstreams.await(client.close());
    }
}
