package io.gatehouse.config;

/** {@code upstreams.<name>.servers[i]}: one backend address. Default weight 1. */
public record ServerConfig(HostPort address, int weight) {
    public static final int DEFAULT_WEIGHT = 1;
}
