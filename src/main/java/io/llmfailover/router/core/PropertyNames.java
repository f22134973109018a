package io.llmfailover.router.core;

/**
 * The exchange properties the routes pass between steps: one name each, used by the Java beans through these
 * constants and by the YAML routes by the same literal name. Internal state travels in properties, never in headers,
 * so nothing of it reaches an upstream or a client.
 */
public final class PropertyNames {

    /** The validated {@code ChatRequest} of a prompt (set by {@code direct:chat}; provider routes read it). */
    public static final String REQUEST = "llmRequest";
    /** Milliseconds left of {@code llm.request-timeout} for the provider call about to be made. */
    public static final String TIME_BUDGET_MS = "llmTimeBudgetMs";
    /** One prompt's walk along the chain ({@code DispatchState}). */
    public static final String DISPATCH = "llmDispatch";
    /** The provider the walk calls now; null when the walk is over. */
    public static final String PROVIDER = "llmProvider";
    /** The routing decision a prompt walks ({@code RoutingDecision}). */
    public static final String DECISION = "llmDecision";
    /** The health report the decision matrix branches on ({@code HealthReport}). */
    public static final String HEALTH = "llmHealth";
    /** The provider order the matrix branch picked, comma-separated ({@code llm.routing.<state>}). */
    public static final String PROVIDER_ORDER = "llmProviderOrder";
    /** What the provider's quota gates answered ({@code QuotaDecision}, with the call's token reservation). */
    public static final String QUOTA = "llmQuota";

    /** The provider whose quota gates {@code direct:quota-gate} runs (its route sets it; gemini when unset). */
    public static final String QUOTA_PROVIDER = "llmQuotaProvider";
    /** A change of Ollama's effective health ({@code HealthChange}), or null. */
    public static final String HEALTH_CHANGE = "llmHealthChange";
    /** What moved the primary: {@code probe}, {@code passive} or {@code forced}. */
    public static final String HEALTH_TRIGGER = "llmHealthTrigger";
    /** One health probe in progress ({@code OllamaProbe.Run}). */
    public static final String PROBE = "llmProbe";
    /** The self-hosted endpoint (provider id) whose health a probe just changed (not the local primary's). */
    public static final String ENDPOINT = "llmEndpoint";
    /** The probe's fresh report, answered by {@code direct:check-health}. */
    public static final String FRESH_REPORT = "llmFreshReport";
    /** One alert on its way to Telegram ({@code TelegramDelivery.Delivery}). */
    public static final String DELIVERY = "llmDelivery";
    /** True when the caller takes the answer as a stream (a front door's {@code stream: true}, direct:chat-stream). */
    public static final String STREAM = "llmStream";
    /** Cancels the prompt when its client goes away ({@code Cancellation}, set by the front doors). */
    public static final String CANCELLATION = "llmCancellation";
    /** Today's Gemini count as the decision read it, without counting ({@code QuotaSnapshot}). */
    public static final String QUOTA_SNAPSHOT = "llmQuotaSnapshot";
    /** The request as a front door parsed it ({@code FrontDoorRequest}). */
    public static final String FRONT_DOOR_REQUEST = "llmFrontDoorRequest";
    /** The front door's {@code X-LLM-Task} header, kept before the client's headers are dropped (a String, or null). */
    public static final String TASK = "llmTask";

    private PropertyNames() {
    }
}
