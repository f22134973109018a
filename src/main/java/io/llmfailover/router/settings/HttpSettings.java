package io.llmfailover.router.settings;

/**
 * The HTTP front doors, {@code llm.http.*}. {@code apiKey} is the bearer token the chat doors require, or null when
 * they are open; it stays out of {@link #toString()}.
 */
public record HttpSettings(int port, int maxInFlight, long maxBody, String apiKey) {

    static HttpSettings read(SettingsReader r) {
        return new HttpSettings((int) r.whole("llm.http.port", 0, 65535), (int) r.whole("llm.http.max-in-flight", 1, 100_000),
                r.whole("llm.http.max-body", 1024, 256L * 1024 * 1024), r.optional("llm.http.api-key"));
    }

    @Override
    public String toString() {
        return "HttpSettings[port " + port + ", max in flight " + maxInFlight + ", max body " + maxBody
                + (apiKey == null ? ", open" : ", bearer token set") + "]";
    }
}
