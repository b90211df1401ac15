package io.gatehouse.config;

import java.time.Duration;
import java.util.List;

/**
 * {@code upstreams.<name>}: a named group of servers. Defaults: keepalive 32 idle pooled
 * connections per server (per event loop), idle_timeout 60s, timeouts as in
 * {@link UpstreamTimeoutsConfig#DEFAULTS}, tls as in {@link UpstreamTlsConfig#DEFAULTS}.
 *
 * @param keepalive   idle pooled connections kept per server and event loop
 * @param idleTimeout a pooled connection unused for this long is closed
 * @param tls         how the {@code https://} servers are reached
 */
public record UpstreamConfig(
        String name,
        List<ServerConfig> servers,
        int keepalive,
        Duration idleTimeout,
        UpstreamTimeoutsConfig timeouts,
        UpstreamTlsConfig tls) {

    public static final int DEFAULT_KEEPALIVE = 32;
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);

    public UpstreamConfig {
        servers = List.copyOf(servers);
    }
}
