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
        assertThat(kinds).containsExactlyInAnyOrder("ConfigMap", "Deployment", "Service", "PodDisruptionBudget");
        assertThat(docs).filteredOn(d -> "Deployment".equals(d.get("kind"))).hasSize(2);
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
