package io.llmfailover.router.redis;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import io.llmfailover.router.util.Texts;

/**
 * Which Redis to talk to and how to log in: one server by URL, a master found through Redis Sentinel, or a Redis
 * Cluster. {@link #describe()} and {@link #toString()} never show a password.
 *
 * @param mode             how Redis is reached
 * @param url              URL mode: {@code redis://[user:password@]host:port[/db]} or {@code rediss://...}
 * @param masterName       Sentinel mode: the name the sentinels monitor
 * @param nodes            Sentinel mode: the sentinels; Cluster mode: some cluster nodes (each {@code host:port})
 * @param username         ACL user of the data nodes, or null (URL mode: when the URL names none)
 * @param password         password of the data nodes, or null (URL mode: when the URL holds none)
 * @param database         Sentinel mode: the database number (URL mode: the URL's path; Cluster: always 0)
 * @param ssl              TLS to the nodes (and the sentinels); URL mode: the rediss:// scheme
 * @param sentinelPassword the sentinels' own password, or null
 */
public record RedisTarget(Mode mode, String url, String masterName, List<String> nodes, String username,
        String password, int database, boolean ssl, String sentinelPassword) {

    /** How Redis is reached. */
    public enum Mode { URL, SENTINEL, CLUSTER }

    public RedisTarget {
        nodes = nodes == null ? List.of() : List.copyOf(nodes);
    }

    public static RedisTarget url(String url) {
        return url(url, null, null);
    }

    /** One server; the user and password given here count only when the URL has none. */
    public static RedisTarget url(String url, String username, String password) {
        return new RedisTarget(Mode.URL, url, null, List.of(), username, password, 0, false, null);
    }

    public static RedisTarget sentinel(String masterName, List<String> sentinels, String sentinelPassword,
            String username, String password, int database, boolean ssl) {
        return new RedisTarget(Mode.SENTINEL, null, masterName, sentinels, username, password, database, ssl,
                sentinelPassword);
    }

    public static RedisTarget cluster(List<String> nodes, String username, String password, boolean ssl) {
        return new RedisTarget(Mode.CLUSTER, null, null, nodes, username, password, 0, ssl, null);
    }

    /** Where Redis is, without any password: the URL, {@code sentinel <master> via <sentinels>} or {@code cluster <nodes>}. */
    public String describe() {
        String tls = ssl ? " (TLS)" : "";
        return switch (mode) {
            case URL -> Texts.redactUserInfo(url);
            case SENTINEL -> "sentinel " + masterName + " via " + String.join(",", nodes)
                    + (database == 0 ? "" : " db " + database) + tls;
            case CLUSTER -> "cluster " + String.join(",", nodes) + tls;
        };
    }

    /** Every password this target holds, to blank out of any message. */
    List<String> secrets() {
        List<String> out = new ArrayList<>();
        for (String s : new String[] {password, sentinelPassword, urlPassword()}) {
            if (s != null && !s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }

    /** The URL's password (decoded), or null. */
    String urlPassword() {
        String info = url == null ? null : URI.create(url).getUserInfo();
        int colon = info == null ? -1 : info.indexOf(':');
        return colon < 0 ? null : info.substring(colon + 1);
    }

    /** The URL's user, or null. */
    String urlUser() {
        String info = url == null ? null : URI.create(url).getUserInfo();
        if (info == null) {
            return null;
        }
        String user = info.indexOf(':') < 0 ? info : info.substring(0, info.indexOf(':'));
        return user.isEmpty() ? null : user;
    }

    @Override
    public String toString() {
        return "RedisTarget[" + describe() + (username == null ? "" : ", user " + username)
                + (password == null ? "" : ", password ***")
                + (sentinelPassword == null ? "" : ", sentinel password ***") + "]";
    }
}
