package io.gatehouse.config;

/**
 * {@code listeners[i]}: one address the proxy accepts client connections on.
 * Defaults: name {@code listener-N} (1-based position), max_connections 10000, no TLS,
 * http2 true, no redirect_https.
 *
 * @param maxConnections client connections held open at once; further ones are closed at accept
 * @param tls            TLS settings, or {@code null} for plain HTTP
 * @param http2          offer HTTP/2 (ALPN on TLS listeners)
 * @param redirectHttps  when not 0, every request is answered 308 to https on this port
 */
public record ListenerConfig(String name, HostPort address, int maxConnections, TlsConfig tls, boolean http2,
                             int redirectHttps) {

    public static final int DEFAULT_MAX_CONNECTIONS = 10_000;

    /** A plain HTTP listener with the defaults. */
    public static ListenerConfig plain(String name, HostPort address) {
        return new ListenerConfig(name, address, DEFAULT_MAX_CONNECTIONS, null, true, 0);
    }

    public boolean isTls() {
        return tls != null;
    }
}
