package io.llmfailover.router.deploy;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** Reads the Kubernetes manifests and the application's real configuration for the deployment tests. */
final class Manifests {

    static final Path DIR = Path.of("deploy", "kubernetes");

    private Manifests() {
    }

    /** Every YAML document of every file listed in kustomization.yaml. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> documents() throws IOException {
        Map<String, Object> kustomization = (Map<String, Object>) load(DIR.resolve("kustomization.yaml")).get(0);
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object file : (List<Object>) kustomization.get("resources")) {
            for (Map<String, Object> d : load(DIR.resolve(file.toString()))) {
                d.put("__file", file.toString());
                docs.add(d);
            }
        }
        return docs;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> load(Path file) throws IOException {
        Load load = new Load(LoadSettings.builder().build());
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object doc : load.loadAllFromString(Files.readString(file))) {
            if (doc != null) {
                docs.add(new java.util.LinkedHashMap<>((Map<String, Object>) doc));
            }
        }
        return docs;
    }

    static Map<String, Object> find(List<Map<String, Object>> docs, String kind, String name) {
        return docs.stream().filter(d -> kind.equals(d.get("kind")) && name.equals(path(d, "metadata.name")))
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " " + name));
    }

    /** Follows a dotted path through maps; a numeric segment indexes a list. */
    @SuppressWarnings("unchecked")
    static Object path(Object node, String dotted) {
        Object current = node;
        for (String part : dotted.split("\\.")) {
            if (current instanceof Map<?, ?> m) {
                current = m.get(part);
            } else if (current instanceof List<?> l && part.chars().allMatch(Character::isDigit)) {
                current = l.get(Integer.parseInt(part));
            } else {
                return null;
            }
        }
        return current;
    }

    /** The root application.properties, as the router reads it. */
    static Properties applicationProperties() throws IOException {
        Properties p = new Properties();
        p.load(new StringReader(Files.readString(Path.of("application.properties"))));
        return p;
    }

    /** A port default out of a value such as {@code {{env:CAMEL_MANAGEMENT_PORT:9876}}} or {@code 8080}. */
    static int portDefault(String value) {
        String v = value.trim();
        if (v.startsWith("{{") && v.endsWith("}}")) {
            v = v.substring(v.lastIndexOf(':') + 1, v.length() - 2);
        }
        return Integer.parseInt(v);
    }
}
