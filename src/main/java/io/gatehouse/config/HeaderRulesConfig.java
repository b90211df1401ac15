package io.gatehouse.config;

import java.util.List;
import java.util.Map;

/**
 * {@code routes[i].request_headers} and {@code routes[i].response_headers}: applied in the order
 * remove, set (replaces every value), add (appends a value).
 */
public record HeaderRulesConfig(Map<String, String> set, Map<String, String> add, List<String> remove) {

    public static final HeaderRulesConfig NONE = new HeaderRulesConfig(Map.of(), Map.of(), List.of());

    public HeaderRulesConfig {
        set = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(set));
        add = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(add));
        remove = List.copyOf(remove);
    }

    public boolean isEmpty() {
        return set.isEmpty() && add.isEmpty() && remove.isEmpty();
    }
}
