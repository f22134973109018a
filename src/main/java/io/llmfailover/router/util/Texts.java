package io.llmfailover.router.util;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.regex.Pattern;

/** Small text helpers shared by reasons, reports and audit lines. */
public final class Texts {

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private Texts() {
    }

    /** The text on one line (runs of whitespace become one space), cut to {@code max} characters with "...". */
    public static String oneLine(String s, int max) {
        if (s == null) {
            return "";
        }
        String oneLine = WHITESPACE.matcher(s).replaceAll(" ").trim();
        return oneLine.length() <= max ? oneLine : oneLine.substring(0, max) + "...";
    }

    /** The first {@code maxBytes} of UTF-8 bytes as text, never cutting a character in half. */
    public static String utf8Prefix(byte[] bytes, int maxBytes) {
        int end = Math.min(bytes.length, maxBytes);
        // step back over continuation bytes (10xxxxxx) to the start of the character the cut would split
        if (end < bytes.length) {
            while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
                end--;
            }
        }
        return new String(bytes, 0, end, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Now, ISO-8601 with offset in the clock's zone (llm.quota.zone), truncated to the given unit. */
    public static String now(Clock clock, ChronoUnit precision) {
        return OffsetDateTime.now(clock).truncatedTo(precision).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }

    /** Replaces the password of a URL such as redis://user:secret@host with ***, for logs and errors. */
    public static String redactUserInfo(String url) {
        if (url == null) {
            return null;
        }
        int scheme = url.indexOf("://");
        int at = url.lastIndexOf('@');
        if (scheme < 0 || at < scheme) {
            return url;
        }
        String userInfo = url.substring(scheme + 3, at);
        int colon = userInfo.indexOf(':');
        String user = colon < 0 ? "" : userInfo.substring(0, colon);
        return url.substring(0, scheme + 3) + (user.isEmpty() ? "" : user + ":") + "***" + url.substring(at);
    }

    /** A number as people write it: {@code 5} rather than {@code 5.0}, {@code 2.5} as it is. */
    public static String number(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
