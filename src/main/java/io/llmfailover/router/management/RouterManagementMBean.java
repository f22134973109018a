package io.llmfailover.router.management;

/**
 * The router's JMX face, {@code io.llmfailover:type=Router,name=<camel context name>}: what it knows and what an
 * operator may do during an incident without a redeploy. No attribute exposes a secret.
 */
public interface RouterManagementMBean {

    /** HEALTHY, SLOW, DEGRADED or OFFLINE: the health routing uses now. */
    String getOllamaHealth();

    String getOllamaHealthReason();

    /** Where prompts go first now. */
    String getCurrentPrimary();

    /** Where they go next, in order. */
    String[] getFallbackChain();

    /** The current decision's reason. */
    String getRoutingReason();

    /** Gemini calls allowed today (-1 when the counter cannot be read). */
    long getGeminiCallsToday();

    long getGeminiDailyQuota();

    /** "redis" or "in-memory". */
    String getQuotaMode();

    /** When Ollama last stopped being the primary on this instance (ISO-8601), or empty. */
    String getLastFailoverTime();

    /** When Ollama last became the primary again on this instance (ISO-8601), or empty. */
    String getLastRecoveryTime();

    /** The provider forced by an operator, or empty. */
    String getForcedPrimary();

    /** When the forced primary ends (ISO-8601), or empty. */
    String getForcedUntil();

    /** Probes Ollama now and records the verdict; answers the fresh health report. */
    String probeNow();

    /**
     * Sends every prompt to {@code provider} first for {@code minutes} (1 to 1440); the rest of the chain keeps its
     * order. Shows in the routing decision's reason and in an audit line.
     */
    String forcePrimary(String provider, int minutes);

    /** Like {@link #forcePrimary} with a duration written as in the properties: 30s, 10m, 2h (1 s to 24 h). */
    String forcePrimaryFor(String provider, String duration);

    /** Ends a forced primary now. */
    String clearForcedPrimary();

    /** Each cloud provider's breaker on this instance: {@code gemini=closed, nemotron=open, claude=closed}. */
    String getBreakers();

    /** Closes every breaker on this instance (the providers are back): the next prompt tries them again. */
    String resetBreakers();

    /** Changes this instance's Gemini daily quota until restart (>= 0). */
    String setGeminiDailyQuota(long quota);

    /** Forgets the cached health report (here and in Redis) and probes again. */
    String clearHealthCache();
}
