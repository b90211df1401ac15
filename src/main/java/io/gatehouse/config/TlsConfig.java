package io.gatehouse.config;

import java.nio.file.Path;
import java.util.List;

/**
 * {@code listeners[i].tls}: makes the listener HTTPS. Defaults: protocols [TLSv1.3, TLSv1.2],
 * client_auth none, provider auto. The first certificate is the default; the others are chosen
 * by SNI against their names.
 *
 * @param certificates from {@code cert}/{@code key} (shorthand for one) or {@code certificates}
 * @param clientCa     CA bundle that client certificates must chain to, or {@code null}
 */
public record TlsConfig(
        List<CertificateConfig> certificates,
        List<String> protocols,
        ClientAuth clientAuth,
        Path clientCa,
        Provider provider) {

    public static final List<String> DEFAULT_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    public TlsConfig {
        certificates = List.copyOf(certificates);
        protocols = List.copyOf(protocols);
    }

    /** {@code tls.client_auth}: whether clients must present a certificate (mTLS). */
    public enum ClientAuth { NONE, OPTIONAL, REQUIRE }

    /** {@code tls.provider}: the TLS engine; auto prefers OpenSSL (BoringSSL) and falls back to the JDK. */
    public enum Provider { AUTO, OPENSSL, JDK }

    /** {@code tls.certificates[i]} (or the {@code cert}/{@code key} shorthand): PEM files. */
    public record CertificateConfig(Path cert, Path key) {
    }
}
