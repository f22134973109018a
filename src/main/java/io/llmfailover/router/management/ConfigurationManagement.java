package io.llmfailover.router.management;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.management.ObjectName;

import io.llmfailover.router.core.HealthStatus;
import io.llmfailover.router.core.Provider;
import io.llmfailover.router.routing.ChainPlanner;
import io.llmfailover.router.settings.LiveSettings;
import io.llmfailover.router.settings.ProviderSettings;
import io.llmfailover.router.settings.RoutingSettings;
import io.llmfailover.router.settings.SettingsReloader;
import org.apache.camel.support.service.ServiceSupport;

/** {@link ConfigurationMBean}, registered with the platform MBean server while Camel runs. */
public final class ConfigurationManagement extends ServiceSupport implements ConfigurationMBean {

    private final String contextName;
    private final LiveSettings live;
    private final ChainPlanner planner;
    private final SettingsReloader reloader;
    private ObjectName name;

    public ConfigurationManagement(String contextName, LiveSettings live, ChainPlanner planner,
            SettingsReloader reloader) {
        this.contextName = contextName;
        this.live = live;
        this.planner = planner;
        this.reloader = reloader;
    }

    @Override
    protected void doStart() throws Exception {
        name = MBeans.name("Configuration", contextName);
        MBeans.register(this, ConfigurationMBean.class, name);
    }

    @Override
    protected void doStop() throws Exception {
        MBeans.unregister(name);
    }

    @Override
    public String[] getProviders() {
        List<String> out = new ArrayList<>();
        for (ProviderSettings p : live.providers().all()) {
            out.add(p.provider() + ": " + p.provider().type() + ", " + p.model() + " @ " + p.baseUrl()
                    + (p.selfHosted() ? ", self-hosted" : "") + (p.needsApiKey() ? p.hasApiKey() ? ", key set" : ", no key" : "")
                    + (p.dailyCalls() >= 0 ? ", " + p.dailyCalls() + " calls/day" : "")
                    + (p.dailyTokens() >= 0 ? ", " + p.dailyTokens() + " tokens/day" : "")
                    + (p.embeddingModel() != null ? ", embeddings " + p.embeddingModel() : ""));
        }
        return out.toArray(String[]::new);
    }

    @Override
    public String[] getMatrices() {
        RoutingSettings r = live.routing();
        List<String> out = new ArrayList<>();
        out.add("default: " + rows(r.orders()));
        r.tasks().forEach((task, rows) -> out.add(task + ": " + rows(rows)));
        return out.toArray(String[]::new);
    }

    private static String rows(Map<HealthStatus, List<Provider>> rows) {
        StringBuilder b = new StringBuilder();
        rows.forEach((s, order) -> b.append(b.length() == 0 ? "" : " | ").append(s.name().toLowerCase(Locale.ROOT))
                .append(' ').append(order));
        return b.toString();
    }

    @Override
    public String getTaskCounts() {
        return planner.taskCounts().toString();
    }

    @Override
    public long getUnknownTasks() {
        return planner.unknownTasks();
    }

    @Override
    public String reloadConfiguration() {
        return reloader.reload("JMX reloadConfiguration");
    }
}
