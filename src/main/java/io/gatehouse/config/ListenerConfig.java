package io.gatehouse.config;

/**
 * {@code listeners[i]}: one address the proxy accepts client connections on.
 * Defaults: name {@code listener-N} (1-based position), max_connections 10000.
 *
 * @param maxConnections client connections held open at once; further ones are closed at accept
 */
public record ListenerConfig(String name, HostPort address, int maxConnections) {
    public static final int DEFAULT_MAX_CONNECTIONS = 10_000;
}
