package io.gatehouse.tls;

import io.gatehouse.config.TlsConfig;
import io.gatehouse.pipeline.ClientCertificate;
import io.netty.channel.Channel;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SniHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import io.netty.util.DomainWildcardMappingBuilder;
import io.netty.util.Mapping;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLException;
import javax.security.auth.x500.X500Principal;

/**
 * The TLS side of one HTTPS listener: an SSL context per certificate, chosen per handshake by SNI
 * against the certificates' names (exact and wildcard), the first certificate as the default.
 * The mapping can be swapped at run time ({@link #reload}) for new handshakes only.
 */
public final class ServerTls {

    /**
     * The type of the key store Netty keeps the key in, in memory only. JKS guards the key with one
     * hash; the default PKCS#12 derives the key with 10,000 PBKDF2 rounds at every start and reload,
     * which buys nothing in memory and makes the JIT compile that loop (some 20 MB of peak RSS).
     */
    static final String IN_MEMORY_KEY_STORE = "JKS";

    /** TLS 1.3 suites, then TLS 1.2 suites with forward secrecy and AEAD only. */
    static final List<String> CIPHERS = List.of(
            "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    private final TlsConfig config;
    private final boolean http2;
    private final SslProvider provider;
    private volatile Mapping<String, SslContext> contexts;

    private ServerTls(TlsConfig config, boolean http2, SslProvider provider, Mapping<String, SslContext> contexts) {
        this.config = config;
        this.http2 = http2;
        this.provider = provider;
        this.contexts = contexts;
    }

    /**
     * Loads every certificate and builds the contexts; blocking (file I/O), so off the event loops.
     *
     * @param http2 offer {@code h2} before {@code http/1.1} in ALPN
     * @throws SSLException with a message naming the file or the provider problem
     */
    public static ServerTls build(TlsConfig config, boolean http2) throws SSLException {
        SslProvider provider = provider(config.provider());
        return new ServerTls(config, http2, provider, buildMapping(config, http2, provider));
    }

    /** Loads the files again; on success new handshakes use them, on failure nothing changes. */
    public void reload() throws SSLException {
        contexts = buildMapping(config, http2, provider);
    }

    public TlsConfig config() {
        return config;
    }

    /** "openssl" or "jdk": the engine in use. */
    public String providerName() {
        return provider == SslProvider.JDK ? "jdk" : "openssl";
    }

    /**
     * Adds TLS to a new connection: a handler that reads the SNI name and installs the matching
     * SslHandler and, when the listener asks for client certificates, one that records the
     * certificate in the channel's {@link ClientCertificate#KEY} attribute.
     */
    public void install(Channel ch) {
        ch.pipeline().addLast(new SniHandler(name -> contexts.map(name)));
        if (config.clientAuth() != TlsConfig.ClientAuth.NONE) {
            ClientCertificate certificate = new ClientCertificate();
            ch.attr(ClientCertificate.KEY).set(certificate);
            ch.pipeline().addLast(new ClientCertificateHandler(certificate));
        }
    }

    /** The engine for {@code provider: auto | openssl | jdk}; openssl fails when it is not available here. */
    static SslProvider provider(TlsConfig.Provider wanted) throws SSLException {
        return switch (wanted) {
            case JDK -> SslProvider.JDK;
            case OPENSSL -> {
                if (!OpenSsl.isAvailable()) {
                    throw new SSLException("provider openssl is not available on this machine ("
                            + OpenSsl.unavailabilityCause() + "); use provider auto or jdk");
                }
                yield SslProvider.OPENSSL;
            }
            case AUTO -> OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
        };
    }

    private static Mapping<String, SslContext> buildMapping(TlsConfig config, boolean http2, SslProvider provider)
            throws SSLException {
        DomainWildcardMappingBuilder<SslContext> builder = null;
        for (TlsConfig.CertificateConfig files : config.certificates()) {
            CertificateFiles.KeyAndChain pair;
            try {
                pair = CertificateFiles.load(files.cert(), files.key());
            } catch (CertificateFiles.TlsFileException e) {
                throw new SSLException(e.getMessage());
            }
            SslContext context = context(config, http2, provider, pair);
            if (builder == null) {
                builder = new DomainWildcardMappingBuilder<>(context);
            }
            for (String name : namesOf(pair.leaf())) {
                builder.add(name, context);
            }
        }
        if (builder == null) {
            throw new SSLException("no certificate configured");
        }
        return builder.build();
    }

    private static final X509Certificate[] NO_CLIENT_CERTIFICATES = new X509Certificate[0];

    private static SslContext context(TlsConfig config, boolean http2, SslProvider provider,
                                      CertificateFiles.KeyAndChain pair) throws SSLException {
        SslContextBuilder b = SslContextBuilder.forServer(pair.key(), pair.chain())
                .keyStoreType(IN_MEMORY_KEY_STORE)
                .sslProvider(provider)
                .protocols(config.protocols())
                .ciphers(CIPHERS, SupportedCipherSuiteFilter.INSTANCE)
                .sessionCacheSize(20_480)
                .sessionTimeout(3600)
                .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                        http2 ? List.of(ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1)
                                : List.of(ApplicationProtocolNames.HTTP_1_1)));
        if (config.clientAuth() != TlsConfig.ClientAuth.NONE) {
            b.clientAuth(config.clientAuth() == TlsConfig.ClientAuth.REQUIRE ? ClientAuth.REQUIRE : ClientAuth.OPTIONAL)
                    .trustManager(clientCa(config));
        } else {
            // No client certificates are asked for, so none are checked: an empty trust store
            // spares loading and parsing the JDK's CA bundle, which the TLS engine would otherwise
            // build its default trust from (about 150 certificates, 1 MiB and more at start).
            b.trustManager(NO_CLIENT_CERTIFICATES);
        }
        return b.build();
    }

    /**
     * The client CA bundle, read as {@code validate} reads it (PEM or DER), so that a file it
     * accepted cannot fail here in Netty's own PEM-only reader.
     */
    private static X509Certificate[] clientCa(TlsConfig config) throws SSLException {
        try {
            return CertificateFiles.readChain(config.clientCa(), CertificateFiles.Part.CA);
        } catch (CertificateFiles.TlsFileException e) {
            throw new SSLException("client_ca: " + e.getMessage());
        }
    }

    /** The DNS names of the certificate's SAN, or its CN when it has none. */
    static List<String> namesOf(X509Certificate cert) {
        List<String> names = new ArrayList<>();
        try {
            var sans = cert.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    if (Integer.valueOf(2).equals(san.get(0))) {
                        names.add(san.get(1).toString());
                    }
                }
            }
        } catch (CertificateParsingException ignored) {
            // Fall back to the CN below.
        }
        if (names.isEmpty()) {
            String dn = cert.getSubjectX500Principal().getName(X500Principal.RFC2253);
            for (String part : dn.split(",")) {
                if (part.startsWith("CN=")) {
                    names.add(part.substring(3));
                }
            }
        }
        return names;
    }
}
