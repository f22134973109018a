package io.llmfailover.router.metrics;

import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.component.micrometer.routepolicy.MicrometerRoutePolicyConfiguration;
import org.apache.camel.component.micrometer.routepolicy.MicrometerRoutePolicyFactory;

/**
 * The Prometheus registry behind /observe/metrics, created before Camel registers any meter so that
 * {@link #HYGIENE} applies to all of them and {@code promtool check metrics} accepts the output.
 */
public final class RouterMeterRegistry extends PrometheusMeterRegistry {

    /**
     * snake_case label names (Camel tags its meters camelContext, routeId, ...), a help text on every meter, and
     * none of the two JVM meters whose names promtool rejects ({@code system_cpu_count},
     * {@code process_cpu_time_ns_total}).
     */
    public static final MeterFilter HYGIENE = new MeterFilter() {
        @Override
        public MeterFilterReply accept(Meter.Id id) {
            return id.getName().equals("system.cpu.count") || id.getName().equals("process.cpu.time")
                    ? MeterFilterReply.DENY : MeterFilterReply.NEUTRAL;
        }

        @Override
        public Meter.Id map(Meter.Id id) {
            List<Tag> tags = new ArrayList<>();
            boolean changed = false;
            for (Tag t : id.getTagsAsIterable()) {
                String key = snakeCase(t.getKey());
                changed |= !key.equals(t.getKey());
                tags.add(Tag.of(key, t.getValue()));
            }
            String description = id.getDescription();
            if (description == null || description.isBlank()) {
                description = id.getName();
                changed = true;
            }
            return changed ? new Meter.Id(id.getName(), Tags.of(tags), id.getBaseUnit(), description, id.getType()) : id;
        }
    };

    /**
     * The routes whose Camel route metrics ({@code camel_route_policy_*}, {@code camel_exchanges_*}) are not
     * collected: the steps inside one prompt (the walk, the decision, the provider calls, the quota gate, the Ollama
     * door's shared answer route). Each would add a timer and five counters to every prompt (a tenth of the router's
     * CPU under load, bench/results/profile.md) for numbers the router's own meters already give: the doors' routes
     * time the whole prompt, {@code llm_provider_latency_seconds} and {@code llm_provider_requests_total} each
     * provider call.
     */
    public static final String UNMEASURED_ROUTES =
            "chat,select-provider,call-*,quota-gate,ollama-front-door-answer";

    public RouterMeterRegistry() {
        super(PrometheusConfig.DEFAULT);
        config().meterFilter(HYGIENE);
    }

    /**
     * Camel's route metrics on this registry, for every route but {@link #UNMEASURED_ROUTES}; per route only: the
     * context-wide series ({@code event_type="context"}) would repeat the sum over the routes, at the price of a second
     * timer, its counters and two {@code String.format} calls on every exchange of every measured route (each prompt's
     * front door among them).
     */
    public MicrometerRoutePolicyFactory routePolicies() {
        MicrometerRoutePolicyConfiguration configuration = new MicrometerRoutePolicyConfiguration();
        configuration.setExcludePattern(UNMEASURED_ROUTES);
        configuration.setContextEnabled(false);
        MicrometerRoutePolicyFactory factory = new MicrometerRoutePolicyFactory();
        factory.setMeterRegistry(this);
        factory.setPolicyConfiguration(configuration);
        return factory;
    }

    static String snakeCase(String key) {
        StringBuilder sb = new StringBuilder(key.length() + 4);
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (Character.isUpperCase(c)) {
                if (i > 0 && key.charAt(i - 1) != '_') {
                    sb.append('_');
                }
                sb.append(Character.toLowerCase(c));
            } else {
                sb.append(c == '.' || c == '-' ? '_' : c);
            }
        }
        return sb.toString();
    }
}
