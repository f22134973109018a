package io.llmfailover.router.metrics;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import io.llmfailover.router.events.PrimaryChangedEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import org.apache.camel.Body;

/**
 * The router's own Micrometer meters (Prometheus names in brackets):
 * <ul>
 * <li>{@code llm.failover.triggered} {from_provider,to_provider} ({@code llm_failover_triggered_total})</li>
 * <li>{@code llm.current.primary.is.ollama} ({@code llm_current_primary_is_ollama}, 1/0)</li>
 * <li>{@code llm.ollama.health.state} ({@code llm_ollama_health_state}: 0 healthy, 1 slow, 2 degraded, 3 offline)</li>
 * <li>{@code llm.endpoint.health.state} ({@code llm_endpoint_health_state{provider}}: the same per self-hosted endpoint)</li>
 * <li>{@code llm_gemini_daily_call_count} (see {@link #geminiDailyCallCount}), {@code llm.gemini.daily.quota}</li>
 * <li>{@code llm.quota.gate.errors} ({@code llm_quota_gate_errors_total})</li>
 * <li>{@code llm.provider.requests} {provider,outcome} ({@code llm_provider_requests_total})</li>
 * <li>{@code llm.provider.latency} {provider} ({@code llm_provider_latency_seconds}, a histogram)</li>
 * <li>{@code llm.alerts} {type,outcome} ({@code llm_alerts_total})</li>
 * </ul>
 */
public final class RouterMetrics {

    private final MeterRegistry registry;
    private final ConcurrentHashMap<String, Counter> counters = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Timer> timers = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, DistributionSummary> speeds = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Map<String, Counter>> attempts = new ConcurrentHashMap<>();
    private final Counter gateErrors;

    public RouterMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.gateErrors = Counter.builder("llm.quota.gate.errors")
                .description("Gemini quota gate checks that failed closed because Redis failed").register(registry);
    }

    /**
     * {@code llm_gemini_daily_call_count}: Gemini calls allowed today. promtool rejects a gauge whose name ends in
     * {@code _count}, so with the Prometheus registry it is served as a summary family {@code llm_gemini_daily_call}
     * ({@code _count} and {@code _sum} both hold today's calls, resetting at the start of the quota day); elsewhere
     * it is a plain gauge. No sample is served while the counter cannot be read.
     */
    public void geminiDailyCallCount(LongSupplier calls) {
        if (registry instanceof PrometheusMeterRegistry prometheus) {
            prometheus.getPrometheusRegistry().register(new Collector() {
                @Override
                public MetricSnapshot collect() {
                    long n = calls.getAsLong();
                    SummarySnapshot.Builder snapshot = SummarySnapshot.builder().name("llm_gemini_daily_call")
                            .help("Gemini calls allowed today (quota day in llm.quota.zone); _count and _sum are that number");
                    if (n >= 0) {
                        snapshot.dataPoint(SummarySnapshot.SummaryDataPointSnapshot.builder().count(n).sum(n).build());
                    }
                    return snapshot.build();
                }

                @Override
                public String getPrometheusName() {
                    return "llm_gemini_daily_call";
                }
            });
        } else {
            gauge("llm.gemini.daily.call.count", "Gemini calls allowed today (-1 when the counter cannot be read)",
                    calls::getAsLong);
        }
    }

    /** {@code llm_provider_breaker_state{provider}}: 0 closed, 1 open (skipped), 2 half open (the next prompt tries it). */
    public void breakerState(String provider, Supplier<Number> state) {
        Gauge.builder("llm.provider.breaker.state", state)
                .description("A cloud provider's breaker: 0 closed, 1 open (skipped), 2 half open (the next prompt tries it)")
                .tag("provider", provider).register(registry);
    }

    /**
     * {@code llm_endpoint_health_state{provider}}: each self-hosted endpoint's health (the local primary's too), 0
     * healthy, 1 slow, 2 degraded, 3 offline (NaN once a reload removed it). Registering one twice is harmless.
     */
    public void endpointHealthState(String provider, Supplier<Number> state) {
        Gauge.builder("llm.endpoint.health.state", state)
                .description("A self-hosted endpoint's health: 0 healthy, 1 slow, 2 degraded, 3 offline")
                .tag("provider", provider).register(registry);
    }

    /**
     * A provider's day and totals: {@code llm_provider_spend_today{provider}} (this instance's answers at the
     * configured prices), {@code llm_provider_tokens_total{provider,direction}} (input, output: as the providers
     * reported them), and, for a provider with a quota, {@code llm_provider_daily_calls{provider}} and
     * {@code llm_provider_daily_tokens{provider}} (counted today, -1 when the store cannot be read).
     */
    public <T> void providerSpend(String provider, T ledger, java.util.function.ToDoubleFunction<T> spendToday,
            java.util.function.ToDoubleFunction<T> in, java.util.function.ToDoubleFunction<T> out) {
        Gauge.builder("llm.provider.spend.today", ledger, spendToday).strongReference(true)
                .description("Spend today at the configured prices").tag("provider", provider).register(registry);
        for (String d : new String[] {"input", "output"}) {
            io.micrometer.core.instrument.FunctionCounter.builder("llm.provider.tokens", ledger, d.equals("input") ? in : out)
                    .description("Tokens the provider's answers used, as it reported them").tag("provider", provider)
                    .tag("direction", d).register(registry);
        }
    }

    /** {@code llm_provider_daily_calls} or {@code llm_provider_daily_tokens} of a provider with that quota. */
    public void providerQuotaCount(String what, String provider, Supplier<Number> count) {
        Gauge.builder("llm.provider.daily." + what, count).description("Counted today against the provider's daily "
                + what + " quota (-1 when the store cannot be read)").tag("provider", provider).register(registry);
    }

    /** Registers a gauge read from the given supplier at each scrape. */
    public void gauge(String name, String description, Supplier<Number> value) {
        Gauge.builder(name, value).description(description).register(registry);
    }

    public void primaryChanged(@Body PrimaryChangedEvent event) {
        failover(event.from(), event.to());
    }

    public void failover(String from, String to) {
        counters.computeIfAbsent("failover|" + from + "|" + to, k -> Counter.builder("llm.failover.triggered")
                .description("Changes of the effective primary provider").tag("from_provider", from)
                .tag("to_provider", to).register(registry)).increment();
    }

    /**
     * Prompts per task with a matrix of its own, {@code llm_routing_task_prompts_total{task}} (the tasks are the
     * configured ones, so the label stays bounded), and prompts naming a task without one,
     * {@code llm_routing_unknown_task_prompts_total}.
     */
    public void tasks(Supplier<Map<String, Long>> perTask, LongSupplier unknown, Iterable<String> configured) {
        FunctionCounter.builder("llm.routing.unknown.task.prompts", unknown, LongSupplier::getAsLong)
                .description("Prompts naming a task without a matrix of its own").register(registry);
        taskCounts = perTask;
        configured.forEach(this::task);
    }

    /** Registers the per-task counter of a configured task (at startup and after a reload). */
    public void task(String task) {
        FunctionCounter.builder("llm.routing.task.prompts", this,
                m -> m.taskCounts == null ? 0 : m.taskCounts.get().getOrDefault(task, 0L))
                .description("Prompts per task with a matrix of its own").tag("task", task).register(registry);
    }

    private volatile Supplier<Map<String, Long>> taskCounts;

    /** A configuration reload: {@code llm_config_reloads_total{outcome=applied|refused|failed}}. */
    public void configReload(String outcome) {
        counters.computeIfAbsent("reload|" + outcome, k -> Counter.builder("llm.config.reloads")
                .description("Configuration reloads (file changed, or JMX reloadConfiguration) by outcome")
                .tag("outcome", outcome).register(registry)).increment();
    }

    public void quotaGateError() {
        gateErrors.increment();
    }

    /** One provider attempt: outcome success, failed or skipped; the duration counts only when a call was made. */
    /** One failed attempt, by its kind (README, "When a provider fails"): {@code llm_provider_failures_total}. */
    public void providerFailure(String provider, String kind) {
        counters.computeIfAbsent("failure|" + provider + "|" + kind, k -> Counter.builder("llm.provider.failures")
                .description("Failed provider attempts by kind of error").tag("provider", provider).tag("class", kind)
                .register(registry)).increment();
    }

    public void providerAttempt(String provider, String outcome, long durationMs) {
        // every prompt comes here: two look-ups on constant strings, no key built
        Map<String, Counter> byOutcome = attempts.get(provider);
        if (byOutcome == null) {
            byOutcome = attempts.computeIfAbsent(provider, p -> new ConcurrentHashMap<>());
        }
        Counter counter = byOutcome.get(outcome);
        if (counter == null) {
            counter = byOutcome.computeIfAbsent(outcome, o -> Counter.builder("llm.provider.requests")
                    .description("Provider attempts by outcome").tag("provider", provider).tag("outcome", o)
                    .register(registry));
        }
        counter.increment();
        if (!"skipped".equals(outcome)) {
            Timer timer = timers.get(provider);
            (timer != null ? timer : timers.computeIfAbsent(provider, p -> Timer.builder("llm.provider.latency")
                    .description("Duration of provider calls").tag("provider", p)
                    .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                    .maximumExpectedValue(Duration.ofMinutes(2)).register(registry)))
                    .record(durationMs, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * One streamed answer ended: its outcome ({@code completed}, {@code cut}, {@code stalled}, {@code error},
     * {@code malformed}, {@code client_gone}, {@code timed_out}), its time to first token, and its speed.
     */
    public void stream(String provider, String outcome, long firstTokenNanos, double tokensPerSecond) {
        counters.computeIfAbsent("stream|" + provider + "|" + outcome, k -> Counter.builder("llm.stream.outcomes")
                .description("Streamed answers by provider and outcome").tag("provider", provider)
                .tag("outcome", outcome).register(registry)).increment();
        if (firstTokenNanos > 0) {
            timers.computeIfAbsent("ttft|" + provider, k -> Timer.builder("llm.provider.time.to.first.token")
                    .description("From the request sent to a provider to its first token").tag("provider", provider)
                    .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                    .maximumExpectedValue(Duration.ofMinutes(2)).register(registry))
                    .record(firstTokenNanos, TimeUnit.NANOSECONDS);
        }
        if (tokensPerSecond > 0) {
            speeds.computeIfAbsent(provider, p -> DistributionSummary.builder("llm.provider.tokens.per.second")
                    .description("Generation speed of streamed answers, tokens per second").tag("provider", p)
                    .register(registry)).record(tokensPerSecond);
        }
    }

    /** One alert: outcome sent, failed, skipped (no token) or deduplicated. */
    public void alert(String type, String outcome) {
        counters.computeIfAbsent("alert|" + type + "|" + outcome, k -> Counter.builder("llm.alerts")
                .description("Telegram alerts by type and outcome").tag("type", type).tag("outcome", outcome)
                .register(registry)).increment();
    }

    /** The current value of a counter (0 when it was never incremented); for tests and JMX. */
    public double count(String name, String... tags) {
        Counter c = registry.find(name).tags(tags).counter();
        return c == null ? 0 : c.count();
    }
}
