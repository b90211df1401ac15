package io.gatehouse.config;

import java.util.List;
import java.util.Map;

/**
 * One node of a parsed YAML document, with the line and column it starts at, so that every
 * problem can point at the exact place in the file.
 */
sealed interface YamlNode {

    /** Where the node starts: 1-based line and column. */
    Mark mark();

    /** A position in the file, 1-based. */
    record Mark(int line, int column) {}

    /** How a scalar was resolved by YAML: a plain {@code off} is {@link #FALSE} with text "off". */
    enum Kind { STRING, INT, FLOAT, TRUE, FALSE, NULL }

    /**
     * A single value as written.
     *
     * @param text    the scalar as written (after unquoting)
     * @param integer the value when kind is INT, else {@code null}
     */
    record Scalar(String text, Kind kind, java.math.BigInteger integer, Mark mark) implements YamlNode {}

    /** One key of a mapping, with the key's own position. */
    record Entry(String key, Mark keyMark, YamlNode value) {}

    /** A mapping in file order. */
    record Mapping(Map<String, Entry> entries, Mark mark) implements YamlNode {
        public Mapping {
            entries = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(entries));
        }
    }

    /** A list. */
    record Sequence(List<YamlNode> items, Mark mark) implements YamlNode {
        public Sequence {
            items = List.copyOf(items);
        }
    }

    /** How the node reads in a message: {@code "lots"}, {@code a mapping}, {@code a list}, {@code nothing}. */
    default String describe() {
        if (this instanceof Mapping) {
            return "a mapping";
        }
        if (this instanceof Sequence) {
            return "a list";
        }
        Scalar scalar = (Scalar) this;
        return scalar.kind() == Kind.NULL ? "nothing" : '"' + scalar.text() + '"';
    }

    /** True for an empty value ({@code key:} with nothing after it, or {@code ~}). */
    default boolean isNull() {
        return this instanceof Scalar scalar && scalar.kind() == Kind.NULL;
    }
}
