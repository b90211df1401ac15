package io.gatehouse.cli;

import io.gatehouse.config.AccessLogConfig;
import io.gatehouse.config.ClientTimeoutsConfig;
import io.gatehouse.config.GatehouseConfig;
import io.gatehouse.config.HeaderRulesConfig;
import io.gatehouse.config.HostPort;
import io.gatehouse.config.LimitsConfig;
import io.gatehouse.config.ListenerConfig;
import io.gatehouse.config.MatchConfig;
import io.gatehouse.config.RouteConfig;
import io.gatehouse.config.ServerConfig;
import io.gatehouse.config.UpstreamConfig;
import io.gatehouse.config.UpstreamTimeoutsConfig;
import io.gatehouse.config.UpstreamTlsConfig;
import java.util.List;
import java.util.Map;

/** Builds configs in code, with every default, for the commands that need no file (proxy, demo). */
final class QuickConfig {

    private QuickConfig() {
    }

    static UpstreamConfig upstream(String name, List<ServerConfig> servers) {
        return new UpstreamConfig(name, servers, UpstreamConfig.DEFAULT_KEEPALIVE, UpstreamConfig.DEFAULT_IDLE_TIMEOUT,
                UpstreamTimeoutsConfig.DEFAULTS, UpstreamTlsConfig.DEFAULTS);
    }

    /** A server with weight 1; {@code tls} for https. */
    static ServerConfig server(HostPort address, boolean tls) {
        return new ServerConfig(address, ServerConfig.DEFAULT_WEIGHT, tls);
    }

    static RouteConfig route(String name, MatchConfig match, String upstream, String stripPrefix,
                             HeaderRulesConfig responseHeaders) {
        return new RouteConfig(name, match, upstream, stripPrefix, true, HeaderRulesConfig.NONE, responseHeaders);
    }

    static GatehouseConfig config(HostPort listen, Map<String, UpstreamConfig> upstreams, List<RouteConfig> routes) {
        return new GatehouseConfig(null,
                List.of(ListenerConfig.plain("listener-1", listen)),
                upstreams, routes, LimitsConfig.DEFAULTS, ClientTimeoutsConfig.DEFAULTS, AccessLogConfig.DEFAULTS);
    }
}
