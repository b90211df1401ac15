package io.gatehouse.config;

import java.math.BigInteger;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Converts YAML nodes to config values. Each method reports a mismatch under the given key path
 * and then returns {@code null}, so the caller can fall back to a default and read on.
 */
final class Values {

    private static final Pattern DECIMAL = Pattern.compile("[+-]?\\d+");

    private final Problems problems;

    Values(Problems problems) {
        this.problems = problems;
    }

    Problems problems() {
        return problems;
    }

    /** Any scalar as written: {@code 1}, {@code yes} and {@code off} stay text. */
    String text(YamlNode node, String path) {
        if (node instanceof YamlNode.Scalar scalar && scalar.kind() != YamlNode.Kind.NULL) {
            return scalar.text();
        }
        return mismatch(node, path, "a string");
    }

    /** Text that is not empty. */
    String nonEmptyText(YamlNode node, String path) {
        String text = text(node, path);
        if (text != null && text.isEmpty()) {
            report(node, path, "must not be empty");
            return null;
        }
        return text;
    }

    /** A whole number in [min, max]; a quoted number is accepted too. */
    Integer wholeNumber(YamlNode node, String path, int min, int max) {
        BigInteger value = null;
        if (node instanceof YamlNode.Scalar scalar) {
            if (scalar.kind() == YamlNode.Kind.INT) {
                value = scalar.integer();
            } else if (scalar.kind() == YamlNode.Kind.STRING && DECIMAL.matcher(scalar.text()).matches()) {
                value = new BigInteger(scalar.text());
            }
        }
        if (value == null) {
            return mismatch(node, path, "a whole number");
        }
        if (value.compareTo(BigInteger.valueOf(min)) < 0 || value.compareTo(BigInteger.valueOf(max)) > 0) {
            String range = max == Integer.MAX_VALUE ? "at least " + min : "from " + min + " to " + max;
            report(node, path, "must be " + range + ", got " + value);
            return null;
        }
        return value.intValue();
    }

    /** {@code true}/{@code false} (YAML's yes/no/on/off too); a quoted true or false is accepted. */
    Boolean bool(YamlNode node, String path) {
        if (node instanceof YamlNode.Scalar scalar) {
            String text = scalar.text().toLowerCase(Locale.ROOT);
            if (scalar.kind() == YamlNode.Kind.TRUE || scalar.kind() == YamlNode.Kind.STRING && text.equals("true")) {
                return true;
            }
            if (scalar.kind() == YamlNode.Kind.FALSE || scalar.kind() == YamlNode.Kind.STRING && text.equals("false")) {
                return false;
            }
        }
        return mismatch(node, path, "true or false");
    }

    /** A duration; zero only when {@code allowZero}. */
    Duration duration(YamlNode node, String path, boolean allowZero) {
        String text = text(node, path);
        if (text == null) {
            return null;
        }
        try {
            Duration value = Durations.parse(text);
            if (value.isZero() && !allowZero) {
                report(node, path, "must be more than 0");
                return null;
            }
            return value;
        } catch (IllegalArgumentException e) {
            report(node, path, e.getMessage());
            return null;
        }
    }

    /** A size in [min, max] bytes. */
    Long size(YamlNode node, String path, long min, long max) {
        String text = text(node, path);
        if (text == null) {
            return null;
        }
        try {
            long value = Sizes.parse(text);
            if (value < min || value > max) {
                String range = max == Long.MAX_VALUE
                        ? "at least " + Sizes.format(min) : "from " + Sizes.format(min) + " to " + Sizes.format(max);
                report(node, path, "must be " + range + ", got " + text);
                return null;
            }
            return value;
        } catch (IllegalArgumentException e) {
            report(node, path, e.getMessage());
            return null;
        }
    }

    /** An address as {@link HostPort#parse} reads it. */
    HostPort hostPort(YamlNode node, String path) {
        String text = text(node, path);
        if (text == null) {
            return null;
        }
        try {
            return HostPort.parse(text);
        } catch (IllegalArgumentException e) {
            report(node, path, e.getMessage());
            return null;
        }
    }

    /** Reports a problem with {@code node}, at its position. */
    void report(YamlNode node, String path, String message) {
        problems.add(node.mark(), path, message);
    }

    /** Reports that {@code node} is not what the key needs, e.g. {@code expected a whole number, got "lots"}. */
    <T> T mismatch(YamlNode node, String path, String expected) {
        report(node, path, "expected " + expected + ", got " + node.describe());
        return null;
    }
}
