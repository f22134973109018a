package io.llmfailover.router.settings;

import java.time.Duration;
import java.util.Locale;

/**
 * Parses the duration syntax used in application.properties: a whole number followed by a unit, {@code 500ms},
 * {@code 10s}, {@code 2m}, {@code 1h}, {@code 1d}, or a bare number of milliseconds. Anything else is rejected, so
 * a typo never silently becomes zero.
 */
public final class Durations {

    private Durations() {
    }

    public static Duration parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty duration");
        }
        String s = text.trim().toLowerCase(Locale.ROOT);
        int i = 0;
        while (i < s.length() && Character.isDigit(s.charAt(i))) {
            i++;
        }
        if (i == 0 || i > 12) {
            throw new IllegalArgumentException("expected a whole number with a unit (500ms, 10s, 2m, 1h)");
        }
        long amount = Long.parseLong(s.substring(0, i));
        String unit = s.substring(i).trim();
        switch (unit) {
            case "":
            case "ms":
                return Duration.ofMillis(amount);
            case "s":
                return Duration.ofSeconds(amount);
            case "m":
                return Duration.ofMinutes(amount);
            case "h":
                return Duration.ofHours(amount);
            case "d":
                return Duration.ofDays(amount);
            default:
                throw new IllegalArgumentException("unknown unit '" + unit + "' (use ms, s, m, h or d)");
        }
    }

    /**
     * Parses a duration that must lie between {@code min} and {@code max} (null: no upper bound).
     *
     * @throws IllegalArgumentException saying what is wrong: not a duration, or out of bounds
     */
    public static Duration parse(String text, Duration min, Duration max) {
        Duration d;
        try {
            d = parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a duration: " + e.getMessage());
        }
        if (d.compareTo(min) < 0 || (max != null && d.compareTo(max) > 0)) {
            throw new IllegalArgumentException(max == null ? "must be at least " + format(min)
                    : "must be between " + format(min) + " and " + format(max));
        }
        return d;
    }

    /** Formats a duration the way it is written in the properties file (largest exact unit). */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms != 0 && ms % 86_400_000L == 0) {
            return ms / 86_400_000L + "d";
        }
        if (ms != 0 && ms % 3_600_000L == 0) {
            return ms / 3_600_000L + "h";
        }
        if (ms != 0 && ms % 60_000L == 0) {
            return ms / 60_000L + "m";
        }
        if (ms != 0 && ms % 1000L == 0) {
            return ms / 1000L + "s";
        }
        return ms + "ms";
    }
}
