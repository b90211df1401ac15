package io.gatehouse.config;

import java.time.Duration;
import java.util.List;

/**
 * {@code upstreams.<name>}: a named group of servers. Defaults: keepalive 32 idle pooled
 * connections per server (per event loop), idle_timeout 60s, timeouts as in
 * {@link UpstreamTimeoutsConfig#DEFAULTS}, tls as in {@link UpstreamTlsConfig#DEFAULTS}, balance
 * round_robin, no sticky cookie, no active health checks, retries as in
 * {@link RetriesConfig#DEFAULTS}, no outlier detection, queue as in {@link QueueConfig#DEFAULTS},
 * host names resolved once at start.
 *
 * @param keepalive        idle pooled connections kept per server and event loop
 * @param idleTimeout      a pooled connection unused for this long is closed
 * @param tls              how the {@code https://} servers are reached
 * @param hashKey          what {@code balance: hash} hashes; {@code null} for other methods
 * @param sticky           the session-affinity cookie, or {@code null}
 * @param healthCheck      active health checks, or {@code null} for none
 * @param outlierDetection ejection after consecutive 5xx, or {@code null} for none
 * @param resolve          how often host names are resolved again, or {@code null} to resolve once
 */
public record UpstreamConfig(
        String name,
        List<ServerConfig> servers,
        int keepalive,
        Duration idleTimeout,
        UpstreamTimeoutsConfig timeouts,
        UpstreamTlsConfig tls,
        Balance balance,
        HashKeyConfig hashKey,
        StickyConfig sticky,
        HealthCheckConfig healthCheck,
        RetriesConfig retries,
        OutlierDetectionConfig outlierDetection,
        QueueConfig queue,
        Duration resolve) {

    public static final int DEFAULT_KEEPALIVE = 32;
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);

    /** {@code balance}: how a server is chosen for each request. */
    public enum Balance { ROUND_ROBIN, LEAST_CONN, LEAST_TIME, RANDOM, IP_HASH, HASH }

    public UpstreamConfig {
        servers = List.copyOf(servers);
    }

    /** An upstream with the given pool settings and every other default. */
    public UpstreamConfig(String name, List<ServerConfig> servers, int keepalive, Duration idleTimeout,
                          UpstreamTimeoutsConfig timeouts, UpstreamTlsConfig tls) {
        this(name, servers, keepalive, idleTimeout, timeouts, tls, Balance.ROUND_ROBIN, null, null, null,
                RetriesConfig.DEFAULTS, null, QueueConfig.DEFAULTS, null);
    }
}
