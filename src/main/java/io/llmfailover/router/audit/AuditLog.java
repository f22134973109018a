package io.llmfailover.router.audit;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmfailover.router.core.PropertyNames;
import io.llmfailover.router.events.PrimaryChangedEvent;
import io.llmfailover.router.quota.QuotaDecision;
import io.llmfailover.router.util.Texts;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Structured audit trail: one JSON line per primary change and per quota denial, on the dedicated logger
 * {@value #LOGGER} so logging configuration can send it to its own file. Fields: service ({@code llm_failover}),
 * action, from, to, reason, health_status, time, instance, and per action: trigger (primary changes), count, quota and
 * gate_error (quota denials).
 */
public final class AuditLog {

    public static final String LOGGER = "llm.audit";
    private static final Logger AUDIT = LoggerFactory.getLogger(LOGGER);

    private final ObjectMapper mapper;
    private final Clock clock;
    private final String instance;

    public AuditLog(ObjectMapper mapper, Clock clock, String instance) {
        this.mapper = mapper;
        this.clock = clock;
        this.instance = instance;
    }

    public void primaryChanged(@Body PrimaryChangedEvent event) {
        write(event.kind(), event.from(), event.to(), event.reason(),
                event.health() == null ? null : event.health().status().name(), event.time(), Map.of("trigger", event.trigger()));
    }

    public void quotaDenied(@ExchangeProperty(PropertyNames.QUOTA) QuotaDecision decision,
            @ExchangeProperty(PropertyNames.HEALTH) io.llmfailover.router.health.HealthReport health) {
        write("quota_denied", decision.provider(), null, decision.reason(), health == null ? null : health.status().name(), now(),
                Map.of("count", decision.count(), "quota", decision.quota(), "gate_error", decision.gateError(),
                "quota_kind", decision.tokens() ? "tokens" : "calls"));
    }

    /** An operator forced (or released) the primary provider. */
    public void forced(String to, String reason) {
        write(to == null ? "force_cleared" : "forced_primary", null, to, reason, null, now(), Map.of());
    }

    private void write(String action, String from, String to, String reason, String healthStatus, String time,
            Map<String, Object> extra) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("service", "llm_failover");
        line.put("action", action);
        line.put("from", from);
        line.put("to", to);
        line.put("reason", reason);
        line.put("health_status", healthStatus);
        line.put("time", time);
        line.put("instance", instance);
        line.putAll(extra);
        try {
            AUDIT.info(mapper.writeValueAsString(line));
        } catch (JsonProcessingException e) {
            AUDIT.warn("{\"service\":\"llm_failover\",\"action\":\"audit_error\"}");
        }
    }

    private String now() {
        return Texts.now(clock, ChronoUnit.MILLIS);
    }
}
