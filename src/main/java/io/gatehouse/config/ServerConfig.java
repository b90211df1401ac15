package io.gatehouse.config;

import java.time.Duration;

/**
 * {@code upstreams.<name>.servers[i]}: one backend address. Defaults: weight 1, plain HTTP,
 * max_fails 1, fail_timeout 10s, max_connections 0 (unlimited), slow_start 0s (off), not backup,
 * not down.
 *
 * @param tls            true for an {@code https://} server
 * @param maxFails       failed requests within {@code failTimeout} that pause the server (0 = never)
 * @param failTimeout    the window failures are counted in, and how long the server then pauses
 * @param maxConnections requests the server may have in flight at once (0 = no limit)
 * @param slowStart      how long its weight ramps up after it comes back (zero = at once)
 * @param backup         used only when no other server can take the request
 * @param down           kept in the list but sent nothing
 */
public record ServerConfig(HostPort address, int weight, boolean tls, int maxFails, Duration failTimeout,
                           int maxConnections, Duration slowStart, boolean backup, boolean down) {

    public static final int DEFAULT_WEIGHT = 1;
    public static final int DEFAULT_MAX_FAILS = 1;
    public static final Duration DEFAULT_FAIL_TIMEOUT = Duration.ofSeconds(10);

    /** A server with every default but its address, weight and scheme. */
    public ServerConfig(HostPort address, int weight, boolean tls) {
        this(address, weight, tls, DEFAULT_MAX_FAILS, DEFAULT_FAIL_TIMEOUT, 0, Duration.ZERO, false, false);
    }
}
