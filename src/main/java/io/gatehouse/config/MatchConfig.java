package io.gatehouse.config;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code routes[i].match}: conditions that must all hold. A {@code null} field is no condition.
 * At most one of path, pathPrefix and pathRegex is set.
 *
 * @param host    exact ("api.example.com") or wildcard ("*.example.com"), lower-cased
 * @param methods upper-case method names, or empty for any method
 * @param headers header name to exact value
 */
public record MatchConfig(
        String host,
        String path,
        String pathPrefix,
        Pattern pathRegex,
        List<String> methods,
        Map<String, String> headers) {

    public static final MatchConfig ALL = new MatchConfig(null, null, null, null, List.of(), Map.of());

    public MatchConfig {
        methods = List.copyOf(methods);
        headers = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(headers));
    }
}
