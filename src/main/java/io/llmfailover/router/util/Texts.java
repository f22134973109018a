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

    /** Now, ISO-8601 with offset in the clock's zone (llm.quota.zone), truncated to the given unit. */
    public static String now(Clock clock, ChronoUnit precision) {
        return OffsetDateTime.now(clock).truncatedTo(precision).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }
}
