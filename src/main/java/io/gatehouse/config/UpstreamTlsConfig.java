package io.gatehouse.config;

import java.nio.file.Path;

/**
 * {@code upstreams.<name>.tls}: how the upstream's {@code https://} servers are reached.
 * Defaults: verify true, ca the JDK's default trust store, sni the server's host name (none for an
 * IP address), no client certificate, provider auto.
 *
 * @param verify whether the server's certificate chain and name are checked
 * @param ca     PEM bundle of the CAs to trust, or {@code null} for the JDK's default trust store
 * @param sni    the name sent in SNI and checked against the certificate, or {@code null} for the server's host
 * @param cert   client certificate chain (PEM) shown to servers that ask for one, or {@code null}
 * @param key    the private key of {@code cert}, or {@code null}
 */
public record UpstreamTlsConfig(boolean verify, Path ca, String sni, Path cert, Path key, TlsConfig.Provider provider) {

    public static final UpstreamTlsConfig DEFAULTS =
            new UpstreamTlsConfig(true, null, null, null, null, TlsConfig.Provider.AUTO);
}
