package io.llmfailover.router.health;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.temporal.ChronoUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmfailover.router.core.HealthStatus;
import io.llmfailover.router.core.PropertyNames;
import io.llmfailover.router.util.Texts;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;

/**
 * The computing half of the health probe; the wiring (timer, HTTP calls, error handling) is in
 * routes/health-probe.camel.yaml. One {@link Run} travels in the exchange property {@code llmProbe}.
 * <p>
 * An Ollama server is asked {@code GET /api/tags} then {@code POST /api/generate}; an OpenAI-compatible self-hosted
 * one ({@link #openAi}: vLLM, llama.cpp, LM Studio) {@code GET /v1/models} then a tiny non-streamed
 * {@code POST /v1/chat/completions} (max_tokens 5). The route calls the same methods for both.
 */
public final class OllamaProbe {

    private final HealthClassifier classifier;
    private final Clock clock;
    private final byte[] generateRequest;
    private final boolean openAi;

    public OllamaProbe(HealthClassifier classifier, ObjectMapper mapper, Clock clock) {
        this(classifier, mapper, clock, false);
    }

    /** The probe of an OpenAI-compatible self-hosted server. */
    public static OllamaProbe openAi(HealthClassifier classifier, ObjectMapper mapper, Clock clock) {
        return new OllamaProbe(classifier, mapper, clock, true);
    }

    private OllamaProbe(HealthClassifier classifier, ObjectMapper mapper, Clock clock, boolean openAi) {
        this.classifier = classifier;
        this.clock = clock;
        this.openAi = openAi;
        if (openAi) {
            ObjectNode req = mapper.createObjectNode();
            req.put("model", classifier.healthModel());
            req.putArray("messages").addObject().put("role", "user").put("content", "Reply with the single word: ok");
            req.put("max_tokens", 5).put("temperature", 0).put("stream", false);
            this.generateRequest = req.toString().getBytes(StandardCharsets.UTF_8);
            return;
        }
        ObjectNode req = mapper.createObjectNode();
        req.put("model", classifier.healthModel());
        req.put("prompt", "Reply with the single word: ok");
        req.put("stream", false);
        req.putObject("options").put("num_predict", 8).put("temperature", 0);
        this.generateRequest = req.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Starts timing a probe. */
    public Run start() {
        return new Run(System.nanoTime());
    }

    /** The body of the tiny non-streaming {@code POST /api/generate}. */
    public byte[] generateRequest() {
        return generateRequest;
    }

    public void afterTags(@ExchangeProperty(PropertyNames.PROBE) Run run, @Header(Exchange.HTTP_RESPONSE_CODE) Integer status,
            @Body String body) {
        int code = status == null ? 0 : status;
        run.verdict = openAi ? classifier.classifyModels(code, body) : classifier.classifyTags(code, body);
    }

    public void afterGenerate(@ExchangeProperty(PropertyNames.PROBE) Run run, @Header(Exchange.HTTP_RESPONSE_CODE) Integer status,
            @Body String body) {
        int code = status == null ? 0 : status;
        run.verdict = openAi ? classifier.classifyChat(code, body, run.elapsedMs())
                : classifier.classifyGenerate(code, body, run.elapsedMs());
    }

    public void afterFailure(@ExchangeProperty(PropertyNames.PROBE) Run run,
            @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable failure) {
        run.verdict = classifier.classifyFailure(failure);
    }

    /** The finished report (the fresh verdict, before hysteresis). */
    public HealthReport finish(@ExchangeProperty(PropertyNames.PROBE) Run run) {
        HealthClassifier.Verdict v = run.verdict != null ? run.verdict
                : new HealthClassifier.Verdict(HealthStatus.DEGRADED, "probe ended without a verdict", 0.0);
        String at = Texts.now(clock, ChronoUnit.MILLIS);
        return new HealthReport(v.status(), v.reason(), run.elapsedMs(), Math.round(v.tokensPerSecond() * 10) / 10.0, at);
    }

    /** One probe in progress. */
    public static final class Run {
        private final long startNanos;
        private HealthClassifier.Verdict verdict;

        Run(long startNanos) {
            this.startNanos = startNanos;
        }

        long elapsedMs() {
            return (System.nanoTime() - startNanos) / 1_000_000;
        }

        /** True once a verdict is known (the tags check failed): the generate call is skipped. */
        public boolean isDecided() {
            return verdict != null;
        }
    }
}
