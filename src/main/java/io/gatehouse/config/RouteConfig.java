package io.gatehouse.config;

/**
 * {@code routes[i]}: which requests go to which upstream, and how they are rewritten.
 * Defaults: name {@code route-N} (1-based position), match all, no strip_prefix,
 * preserve_host true, no header rules.
 *
 * @param stripPrefix removed from the start of the path before forwarding, or {@code null}
 */
public record RouteConfig(
        String name,
        MatchConfig match,
        String upstream,
        String stripPrefix,
        boolean preserveHost,
        HeaderRulesConfig requestHeaders,
        HeaderRulesConfig responseHeaders) {
}
