package io.gatehouse.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The whole configuration file: listeners, upstreams, routes and the proxy-wide settings.
 * From a file it is built by {@link ConfigLoader}, which validates the graph as a whole (every
 * route names a known upstream, no two listeners share an address); quick mode and the demo build
 * theirs in code.
 *
 * @param source    the file it was read from, or {@code null} when built in code (quick mode, demo)
 * @param upstreams in file order
 */
public record GatehouseConfig(
        Path source,
        List<ListenerConfig> listeners,
        Map<String, UpstreamConfig> upstreams,
        List<RouteConfig> routes,
        LimitsConfig limits,
        ClientTimeoutsConfig timeouts,
        AccessLogConfig accessLog) {

    public GatehouseConfig {
        listeners = List.copyOf(listeners);
        upstreams = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(upstreams));
        routes = List.copyOf(routes);
    }
}
