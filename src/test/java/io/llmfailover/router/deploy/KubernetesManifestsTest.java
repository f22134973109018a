package io.llmfailover.router.deploy;

import static io.llmfailover.router.deploy.Manifests.find;
import static io.llmfailover.router.deploy.Manifests.path;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * deploy/kubernetes/ against the application's real files, ports, probe paths and settings: every document parses,
 * has the fields Kubernetes requires, and points at what the router really serves.
 */
class KubernetesManifestsTest {

    @Test
    void everyDocumentIsAKubernetesObjectOfAKnownKind() throws Exception {
        List<Map<String, Object>> docs = Manifests.documents();
        Set<String> kinds = new HashSet<>();
        for (Map<String, Object> d : docs) {
            assertThat(d.get("apiVersion")).as("%s apiVersion", d.get("__file")).isNotNull();
            assertThat(path(d, "metadata.name")).as("%s metadata.name", d.get("__file")).isNotNull();
            kinds.add((String) d.get("kind"));
        }
        assertThat(kinds).containsExactlyInAnyOrder("ConfigMap", "Deployment", "Service", "PodDisruptionBudget",
                "StatefulSet");
        assertThat(docs).filteredOn(d -> "Deployment".equals(d.get("kind"))).hasSize(1);
        assertThat(Manifests.load(Manifests.DIR.resolve("secret.example.yaml")).get(0).get("kind")).isEqualTo("Secret");
    }

    @Test
    @SuppressWarnings("unchecked")
    void routerDeploymentMatchesTheApplication() throws Exception {
        List<Map<String, Object>> docs = Manifests.documents();
        Map<String, Object> deployment = find(docs, "Deployment", "llm-failover-router");
        Properties app = Manifests.applicationProperties();
        int httpPort = Manifests.portDefault(app.getProperty("llm.http.port"));
        int managementPort = Manifests.portDefault(app.getProperty("camel.management.port"));

        assertThat(path(deployment, "spec.replicas")).isEqualTo(3);
        Map<String, Object> labels = (Map<String, Object>) path(deployment, "spec.template.metadata.labels");
        assertThat((Map<String, Object>) path(deployment, "spec.selector.matchLabels")).isEqualTo(labels);

        Map<String, Object> container = (Map<String, Object>) path(deployment, "spec.template.spec.containers.0");
        List<Map<String, Object>> ports = (List<Map<String, Object>>) container.get("ports");
        assertThat(ports).extracting(p -> p.get("name") + ":" + p.get("containerPort"))
                .containsExactlyInAnyOrder("http:" + httpPort, "management:" + managementPort);

        // probes hit the management server's real health paths
        assertThat(path(container, "livenessProbe.httpGet.path")).isEqualTo("/observe/health/live");
        assertThat(path(container, "readinessProbe.httpGet.path")).isEqualTo("/observe/health/ready");
        assertThat(path(container, "startupProbe.httpGet.path")).isEqualTo("/observe/health/live");
        assertThat(path(container, "livenessProbe.httpGet.port")).isEqualTo("management");
        assertThat(path(container, "readinessProbe.httpGet.port")).isEqualTo("management");

        // Prometheus scrapes the management server's metrics path
        Map<String, Object> annotations = (Map<String, Object>) path(deployment, "spec.template.metadata.annotations");
        assertThat(annotations).containsEntry("prometheus.io/scrape", "true")
                .containsEntry("prometheus.io/port", String.valueOf(managementPort))
                .containsEntry("prometheus.io/path", "/observe/metrics");

        // resources, non-root user matching the image
        assertThat(path(container, "resources.requests.cpu")).isNotNull();
        assertThat(path(container, "resources.limits.memory")).isNotNull();
        assertThat(path(deployment, "spec.template.spec.securityContext.runAsNonRoot")).isEqualTo(true);
        assertThat(path(deployment, "spec.template.spec.securityContext.runAsUser"))
                .isEqualTo(ContainerImageIT.dockerfileUser());

        // every environment variable is one the router reads; API keys come from the Secret
        List<Map<String, Object>> env = (List<Map<String, Object>>) container.get("env");
        Set<String> known = new HashSet<>();
        for (String key : app.stringPropertyNames()) {
            known.add(key.toUpperCase().replace('.', '_').replace('-', '_'));
            String[] parts = key.split("\\.");
            String old = parts.length == 4 && parts[1].equals("providers")
                    ? io.llmfailover.router.settings.ProviderCatalog.oldKey(parts[2], key) : null;
            if (old != null) {
                known.add(old.toUpperCase().replace('.', '_').replace('-', '_')); // LLM_GEMINI_API_KEY still works
            }
        }
        for (Map<String, Object> e : env) {
            assertThat(known).as("env %s maps to a key of application.properties", e.get("name")).contains((String) e.get("name"));
        }
        for (String secretVar : List.of("LLM_GEMINI_API_KEY", "LLM_NEMOTRON_API_KEY", "LLM_CLAUDE_API_KEY", "LLM_TELEGRAM_TOKEN")) {
            Map<String, Object> e = env.stream().filter(v -> secretVar.equals(v.get("name"))).findFirst().orElseThrow();
            assertThat(path(e, "valueFrom.secretKeyRef.name")).isEqualTo("llm-router-secrets");
            assertThat(e).doesNotContainKey("value");
        }

        // configuration and routes from the ConfigMaps, where the router looks for them
        List<Map<String, Object>> mounts = (List<Map<String, Object>>) container.get("volumeMounts");
        assertThat(mounts).extracting(m -> m.get("mountPath"))
                .contains("/app/application.properties", ContainerImageIT.dockerfileWorkdir() + "/routes");
        List<Map<String, Object>> volumes = (List<Map<String, Object>>) path(deployment, "spec.template.spec.volumes");
        assertThat(volumes).extracting(v -> path(v, "configMap.name")).contains("llm-router-config", "llm-router-routes");
    }

    @Test
    @SuppressWarnings("unchecked")
    void serviceAndDisruptionBudgetSelectTheRouterPods() throws Exception {
        List<Map<String, Object>> docs = Manifests.documents();
        Map<String, Object> labels = (Map<String, Object>) path(find(docs, "Deployment", "llm-failover-router"),
                "spec.template.metadata.labels");
        Map<String, Object> service = find(docs, "Service", "llm-failover-router");
        assertThat((Map<String, Object>) path(service, "spec.selector")).isEqualTo(labels);
        assertThat(path(service, "spec.ports.0.targetPort")).isEqualTo("http");
        List<Map<String, Object>> ports = (List<Map<String, Object>>) path(service, "spec.ports");
        assertThat(ports).extracting(p -> p.get("targetPort")).doesNotContain("management", 9876);

        Map<String, Object> pdb = find(docs, "PodDisruptionBudget", "llm-failover-router");
        assertThat((Map<String, Object>) path(pdb, "spec.selector.matchLabels")).isEqualTo(labels);
        assertThat((Integer) path(pdb, "spec.minAvailable")).isLessThan(3).isGreaterThanOrEqualTo(1);

        Map<String, Object> redisService = find(docs, "Service", "llm-router-redis");
        Map<String, Object> deployment = find(docs, "Deployment", "llm-failover-router");
        List<Map<String, Object>> env = (List<Map<String, Object>>) path(deployment, "spec.template.spec.containers.0.env");
        String redisUrl = (String) env.stream().filter(e -> "LLM_REDIS_URL".equals(e.get("name"))).findFirst().orElseThrow().get("value");
        assertThat(redisUrl).isEqualTo("redis://" + path(redisService, "metadata.name") + ":" + path(redisService, "spec.ports.0.port"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theRedisKeepsItsDataOnAVolume() throws Exception {
        List<Map<String, Object>> docs = Manifests.documents();
        Map<String, Object> redis = find(docs, "StatefulSet", "llm-router-redis");
        Map<String, Object> container = (Map<String, Object>) path(redis, "spec.template.spec.containers.0");
        List<Object> args = (List<Object>) container.get("args");
        // persistence on: an append-only file, fsync every second, in the volume's folder
        assertThat(String.join(" ", args.stream().map(Object::toString).toList()))
                .contains("--appendonly yes", "--appendfsync everysec", "--dir /data");
        String claim = (String) path(redis, "spec.volumeClaimTemplates.0.metadata.name");
        assertThat((List<Map<String, Object>>) container.get("volumeMounts"))
                .anyMatch(m -> claim.equals(m.get("name")) && "/data".equals(m.get("mountPath")));
        Map<String, Object> service = find(docs, "Service", "llm-router-redis");
        assertThat((Map<String, Object>) path(service, "spec.selector"))
                .isEqualTo(path(redis, "spec.template.metadata.labels"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theSentinelVariantPointsTheRoutersAtItsSentinelsInsteadOfTheSingleRedis() throws Exception {
        Path dir = Manifests.DIR.resolve("sentinel");
        Map<String, Object> kustomization = Manifests.load(dir.resolve("kustomization.yaml")).get(0);
        assertThat((List<Object>) kustomization.get("resources")).containsExactly("../", "redis-sentinel.yaml");
        List<Map<String, Object>> patches = new ArrayList<>();
        for (Map<String, Object> p : (List<Map<String, Object>>) kustomization.get("patches")) {
            patches.add((Map<String, Object>) new org.snakeyaml.engine.v2.api.Load(
                    org.snakeyaml.engine.v2.api.LoadSettings.builder().build()).loadFromString((String) p.get("patch")));
        }
        // the single Redis of the base is removed
        assertThat(patches).filteredOn(p -> "delete".equals(p.get("$patch")))
                .extracting(p -> p.get("kind") + "/" + path(p, "metadata.name"))
                .containsExactlyInAnyOrder("StatefulSet/llm-router-redis", "Service/llm-router-redis");
        Map<String, Object> router = patches.stream().filter(p -> "Deployment".equals(p.get("kind"))).findFirst().orElseThrow();
        assertThat(path(router, "metadata.name")).isEqualTo("llm-failover-router");
        List<Map<String, Object>> env = (List<Map<String, Object>>) path(router, "spec.template.spec.containers.0.env");
        Map<String, String> values = new java.util.HashMap<>();
        Properties app = Manifests.applicationProperties();
        for (Map<String, Object> e : env) {
            String name = (String) e.get("name");
            assertThat(app.stringPropertyNames()).as("env %s maps to a key of application.properties", name)
                    .anyMatch(k -> k.toUpperCase().replace('.', '_').replace('-', '_').equals(name));
            if (e.get("value") != null) {
                values.put(name, (String) e.get("value"));
            }
        }
        assertThat(env).anyMatch(e -> "LLM_REDIS_URL".equals(e.get("name")) && "delete".equals(e.get("$patch")));
        assertThat(env).anyMatch(e -> "LLM_REDIS_PASSWORD".equals(e.get("name"))
                && "llm-router-secrets".equals(path(e, "valueFrom.secretKeyRef.name")));

        // the master name and the sentinels the routers are given are those the Sentinel pods run
        List<Map<String, Object>> sentinelDocs = Manifests.load(dir.resolve("redis-sentinel.yaml"));
        Map<String, Object> set = find(sentinelDocs, "StatefulSet", "llm-router-redis-node");
        Map<String, Object> headless = find(sentinelDocs, "Service", (String) path(set, "spec.serviceName"));
        assertThat(path(headless, "spec.clusterIP")).isEqualTo("None");
        Object sentinelPort = ((List<Map<String, Object>>) path(headless, "spec.ports")).stream()
                .filter(p -> "sentinel".equals(p.get("name"))).findFirst().orElseThrow().get("port");
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < (Integer) path(set, "spec.replicas"); i++) {
            expected.add(path(set, "metadata.name") + "-" + i + "." + path(headless, "metadata.name") + ":" + sentinelPort);
        }
        assertThat(values.get("LLM_REDIS_SENTINEL_NODES")).isEqualTo(String.join(",", expected));
        Map<String, Object> scripts = (Map<String, Object>) find(sentinelDocs, "ConfigMap", "llm-router-redis-scripts")
                .get("data");
        String script = (String) scripts.get("sentinel.sh");
        assertThat(script).contains("sentinel monitor " + values.get("LLM_REDIS_SENTINEL_MASTER") + " ",
                "port " + sentinelPort);
        // persistence on in every Redis pod
        assertThat((String) scripts.get("redis.sh"))
                .contains("--appendonly yes", "--appendfsync everysec", "--dir /data");
    }

    @Test
    @SuppressWarnings("unchecked")
    void configMapsHoldExactlyTheRepositorysConfigurationAndRoutes() throws Exception {
        List<Map<String, Object>> docs = Manifests.documents();
        Map<String, Object> config = (Map<String, Object>) find(docs, "ConfigMap", "llm-router-config").get("data");
        assertThat(config.keySet()).containsExactly("application.properties");
        assertThat(normalise((String) config.get("application.properties")))
                .as("configmap-config.yaml is stale: run deploy/kubernetes/generate-configmaps.sh")
                .isEqualTo(normalise(Files.readString(Path.of("application.properties"))));

        Map<String, Object> routes = (Map<String, Object>) find(docs, "ConfigMap", "llm-router-routes").get("data");
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(Path.of("routes"))) {
            s.filter(p -> p.getFileName().toString().endsWith(".camel.yaml")).forEach(files::add);
        }
        assertThat(routes.keySet()).as("configmap-routes.yaml is stale: run deploy/kubernetes/generate-configmaps.sh")
                .containsExactlyInAnyOrderElementsOf(files.stream().map(p -> p.getFileName().toString()).toList());
        for (Path f : files) {
            assertThat(normalise((String) routes.get(f.getFileName().toString())))
                    .as("%s in configmap-routes.yaml is stale: run deploy/kubernetes/generate-configmaps.sh", f)
                    .isEqualTo(normalise(Files.readString(f)));
        }
    }

    /** Trailing spaces and final newlines do not count (YAML block scalars clip them). */
    private static String normalise(String text) {
        return text.lines().map(String::stripTrailing).reduce((a, b) -> a + "\n" + b).orElse("").strip();
    }
}
