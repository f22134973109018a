package io.llmfailover.router.chat;

import java.util.List;
import java.util.Set;

/**
 * What a provider's configured model can do beyond plain text ({@code llm.<provider>.capabilities}): {@code json}
 * (structured output), {@code tools} (tool calling), {@code vision} (images). A request that needs one skips the
 * providers whose model lacks it.
 */
public final class Capabilities {

    public static final String JSON = "json";
    public static final String TOOLS = "tools";
    public static final String VISION = "vision";
    public static final List<String> ALL = List.of(JSON, TOOLS, VISION);

    private Capabilities() {
    }

    /** The needs the model lacks, in {@link #ALL}'s order. */
    public static List<String> lacking(Set<String> needs, Set<String> has) {
        return ALL.stream().filter(c -> needs.contains(c) && !has.contains(c)).toList();
    }
}
