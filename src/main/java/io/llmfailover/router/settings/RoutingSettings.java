package io.llmfailover.router.settings;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.llmfailover.router.core.HealthStatus;
import io.llmfailover.router.core.Provider;

/**
 * The decision matrix, {@code llm.routing.*}: the provider order for each Ollama health state, and the providers that
 * take Gemini's place when its quota is spent ({@code llm.routing.quota-exceeded}), and whether a provider's
 * content-policy refusal ends the walk ({@code llm.routing.on-content-filter}: {@code final}, or {@code next}).
 */
public record RoutingSettings(Map<HealthStatus, List<Provider>> orders, List<Provider> quotaExceeded,
        boolean contentFilterFinal) {

    public RoutingSettings {
        orders = Collections.unmodifiableMap(new EnumMap<>(orders));
        quotaExceeded = List.copyOf(quotaExceeded);
    }

    static RoutingSettings read(SettingsReader r) {
        Map<HealthStatus, List<Provider>> orders = new EnumMap<>(HealthStatus.class);
        for (HealthStatus s : HealthStatus.values()) {
            orders.put(s, r.providers(key(s)));
        }
        List<Provider> quotaExceeded = r.providers("llm.routing.quota-exceeded");
        if (quotaExceeded.contains(Provider.GEMINI)) {
            throw new InvalidSettingException("llm.routing.quota-exceeded", r.raw("llm.routing.quota-exceeded"),
                    "must not contain gemini (it replaces gemini when the quota is spent)");
        }
        String onFilter = r.text("llm.routing.on-content-filter");
        if (!onFilter.equals("final") && !onFilter.equals("next")) {
            throw new InvalidSettingException("llm.routing.on-content-filter", onFilter,
                    "must be final (the client gets the refusal) or next (the next provider is asked)");
        }
        return new RoutingSettings(orders, quotaExceeded, onFilter.equals("final"));
    }

    /** {@code llm.routing.healthy}, {@code llm.routing.slow}, ... */
    public static String key(HealthStatus s) {
        return "llm.routing." + s.name().toLowerCase(Locale.ROOT);
    }

    public List<Provider> order(HealthStatus s) {
        return orders.get(s);
    }
}
