package io.llmfailover.router.management;

import java.util.Map;
import java.util.StringJoiner;

import io.llmfailover.router.health.EndpointHealth;
import io.llmfailover.router.health.HealthReport;
import io.llmfailover.router.health.OllamaHealth;
import org.apache.camel.CamelContext;

/** Each self-hosted endpoint's health in one line, for JMX: {@code ollama=HEALTHY, gpu2=OFFLINE (connection refused)}. */
final class EndpointReports {

    private EndpointReports() {
    }

    static String text(OllamaHealth localPrimary, CamelContext context) {
        EndpointHealth others = context.getRegistry().findSingleByType(EndpointHealth.class);
        StringJoiner out = new StringJoiner(", ");
        out.add(entry(localPrimary.name(), localPrimary.current()));
        if (others != null) {
            for (Map.Entry<String, HealthReport> e : others.reports().entrySet()) {
                out.add(entry(e.getKey(), e.getValue()));
            }
        }
        return out.toString();
    }

    private static String entry(String id, HealthReport r) {
        return id + "=" + r.status() + (r.isHealthy() ? "" : " (" + r.reason() + ")");
    }
}
