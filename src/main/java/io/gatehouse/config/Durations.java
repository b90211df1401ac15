package io.gatehouse.config;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as written in the config: a number and a unit ({@code 250ms}, {@code 5s},
 * {@code 2m}, {@code 1h}, {@code 1d}), or several from the largest unit down ({@code 1m30s}).
 */
public final class Durations {

    /**
     * The longest duration accepted: every timeout is added to the clock in nanoseconds, where one
     * of more than about 292 years would overflow; a year is far beyond any sensible setting.
     */
    static final Duration MAX = Duration.ofDays(365);
    /** Largest first; a combination must follow this order. */
    private static final List<String> UNITS = List.of("d", "h", "m", "s", "ms");
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|d|h|m|s)");

    private Durations() {}

    /**
     * Parses a duration.
     *
     * @throws IllegalArgumentException with a message for the user, e.g.
     *         {@code "5 sec" is not a duration; use e.g. 5s, 250ms}
     */
    public static Duration parse(String text) {
        if (text.startsWith("-")) {
            throw new IllegalArgumentException('"' + text + "\" is not a duration: it cannot be negative");
        }
        if (text.isEmpty()) {
            throw invalid(text);
        }
        Matcher part = PART.matcher(text);
        Duration total = Duration.ZERO;
        int lastUnit = -1;
        for (int end = 0; end < text.length(); end = part.end()) {
            part.region(end, text.length());
            if (!part.lookingAt()) {
                throw invalid(text);
            }
            int unit = UNITS.indexOf(part.group(2));
            if (unit <= lastUnit) {
                throw invalid(text);
            }
            lastUnit = unit;
            total = plus(total, text, part.group(1), part.group(2));
        }
        if (total.compareTo(MAX) > 0) {
            throw tooLong(text);
        }
        return total;
    }

    private static Duration plus(Duration total, String text, String digits, String unit) {
        try {
            long amount = Long.parseLong(digits);
            return switch (unit) {
                case "ms" -> total.plusMillis(amount);
                case "s" -> total.plusSeconds(amount);
                case "m" -> total.plus(Duration.ofMinutes(amount));
                case "h" -> total.plus(Duration.ofHours(amount));
                default -> total.plus(Duration.ofDays(amount));
            };
        } catch (ArithmeticException | NumberFormatException e) {
            throw tooLong(text);
        }
    }

    private static IllegalArgumentException tooLong(String text) {
        return new IllegalArgumentException('"' + text + "\" is too long a duration; at most 365d");
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException('"' + text + "\" is not a duration; use e.g. 5s, 250ms");
    }
}
