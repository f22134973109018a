package io.llmfailover.router.management;

/**
 * The router's JMX face, {@code io.llmfailover:type=Router,name=<camel context name>}: what it knows and what an
 * operator may do during an incident without a redeploy. No attribute exposes a secret. The {@link Described} texts
 * are what JConsole, Hawtio and {@code jolokia list} show.
 */
@Described("llm-failover-router on this instance: where prompts go, why, and the levers an operator may pull "
        + "during an incident (every change is audited and lasts until restart or its end)")
public interface RouterManagementMBean {

    @Described("Ollama's health as routing uses it now: HEALTHY, SLOW, DEGRADED or OFFLINE")
    String getOllamaHealth();

    @Described("Why Ollama has that health (the probe's or a failed call's reason)")
    String getOllamaHealthReason();

    @Described("Each self-hosted endpoint's health, the local primary's first: ollama=HEALTHY, gpu2=OFFLINE "
            + "(connection refused); an OFFLINE or DEGRADED one other than the local primary is skipped")
    String getEndpointHealth();

    @Described("The provider prompts go to first now: ollama, gemini, nemotron or claude")
    String getCurrentPrimary();

    @Described("The providers tried after the primary, in order")
    String[] getFallbackChain();

    @Described("Why the routing is what it is (health state, quota, forced primary)")
    String getRoutingReason();

    @Described("Gemini calls allowed today (the shared daily counter; -1 when it cannot be read)")
    long getGeminiCallsToday();

    @Described("Gemini calls allowed per day on this instance (llm.gemini.daily-quota, or setGeminiDailyQuota)")
    long getGeminiDailyQuota();

    @Described("Per provider with a quota or a price: calls and tokens today with their quotas, and this instance's"
            + " spend today (price-input, price-output)")
    String[] getQuotas();

    @Described("Where the quota counter lives: redis (shared by all instances) or in-memory (this instance only)")
    String getQuotaMode();

    @Described("When Ollama last stopped being the primary on this instance (ISO-8601), or empty")
    String getLastFailoverTime();

    @Described("When Ollama last became the primary again on this instance (ISO-8601), or empty")
    String getLastRecoveryTime();

    @Described("The provider an operator forced to the front of every chain, or empty")
    String getForcedPrimary();

    @Described("When the forced primary ends (ISO-8601), or empty")
    String getForcedUntil();

    @Described("Probes Ollama now, records the verdict, and answers the fresh health report")
    String probeNow();

    @Described("Sends every prompt to this provider first for this many minutes; the rest of the chain keeps its "
            + "order. Audited, and shown in the routing reason")
    String forcePrimary(
            @Described(name = "provider", value = "ollama, gemini, nemotron or claude") String provider,
            @Described(name = "minutes", value = "how long, in minutes: 1 to 1440") int minutes);

    @Described("Like forcePrimary, with the duration written as in the properties")
    String forcePrimaryFor(
            @Described(name = "provider", value = "ollama, gemini, nemotron or claude") String provider,
            @Described(name = "duration", value = "how long: 30s, 10m, 2h (1 second to 24 hours)") String duration);

    @Described("Ends a forced primary now: routing follows the decision matrix again")
    String clearForcedPrimary();

    @Described("Each cloud provider's breaker on this instance: gemini=closed, nemotron=open, claude=half_open")
    String getBreakers();

    @Described("Closes every breaker (the providers are back): the next prompts try them again, on every instance "
            + "sharing Redis")
    String resetBreakers();

    @Described("Changes this instance's Gemini daily quota until restart")
    String setGeminiDailyQuota(
            @Described(name = "quota", value = "Gemini calls per day: 0 (never call Gemini) or more") long quota);

    @Described("Forgets the cached health report (here and in Redis) and probes Ollama again")
    String clearHealthCache();
}
