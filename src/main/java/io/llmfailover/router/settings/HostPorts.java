package io.llmfailover.router.settings;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A comma-separated {@code host:port} list, such as {@code llm.redis.sentinel.nodes} or {@code llm.redis.cluster.nodes}:
 * {@code redis-1:6379,redis-2:6379} or {@code [::1]:26379}. Each node once; an entry that is not host:port is named
 * in the error (with anything before an {@code @} shown as ***, since it may be a password).
 */
final class HostPorts {

    private HostPorts() {
    }

    /** The nodes as written (trimmed), in order; an empty value is an empty list. */
    static List<String> parse(String key, String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        String shown = redact(value);
        Set<String> nodes = new LinkedHashSet<>();
        for (String part : value.split(",", -1)) {
            String node = part.trim();
            if (node.isEmpty()) {
                throw new InvalidSettingException(key, shown, "has an empty entry (a comma too many?)");
            }
            String problem = problem(node);
            if (problem != null) {
                throw new InvalidSettingException(key, shown, "'" + redact(node) + "' " + problem);
            }
            if (!nodes.add(node)) {
                throw new InvalidSettingException(key, shown, "'" + node + "' is listed twice");
            }
        }
        return Collections.unmodifiableList(new ArrayList<>(nodes));
    }

    /** What is wrong with one entry, or null. */
    private static String problem(String node) {
        if (node.contains("://")) {
            return "is not host:port (list host:port pairs, without a scheme such as redis://)";
        }
        if (node.contains("@") || node.chars().anyMatch(Character::isWhitespace) || node.contains("/")) {
            return "is not host:port (a password goes in llm.redis.password, a database in llm.redis.database)";
        }
        int colon = node.lastIndexOf(':');
        if (colon <= 0 || colon == node.length() - 1) {
            return "is not host:port (the port is required, e.g. " + (colon < 0 ? node : node.substring(0, colon))
                    + ":6379)";
        }
        String host = node.substring(0, colon);
        if (host.startsWith("[") != host.endsWith("]") || (!host.startsWith("[") && host.contains(":"))) {
            return "is not host:port (write an IPv6 address in brackets: [::1]:6379)";
        }
        String port = node.substring(colon + 1);
        if (!port.chars().allMatch(Character::isDigit) || port.length() > 5 || Integer.parseInt(port) < 1
                || Integer.parseInt(port) > 65535) {
            return "has no valid port (1 to 65535)";
        }
        return null;
    }

    /** Anything before an @ of each entry replaced by ***. */
    private static String redact(String value) {
        StringBuilder out = new StringBuilder();
        for (String part : value.split(",", -1)) {
            if (out.length() > 0) {
                out.append(',');
            }
            int at = part.lastIndexOf('@');
            out.append(at < 0 ? part : "***" + part.substring(at));
        }
        return out.toString();
    }
}
