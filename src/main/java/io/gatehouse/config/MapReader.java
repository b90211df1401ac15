package io.gatehouse.config;

import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One YAML mapping being read as a config section: typed values by key, each problem reported
 * under the key's path. Remembers the keys asked for, so that {@link #finish()} can report every
 * other key and suggest the closest known one.
 */
final class MapReader {

    private final YamlNode.Mapping map;
    private final String path;
    private final Values values;
    private final Set<String> known = new LinkedHashSet<>();
    private final Set<String> missing = new LinkedHashSet<>();

    private MapReader(YamlNode.Mapping map, String path, Values values) {
        this.map = map;
        this.path = path;
        this.values = values;
    }

    /**
     * Reads {@code node} as a mapping. An empty value reads as an empty mapping; anything else that
     * is not a mapping is reported and also reads as empty, so reading goes on with defaults.
     */
    static MapReader of(YamlNode node, String path, Values values) {
        if (node instanceof YamlNode.Mapping mapping) {
            return new MapReader(mapping, path, values);
        }
        if (!node.isNull()) {
            values.mismatch(node, path, "a mapping");
        }
        return new MapReader(new YamlNode.Mapping(Map.of(), node.mark()), path, values);
    }

    String path() {
        return path;
    }

    Values values() {
        return values;
    }

    String pathOf(String key) {
        return Problems.child(path, key);
    }

    /** The value of {@code key}, or {@code null} when it is absent. */
    YamlNode node(String key) {
        known.add(key);
        YamlNode.Entry entry = map.entries().get(key);
        return entry == null ? null : entry.value();
    }

    /** The value of {@code key}; {@code null} when it is absent, which {@link #finish()} reports. */
    YamlNode required(String key) {
        YamlNode node = node(key);
        if (node == null) {
            missing.add(key);
        }
        return node;
    }

    /** Every entry, for mappings whose keys are names chosen by the user (upstreams, headers). */
    List<YamlNode.Entry> entries() {
        known.addAll(map.entries().keySet());
        return List.copyOf(map.entries().values());
    }

    /** Reports a problem with {@code key}, at its value or, when absent, where the mapping starts. */
    void report(String key, String message) {
        YamlNode.Entry entry = map.entries().get(key);
        values.problems().add(entry == null ? map.mark() : entry.value().mark(), pathOf(key), message);
    }

    String text(String key, String fallback) {
        YamlNode node = node(key);
        return node == null ? fallback : orElse(values.nonEmptyText(node, pathOf(key)), fallback);
    }

    int wholeNumber(String key, int fallback, int min, int max) {
        YamlNode node = node(key);
        return node == null ? fallback : orElse(values.wholeNumber(node, pathOf(key), min, max), fallback);
    }

    boolean bool(String key, boolean fallback) {
        YamlNode node = node(key);
        return node == null ? fallback : orElse(values.bool(node, pathOf(key)), fallback);
    }

    Duration duration(String key, Duration fallback, boolean allowZero) {
        YamlNode node = node(key);
        return node == null ? fallback : orElse(values.duration(node, pathOf(key), allowZero), fallback);
    }

    long size(String key, long fallback, long min, long max) {
        YamlNode node = node(key);
        return node == null ? fallback : orElse(values.size(node, pathOf(key), min, max), fallback);
    }

    /** The mapping under {@code key}; an empty one when absent. */
    MapReader mapping(String key) {
        YamlNode node = node(key);
        return node == null
                ? new MapReader(new YamlNode.Mapping(Map.of(), map.mark()), pathOf(key), values)
                : of(node, pathOf(key), values);
    }

    /** The items of the list under {@code key}; empty when absent, empty or not a list (reported). */
    List<YamlNode> list(String key) {
        YamlNode node = node(key);
        if (node instanceof YamlNode.Sequence sequence) {
            return sequence.items();
        }
        if (node != null && !node.isNull()) {
            values.mismatch(node, pathOf(key), "a list");
        }
        return List.of();
    }

    /** The items of the required list under {@code key}; reports it missing, empty or not a list. */
    List<YamlNode> nonEmptyList(String key, String whenEmpty) {
        YamlNode node = required(key);
        if (node == null) {
            return List.of();
        }
        List<YamlNode> items = list(key);
        if (items.isEmpty() && (node.isNull() || node instanceof YamlNode.Sequence)) {
            values.report(node, pathOf(key), whenEmpty);
        }
        return items;
    }

    /**
     * Reports every key that no read asked for, and every required key that is missing unless an
     * unknown key was reported as its likely misspelling. Call once, after reading the mapping.
     */
    void finish() {
        Set<String> suggested = new HashSet<>();
        for (YamlNode.Entry entry : map.entries().values()) {
            if (!known.contains(entry.key())) {
                String closest = KeySuggestion.closest(entry.key(), known);
                String hint = closest != null
                        ? "; did you mean \"" + closest + "\"?"
                        : " (known keys: " + String.join(", ", known) + ")";
                values.problems().add(entry.keyMark(), pathOf(entry.key()), "unknown key" + hint);
                suggested.add(closest);
            }
        }
        for (String key : missing) {
            if (!suggested.contains(key)) {
                values.problems().add(map.mark(), pathOf(key), "required key is missing");
            }
        }
    }

    private static <T> T orElse(T value, T fallback) {
        return value == null ? fallback : value;
    }
}
