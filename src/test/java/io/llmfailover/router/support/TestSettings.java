package io.llmfailover.router.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;

import io.llmfailover.router.settings.RouterSettings;

/** Settings as the router reads them: the root application.properties (the only place with defaults), then overrides. */
public final class TestSettings {

    private TestSettings() {
    }

    /** The root application.properties, as shipped. */
    public static Properties shipped() {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(Path.of("application.properties"))) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    /** A lookup: the overrides first, then application.properties. */
    public static Function<String, Optional<String>> lookup(Map<String, String> overrides) {
        Properties shipped = shipped();
        return key -> Optional.ofNullable(overrides.containsKey(key) ? overrides.get(key) : shipped.getProperty(key));
    }

    /** Every key set: application.properties' and the overrides'. */
    public static Set<String> names(Map<String, String> overrides) {
        Set<String> names = new HashSet<>(shipped().stringPropertyNames());
        names.addAll(overrides.keySet());
        return names;
    }

    public static RouterSettings load(Map<String, String> overrides) {
        return RouterSettings.load(lookup(overrides), names(overrides));
    }

    public static RouterSettings defaults() {
        return load(Map.of());
    }
}
