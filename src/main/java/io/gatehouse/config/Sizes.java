package io.gatehouse.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sizes as written in the config: a whole number of bytes with an optional unit in powers of
 * 1024 ({@code 512B}, {@code 64KB}, {@code 10MB}, {@code 1GB}; also {@code K}, {@code M},
 * {@code G}, any case). A bare number is bytes.
 */
public final class Sizes {

    private static final Pattern SIZE = Pattern.compile("(\\d+)([KMG]?)B?", Pattern.CASE_INSENSITIVE);

    private Sizes() {}

    /**
     * Parses a size in bytes.
     *
     * @throws IllegalArgumentException with a message for the user, e.g.
     *         {@code "ten megs" is not a size; use e.g. 512B, 64KB, 10MB}
     */
    public static long parse(String text) {
        if (text.startsWith("-")) {
            throw new IllegalArgumentException('"' + text + "\" is not a size: it cannot be negative");
        }
        Matcher size = SIZE.matcher(text);
        if (!size.matches()) {
            throw new IllegalArgumentException('"' + text + "\" is not a size; use e.g. 512B, 64KB, 10MB");
        }
        int shift = switch (size.group(2).toUpperCase(Locale.ROOT)) {
            case "K" -> 10;
            case "M" -> 20;
            case "G" -> 30;
            default -> 0;
        };
        try {
            long amount = Long.parseLong(size.group(1));
            if (amount > Long.MAX_VALUE >> shift) {
                throw new NumberFormatException();
            }
            return amount << shift;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException('"' + text + "\" is too large a size");
        }
    }

    /** The shortest exact way to write {@code bytes}: 1048576 is "1MB", 1536 is "1536B". */
    public static String format(long bytes) {
        String[] units = {"GB", "MB", "KB"};
        for (int i = 0; i < units.length; i++) {
            int shift = 30 - 10 * i;
            if (bytes != 0 && bytes % (1L << shift) == 0) {
                return (bytes >> shift) + units[i];
            }
        }
        return bytes + "B";
    }
}
