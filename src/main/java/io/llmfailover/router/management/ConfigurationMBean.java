package io.llmfailover.router.management;

/**
 * The configuration's JMX face, {@code io.llmfailover:type=Configuration,name=<camel context name>}: the provider
 * catalogue and the matrices in force, and the reload. No attribute exposes a secret (an API key shows as set or not).
 */
@Described("The provider catalogue and decision matrices in force on this instance, and their reload")
public interface ConfigurationMBean {

    @Described("Each provider of the catalogue: id, type, model, API root, self-hosted or not, key set or not, quotas")
    String[] getProviders();

    @Described("The default matrix and each task's own rows (llm.routing.<state> and llm.routing.<task>.<state>)")
    String[] getMatrices();

    @Described("Prompts per task that has a matrix of its own, since start")
    String getTaskCounts();

    @Described("Prompts that named a task without a matrix of its own (the default matrix took them), since start")
    long getUnknownTasks();

    @Described("Reads application.properties and the environment again: a good edit of the catalogue or a matrix takes"
            + " effect for the next prompt (prompts in flight finish as they started); a bad one is refused whole,"
            + " with the key, the value and where it was set. Answers what changed, or why it was refused")
    String reloadConfiguration();
}
