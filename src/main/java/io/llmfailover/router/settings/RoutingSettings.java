package io.llmfailover.router.settings;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

import io.llmfailover.router.core.HealthStatus;
import io.llmfailover.router.core.Provider;

/**
 * The decision matrix, {@code llm.routing.*}: the provider order for each health state of the local primary
 * ({@code llm.routing.<state>}), and per task ({@code llm.routing.<task>.<state>}; a state a task leaves out, and an
 * unknown task, use the default row); the providers that take the place of a provider whose quota is spent or whose
 * breaker is open ({@code llm.routing.<id>-exhausted}, by default {@code llm.routing.quota-exceeded}); and whether a
 * provider's content-policy refusal ends the walk ({@code llm.routing.on-content-filter}: {@code final}, or
 * {@code next}).
 *
 * @param localPrimary the self-hosted provider whose health state picks the row ({@code llm.routing.local-primary};
 *                     the first self-hosted provider by default), or null when none is declared
 */
public record RoutingSettings(Map<HealthStatus, List<Provider>> orders, List<Provider> quotaExceeded,
        boolean contentFilterFinal, Map<String, Map<HealthStatus, List<Provider>>> tasks,
        Map<Provider, List<Provider>> exhausted, Provider localPrimary) {

    /** What a task name may be. */
    public static final Pattern TASK = Pattern.compile("[a-z0-9_-]{1,40}");
    private static final String PREFIX = "llm.routing.";
    private static final String ENV_PREFIX = "LLM_ROUTING_";

    public RoutingSettings {
        orders = Collections.unmodifiableMap(new EnumMap<>(orders));
        quotaExceeded = List.copyOf(quotaExceeded);
        tasks = Collections.unmodifiableMap(new LinkedHashMap<>(tasks));
        exhausted = Collections.unmodifiableMap(new LinkedHashMap<>(exhausted));
    }

    static RoutingSettings read(SettingsReader r, ProviderCatalog catalog) {
        Map<HealthStatus, List<Provider>> orders = new EnumMap<>(HealthStatus.class);
        for (HealthStatus s : HealthStatus.values()) {
            orders.put(s, r.providers(key(s), catalog));
        }
        List<Provider> quotaExceeded = r.providers("llm.routing.quota-exceeded", catalog);
        Map<Provider, List<Provider>> exhausted = new LinkedHashMap<>();
        for (ProviderSettings p : catalog.all()) {
            String key = PREFIX + p.provider().id() + "-exhausted";
            boolean own = r.lookup(key).map(v -> !v.isBlank()).orElse(false);
            if (!own && !p.hasQuota()) {
                continue;
            }
            List<Provider> instead = own ? r.providers(key, catalog) : quotaExceeded;
            if (instead.contains(p.provider())) {
                String k = own ? key : "llm.routing.quota-exceeded";
                throw new InvalidSettingException(k, r.raw(k), "must not contain " + p.provider()
                        + " (it replaces " + p.provider() + " when its quota is spent)");
            }
            exhausted.put(p.provider(), instead);
        }
        String onFilter = r.text("llm.routing.on-content-filter");
        if (!onFilter.equals("final") && !onFilter.equals("next")) {
            throw new InvalidSettingException("llm.routing.on-content-filter", onFilter,
                    "must be final (the client gets the refusal) or next (the next provider is asked)");
        }
        return new RoutingSettings(orders, quotaExceeded, onFilter.equals("final"), tasks(r, catalog), exhausted,
                localPrimary(r, catalog));
    }

    private static Provider localPrimary(SettingsReader r, ProviderCatalog catalog) {
        String v = r.optional("llm.routing.local-primary");
        if (v == null) {
            return catalog.selfHosted().isEmpty() ? null : catalog.selfHosted().get(0);
        }
        Provider p;
        try {
            p = catalog.provider(v);
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException("llm.routing.local-primary", v, e.getMessage());
        }
        if (!catalog.get(p).selfHosted()) {
            throw new InvalidSettingException("llm.routing.local-primary", v, "is not self-hosted (its health is not"
                    + " probed; set llm.providers." + p + ".self-hosted=true)");
        }
        return p;
    }

    /** {@code llm.routing.<task>.<state>} keys and {@code LLM_ROUTING_<TASK>_<STATE>} variables. */
    private static Map<String, Map<HealthStatus, List<Provider>>> tasks(SettingsReader r, ProviderCatalog catalog) {
        Map<String, Map<HealthStatus, List<Provider>>> tasks = new LinkedHashMap<>();
        for (String name : new TreeSet<>(r.names())) {
            String task = null;
            String state = null;
            if (name.startsWith(PREFIX) && name.indexOf('.', PREFIX.length()) > 0) {
                String rest = name.substring(PREFIX.length());
                task = rest.substring(0, rest.indexOf('.'));
                state = rest.substring(rest.indexOf('.') + 1);
            } else if (name.startsWith(ENV_PREFIX)) {
                for (HealthStatus s : HealthStatus.values()) {
                    String suffix = "_" + s.name();
                    String rest = name.substring(ENV_PREFIX.length());
                    if (rest.endsWith(suffix) && rest.length() > suffix.length()) {
                        task = rest.substring(0, rest.length() - suffix.length()).toLowerCase(Locale.ROOT);
                        state = s.name().toLowerCase(Locale.ROOT);
                    }
                }
            }
            if (task == null) {
                continue;
            }
            String key = PREFIX + task + "." + state;
            if (!TASK.matcher(task).matches()) {
                throw new InvalidSettingException(name, "", "the task name '" + task + "' may only have a-z, 0-9, _ and -");
            }
            HealthStatus s = stateOf(state);
            if (s == null) {
                throw new InvalidSettingException(name, "", "unknown health state '" + state
                        + "' (llm.routing.<task>.<state> with healthy, slow, degraded or offline)");
            }
            String lookup = name.startsWith(ENV_PREFIX) ? key : name;
            if (r.lookup(lookup).isEmpty()) {
                lookup = name; // the variable itself, when the properties component does not map it
            }
            List<Provider> order;
            String v = r.lookup(lookup).orElse("").trim();
            try {
                order = SettingsReader.parseProviders(v, catalog);
            } catch (IllegalArgumentException e) {
                throw new InvalidSettingException(name, v, e.getMessage());
            }
            tasks.computeIfAbsent(task, t -> new EnumMap<>(HealthStatus.class)).put(s, order);
        }
        return tasks;
    }

    private static HealthStatus stateOf(String state) {
        for (HealthStatus s : HealthStatus.values()) {
            if (s.name().toLowerCase(Locale.ROOT).equals(state)) {
                return s;
            }
        }
        return null;
    }

    /** {@code llm.routing.healthy}, {@code llm.routing.slow}, ... */
    public static String key(HealthStatus s) {
        return PREFIX + s.name().toLowerCase(Locale.ROOT);
    }

    public List<Provider> order(HealthStatus s) {
        return orders.get(s);
    }

    /** The order for this task in this state: the task's own row, or the default one. */
    public List<Provider> order(String task, HealthStatus s) {
        Map<HealthStatus, List<Provider>> rows = task == null ? null : tasks.get(task);
        List<Provider> own = rows == null ? null : rows.get(s);
        return own != null ? own : orders.get(s);
    }

    /** True when the task has a row of its own for any state. */
    public boolean knowsTask(String task) {
        return tasks.containsKey(task);
    }
}
