package io.llmfailover.router.wiring;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import io.llmfailover.router.metrics.RouterMetrics;
import io.llmfailover.router.settings.InvalidSettingException;
import io.llmfailover.router.settings.LiveSettings;
import io.llmfailover.router.settings.ProviderSettings;
import io.llmfailover.router.settings.Reconfigurable;
import io.llmfailover.router.settings.RouterSettings;
import io.llmfailover.router.settings.SettingsReloader;
import org.apache.camel.CamelContext;
import org.apache.camel.component.properties.PropertiesComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads the provider catalogue and the decision matrix without a restart: when {@code application.properties} in
 * the working directory changes (routes/config-reload.camel.yaml looks every {@code llm.config.check-interval}; a
 * Kubernetes ConfigMap mounted there is seen the same way) or an operator calls the JMX operation
 * {@code reloadConfiguration}.
 * <p>
 * The configuration is read again by a fresh properties component with the running one's locations and initial and
 * override properties (so with Camel's own precedence: override, environment, system, files, defaults) and checked
 * whole by {@link RouterSettings#load}. A bad edit is refused with the error naming the key, the value and where it
 * was set, and nothing changes. A good one is put in force ({@link LiveSettings#replace}), every {@link Reconfigurable}
 * follows it (new provider routes, probes, breakers, gates), and the running properties component is reloaded so
 * routes made later read the same values. Prompts in flight finish on what they started with. Settings outside
 * {@code llm.providers.*} and {@code llm.routing.*} are read too, but take effect only after a restart (the log says
 * which).
 */
public final class SettingsReload implements SettingsReloader {

    private static final Logger LOG = LoggerFactory.getLogger(SettingsReload.class);

    private final CamelContext context;
    private final LiveSettings live;
    private final RouterMetrics metrics;
    private final Path watched;
    private String lastDigest;

    SettingsReload(CamelContext context, LiveSettings live, RouterMetrics metrics) {
        this.context = context;
        this.live = live;
        this.metrics = metrics;
        this.watched = watchedFile(context);
        this.lastDigest = digest();
    }

    /** The file watch: reloads when application.properties in the working directory changed since last seen. */
    public synchronized void reloadIfChanged() {
        String now = digest();
        if (!Objects.equals(now, lastDigest)) {
            lastDigest = now;
            reload("application.properties changed");
        }
    }

    @Override
    public synchronized String reload(String trigger) {
        RouterSettings next;
        try {
            PropertiesComponent fresh = freshProperties();
            next = RouterSettings.load(fresh::resolveProperty, ConfigSources.configuredNames(fresh));
        } catch (InvalidSettingException e) {
            metrics.configReload("refused");
            String why = "Configuration reload (" + trigger + ") refused, the running configuration stays: "
                    + e.from(ConfigSources.sourceOf(context, e.getKey())).getMessage();
            LOG.warn(why);
            return why;
        } catch (Exception e) {
            metrics.configReload("refused");
            String why = "Configuration reload (" + trigger + ") refused, the running configuration stays: " + e;
            LOG.warn(why);
            return why;
        }
        RouterSettings before = live.get();
        String changes = changes(before, next);
        live.replace(next);
        try {
            context.getPropertiesComponent().reloadProperties(null);
            for (Reconfigurable r : context.getRegistry().findByType(Reconfigurable.class)) {
                r.reconfigure(next);
            }
        } catch (Exception e) {
            metrics.configReload("failed");
            String why = "Configuration reload (" + trigger + ") applied in part: " + e;
            LOG.error(why, e);
            return why;
        }
        next.routing().tasks().keySet().forEach(metrics::task);
        metrics.configReload("applied");
        String done = "Configuration reloaded (" + trigger + "): " + changes;
        LOG.info(done);
        return done;
    }

    private PropertiesComponent freshProperties() throws Exception {
        PropertiesComponent running = (PropertiesComponent) context.getPropertiesComponent();
        PropertiesComponent fresh = new PropertiesComponent();
        fresh.setCamelContext(context);
        fresh.setLocation(String.join(",", running.getLocations()));
        fresh.setIgnoreMissingLocation(true);
        fresh.setInitialProperties(running.getInitialProperties());
        fresh.setOverrideProperties(running.getOverrideProperties());
        fresh.start();
        return fresh;
    }

    /** What the new settings change, in one line. */
    static String changes(RouterSettings before, RouterSettings next) {
        List<String> added = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        for (ProviderSettings p : next.providers().all()) {
            ProviderSettings old = before.providers().byId().get(p.provider().id());
            (old == null ? added : p.equals(old) ? new ArrayList<String>() : changed).add(p.provider().id());
        }
        for (String id : before.providers().byId().keySet()) {
            if (!next.providers().byId().containsKey(id)) {
                removed.add(id);
            }
        }
        StringBuilder out = new StringBuilder();
        out.append("providers added ").append(added).append(", changed ").append(changed).append(", removed ")
                .append(removed).append("; matrix ").append(before.routing().equals(next.routing()) ? "unchanged" : "changed");
        List<String> later = new ArrayList<>();
        for (var c : RouterSettings.class.getRecordComponents()) {
            if (Set.of("providers", "routing").contains(c.getName())) {
                continue;
            }
            try {
                if (!Objects.equals(c.getAccessor().invoke(before), c.getAccessor().invoke(next))) {
                    later.add(c.getName());
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        if (!later.isEmpty()) {
            out.append("; changed settings that take effect after a restart: ").append(later);
        }
        return out.toString();
    }

    /** The first file: location of the properties component (application.properties, or llm.config.file). */
    static Path watchedFile(CamelContext context) {
        for (String location : context.getPropertiesComponent().getLocations()) {
            if (location.startsWith("file:")) {
                int semi = location.indexOf(';');
                return Path.of(location.substring(5, semi < 0 ? location.length() : semi));
            }
        }
        return Path.of("application.properties");
    }

    private String digest() {
        try {
            byte[] bytes = Files.isRegularFile(watched) ? Files.readAllBytes(watched) : new byte[0];
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (IOException | NoSuchAlgorithmException e) {
            return "unreadable: " + e.getMessage();
        }
    }
}
