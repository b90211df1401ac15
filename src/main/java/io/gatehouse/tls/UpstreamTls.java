package io.gatehouse.tls;

import io.gatehouse.config.HostPort;
import io.gatehouse.config.TlsConfig;
import io.gatehouse.config.UpstreamTlsConfig;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TLS side of connections to one upstream's {@code https://} servers: one client context
 * (trusted CAs, optional client certificate), and per connection an SslHandler that sends SNI and
 * checks the certificate's name (endpoint identification "HTTPS") against {@code sni} or the host.
 */
public final class UpstreamTls {

    private static final Logger log = LoggerFactory.getLogger(UpstreamTls.class);
    private static final long FAILURE_LOG_INTERVAL_NANOS = 10_000_000_000L;

    private final String upstream;
    private final SslContext context;
    private final String sni;
    private final AtomicLong lastFailureLog = new AtomicLong(System.nanoTime() - FAILURE_LOG_INTERVAL_NANOS);

    private UpstreamTls(String upstream, SslContext context, String sni) {
        this.upstream = upstream;
        this.context = context;
        this.sni = sni;
    }

    /**
     * Loads the CA bundle and client certificate and builds the context; blocking (file I/O).
     *
     * @throws SSLException with a message naming the key and the file at fault
     */
    public static UpstreamTls build(String upstream, UpstreamTlsConfig config) throws SSLException {
        String where = "upstreams." + upstream + ".tls";
        SslContextBuilder b;
        try {
            b = SslContextBuilder.forClient()
                    .sslProvider(ServerTls.provider(config.provider()))
                    .protocols(TlsConfig.DEFAULT_PROTOCOLS);
        } catch (SSLException e) {
            throw new SSLException(where + ".provider: " + e.getMessage(), e);
        }
        try {
            if (!config.verify()) {
                log.warn("upstream {}: TLS verification is off", upstream);
                b.trustManager(InsecureTrustManagerFactory.INSTANCE).endpointIdentificationAlgorithm(null);
            } else {
                b.endpointIdentificationAlgorithm("HTTPS");
                if (config.ca() != null) {
                    b.trustManager(CertificateFiles.readChain(config.ca(), CertificateFiles.Part.CA));
                }
            }
            if (config.cert() != null) {
                CertificateFiles.KeyAndChain pair = CertificateFiles.load(config.cert(), config.key());
                b.keyManager(pair.key(), pair.chain());
            }
        } catch (CertificateFiles.TlsFileException e) {
            throw new SSLException(where + "." + e.part().name().toLowerCase(Locale.ROOT) + ": " + e.getMessage());
        }
        try {
            return new UpstreamTls(upstream, b.build(), config.sni());
        } catch (SSLException e) {
            throw new SSLException(where + ": " + e.getMessage(), e);
        }
    }

    /**
     * A handler for a new connection to {@code server}, its handshake bounded by {@code timeoutMillis}.
     * The name sent in SNI and verified is {@code sni}, else the server's host (an IP address is
     * verified but never sent in SNI).
     */
    public SslHandler newHandler(ByteBufAllocator alloc, HostPort server, long timeoutMillis) {
        SslHandler handler = context.newHandler(alloc, sni != null ? sni : server.host(), server.port());
        handler.setHandshakeTimeoutMillis(timeoutMillis);
        return handler;
    }

    /**
     * Logs why a handshake with {@code server} failed (the request gets 502), at most once every
     * 10 seconds per upstream, so that a broken server cannot flood the log.
     */
    public void logHandshakeFailure(Object server, Throwable cause) {
        long now = System.nanoTime();
        long last = lastFailureLog.get();
        if (now - last >= FAILURE_LOG_INTERVAL_NANOS && lastFailureLog.compareAndSet(last, now)) {
            log.warn("upstream {}: TLS handshake with {} failed: {}", upstream, server, rootMessage(cause));
        }
    }

    /** The innermost message: the engines wrap the reason ("unable to find valid certification path"). */
    private static String rootMessage(Throwable cause) {
        String message = cause.toString();
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t.getMessage() != null) {
                message = t.getMessage();
            }
        }
        return message;
    }
}
