package io.llmfailover.router.chat;

import java.util.ArrayList;
import java.util.List;

/**
 * Puts streamed {@link ToolCallDelta}s back together into whole {@link ToolCall}s (for a collected answer, the Ollama
 * door's stream, an in-JVM caller). Holds the calls' arguments only, and nothing at all for an answer without calls
 * (the common case: nothing is allocated until the first piece). Not thread-safe: one answer's events never overlap.
 */
public final class ToolCallBuffer {

    private List<String> ids;
    private List<String> names;
    private List<StringBuilder> arguments;

    public void add(ToolCallDelta d) {
        if (ids == null) {
            ids = new ArrayList<>(2);
            names = new ArrayList<>(2);
            arguments = new ArrayList<>(2);
        }
        int i = d.index();
        while (ids.size() <= i) {
            ids.add(null);
            names.add(null);
            arguments.add(new StringBuilder());
        }
        if (d.id() != null) {
            ids.set(i, d.id());
        }
        if (d.name() != null) {
            names.set(i, d.name());
        }
        arguments.get(i).append(d.arguments());
    }

    public boolean isEmpty() {
        return ids == null;
    }

    /** The calls so far, in index order; a call whose arguments never came has {@code {}}. */
    public List<ToolCall> calls() {
        if (ids == null) {
            return List.of();
        }
        List<ToolCall> calls = new ArrayList<>(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            if (names.get(i) == null) {
                continue; // an index the provider skipped
            }
            String args = arguments.get(i).toString();
            calls.add(new ToolCall(ids.get(i) == null ? ToolCall.newId() : ids.get(i), names.get(i),
                    args.isBlank() ? "{}" : args));
        }
        return calls;
    }
}
