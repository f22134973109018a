package io.llmfailover.router.routing;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import io.llmfailover.router.settings.RoutingSettings;

/** Prompts per task with a matrix of its own, and prompts that named a task without one. */
final class TaskCounts {

    private final LongAdder unknown = new LongAdder();
    private final Map<String, LongAdder> known = new ConcurrentHashMap<>();

    /** Counts the request's task; answers it when it has a matrix of its own, else null (the default matrix). */
    String count(String task, RoutingSettings routing) {
        if (task == null) {
            return null;
        }
        if (!routing.knowsTask(task)) {
            unknown.increment();
            return null;
        }
        LongAdder n = known.get(task);
        if (n == null) {
            n = known.computeIfAbsent(task, t -> new LongAdder());
        }
        n.increment();
        return task;
    }

    long unknown() {
        return unknown.sum();
    }

    Map<String, Long> perTask() {
        Map<String, Long> out = new TreeMap<>();
        known.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}
