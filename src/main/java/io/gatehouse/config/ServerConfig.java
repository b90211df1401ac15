package io.gatehouse.config;

/**
 * {@code upstreams.<name>.servers[i]}: one backend address. Default weight 1, plain HTTP.
 *
 * @param tls true for an {@code https://} server
 */
public record ServerConfig(HostPort address, int weight, boolean tls) {
    public static final int DEFAULT_WEIGHT = 1;
}
