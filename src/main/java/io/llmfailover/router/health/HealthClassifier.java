package io.llmfailover.router.health;

import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmfailover.router.core.HealthStatus;
import io.llmfailover.router.core.TransportFailures;
import io.llmfailover.router.util.Texts;

/**
 * Turns what Ollama answered into a verdict, exactly as docs/architecture.md, "Health", says. Pure: no I/O, no clock.
 *
 * <ul>
 * <li>OFFLINE: connection refused, DNS failure, or no answer within the probe timeout</li>
 * <li>DEGRADED: an HTTP error, the health model missing, 503 server busy, or an unparseable answer</li>
 * <li>SLOW: answered, but tokens/second below the minimum or latency above the slow threshold</li>
 * <li>HEALTHY: otherwise</li>
 * </ul>
 */
public final class HealthClassifier {

    private static final int MAX_DETAIL = 200;

    private final ObjectMapper mapper;
    private final String healthModel;
    private final double minTokensPerSecond;
    private final long slowLatencyMs;

    public HealthClassifier(ObjectMapper mapper, String healthModel, double minTokensPerSecond, long slowLatencyMs) {
        this.mapper = mapper;
        this.healthModel = healthModel;
        this.minTokensPerSecond = minTokensPerSecond;
        this.slowLatencyMs = slowLatencyMs;
    }

    public String healthModel() {
        return healthModel;
    }

    /**
     * Judges the answer to {@code GET /api/tags}. Returns null when the server is up and lists the health model
     * (the probe goes on to generate), otherwise the DEGRADED verdict.
     */
    public Verdict classifyTags(int httpStatus, String body) {
        if (httpStatus != 200) {
            return httpError("GET /api/tags", httpStatus, body);
        }
        JsonNode models;
        try {
            models = mapper.readTree(body == null ? "" : body).path("models");
        } catch (Exception e) {
            return Verdict.of(HealthStatus.DEGRADED, "GET /api/tags answered unparseable JSON");
        }
        if (!models.isArray()) {
            return Verdict.of(HealthStatus.DEGRADED, "GET /api/tags answered without a models list");
        }
        for (JsonNode m : models) {
            if (sameModel(m.path("name").asText(null)) || sameModel(m.path("model").asText(null))) {
                return null;
            }
        }
        return Verdict.of(HealthStatus.DEGRADED, "health model '" + healthModel + "' is not pulled (not in /api/tags)");
    }

    /** Judges the answer to the tiny non-streaming {@code POST /api/generate}. */
    public Verdict classifyGenerate(int httpStatus, String body, long latencyMs) {
        if (httpStatus != 200) {
            return httpError("POST /api/generate", httpStatus, body);
        }
        JsonNode root;
        try {
            root = mapper.readTree(body == null ? "" : body);
        } catch (Exception e) {
            return Verdict.of(HealthStatus.DEGRADED, "POST /api/generate answered unparseable JSON");
        }
        if (root == null || !root.isObject()) {
            return Verdict.of(HealthStatus.DEGRADED, "POST /api/generate answered something that is not a JSON object");
        }
        if (root.hasNonNull("error")) {
            return Verdict.of(HealthStatus.DEGRADED, "POST /api/generate failed: " + shorten(root.path("error").asText()));
        }
        if (!root.has("response") && !root.has("done")) {
            return Verdict.of(HealthStatus.DEGRADED, "POST /api/generate answered JSON that is not a generate response");
        }
        // omitempty on Ollama's side: a missing count or duration is 0
        long evalCount = root.path("eval_count").asLong(0);
        long evalDurationNs = root.path("eval_duration").asLong(0);
        double tps = evalDurationNs > 0 ? evalCount * 1e9 / evalDurationNs : 0.0;
        if (tps < minTokensPerSecond) {
            return new Verdict(HealthStatus.SLOW, String.format(Locale.ROOT,
                    "%.1f tokens/s is below the minimum of %s", tps, Texts.number(minTokensPerSecond)), tps);
        }
        if (latencyMs > slowLatencyMs) {
            return new Verdict(HealthStatus.SLOW,
                    "probe took " + latencyMs + " ms, above the slow threshold of " + slowLatencyMs + " ms", tps);
        }
        return new Verdict(HealthStatus.HEALTHY, String.format(Locale.ROOT, "answered in %d ms at %.1f tokens/s",
                latencyMs, tps), tps);
    }

    /**
     * Judges the answer to an OpenAI-compatible server's {@code GET /v1/models} (vLLM, llama.cpp, LM Studio): null
     * when it lists the health model (or lists none by name: a llama.cpp server may serve any), else DEGRADED.
     */
    public Verdict classifyModels(int httpStatus, String body) {
        if (httpStatus != 200) {
            return httpError("GET /v1/models", httpStatus, body);
        }
        JsonNode data;
        try {
            data = mapper.readTree(body == null ? "" : body).path("data");
        } catch (Exception e) {
            return Verdict.of(HealthStatus.DEGRADED, "GET /v1/models answered unparseable JSON");
        }
        if (!data.isArray()) {
            return Verdict.of(HealthStatus.DEGRADED, "GET /v1/models answered without a data list");
        }
        for (JsonNode m : data) {
            if (sameModel(m.path("id").asText(null))) {
                return null;
            }
        }
        return Verdict.of(HealthStatus.DEGRADED, "health model '" + healthModel + "' is not served (not in /v1/models)");
    }

    /**
     * Judges the answer to the tiny non-streamed {@code POST /v1/chat/completions}; tokens/s from
     * {@code usage.completion_tokens} over the probe's time when the server gives it (else only latency judges).
     */
    public Verdict classifyChat(int httpStatus, String body, long latencyMs) {
        if (httpStatus != 200) {
            return httpError("POST /v1/chat/completions", httpStatus, body);
        }
        JsonNode root;
        try {
            root = mapper.readTree(body == null ? "" : body);
        } catch (Exception e) {
            return Verdict.of(HealthStatus.DEGRADED, "POST /v1/chat/completions answered unparseable JSON");
        }
        if (root == null || !root.path("choices").isArray() || root.path("choices").isEmpty()) {
            return Verdict.of(HealthStatus.DEGRADED, "POST /v1/chat/completions answered no choices");
        }
        long tokens = root.path("usage").path("completion_tokens").asLong(0);
        double tps = tokens > 0 && latencyMs > 0 ? tokens * 1000.0 / latencyMs : 0.0;
        if (tokens > 0 && tps < minTokensPerSecond) {
            return new Verdict(HealthStatus.SLOW, String.format(Locale.ROOT,
                    "%.1f tokens/s is below the minimum of %s", tps, Texts.number(minTokensPerSecond)), tps);
        }
        if (latencyMs > slowLatencyMs) {
            return new Verdict(HealthStatus.SLOW,
                    "probe took " + latencyMs + " ms, above the slow threshold of " + slowLatencyMs + " ms", tps);
        }
        return new Verdict(HealthStatus.HEALTHY, String.format(Locale.ROOT, "answered in %d ms at %.1f tokens/s",
                latencyMs, tps), tps);
    }

    /** Judges a probe that threw instead of answering. */
    public Verdict classifyFailure(Throwable failure) {
        TransportFailures.Failure f = TransportFailures.describe(failure);
        String reason = TransportFailures.TIMED_OUT.equals(f.reason()) ? "no answer within the probe timeout"
                : f.healthImpact() == HealthStatus.OFFLINE ? f.reason() : "probe failed: " + f.reason();
        return Verdict.of(f.healthImpact(), reason);
    }

    private Verdict httpError(String call, int httpStatus, String body) {
        String error = errorMessage(body);
        if (httpStatus == 404 && error.toLowerCase(Locale.ROOT).contains("not found")) {
            return Verdict.of(HealthStatus.DEGRADED, "health model '" + healthModel + "' not found (" + call + " 404)");
        }
        if (httpStatus == 503) {
            return Verdict.of(HealthStatus.DEGRADED, "server busy (" + call + " 503" + (error.isEmpty() ? "" : ": " + error) + ")");
        }
        return Verdict.of(HealthStatus.DEGRADED, call + " answered HTTP " + httpStatus + (error.isEmpty() ? "" : ": " + error));
    }

    private String errorMessage(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        try {
            JsonNode n = mapper.readTree(body);
            if (n != null && n.hasNonNull("error")) {
                return shorten(n.get("error").asText());
            }
        } catch (Exception ignored) {
            // not JSON: fall through to the raw text
        }
        return shorten(body.strip());
    }

    private boolean sameModel(String listed) {
        if (listed == null) {
            return false;
        }
        if (listed.equals(healthModel)) {
            return true;
        }
        // "llama3.2" means "llama3.2:latest" to Ollama
        return !healthModel.contains(":") && listed.equals(healthModel + ":latest");
    }

    private static String shorten(String s) {
        return Texts.oneLine(s, MAX_DETAIL);
    }


    /** A status with its reason and the measured speed. */
    public record Verdict(HealthStatus status, String reason, double tokensPerSecond) {
        static Verdict of(HealthStatus status, String reason) {
            return new Verdict(status, reason, 0.0);
        }
    }
}
