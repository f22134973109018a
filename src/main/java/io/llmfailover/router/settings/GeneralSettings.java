package io.llmfailover.router.settings;

import java.time.Duration;

/**
 * The top-level keys: this instance's name in audit lines and alerts ({@code llm.instance-id}, empty = the host name)
 * and the bound on one prompt's whole walk along the chain ({@code llm.request-timeout}).
 */
public record GeneralSettings(String instanceId, Duration requestTimeout) {

    static GeneralSettings read(SettingsReader r) {
        String id = r.optional("llm.instance-id");
        return new GeneralSettings(id != null ? id : hostName(), r.duration("llm.request-timeout", Duration.ofMillis(100)));
    }

    private static String hostName() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException e) {
                host = "router";
            }
        }
        return host;
    }
}
