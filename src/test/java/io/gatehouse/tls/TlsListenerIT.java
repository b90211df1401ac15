package io.gatehouse.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.gatehouse.testing.CaAndBackend;
import io.gatehouse.testing.ProxyHarness;
import io.gatehouse.testing.RawClient;
import io.gatehouse.testing.TestBackend;
import io.gatehouse.testing.TestCertificates.Issued;
import io.gatehouse.testing.TestCertificates.KeyFormat;
import io.gatehouse.testing.TestCertificates.KeyType;
import io.gatehouse.testing.TlsSockets;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.util.concurrent.Future;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/** HTTPS listeners: protocols, SNI, key formats, both engines, forwarding headers, redirects, certificate reload. */
class TlsListenerIT extends CaAndBackend {

    private SSLContext trustingCa;

    TlsListenerIT() {
        super("Listener CA");
    }

    @BeforeEach
    void trustTheCa() throws Exception {
        trustingCa = ca.sslContext(null);
    }

    /** A proxy with one HTTPS listener whose {@code tls} mapping is given, in front of the backend. */
    private ProxyHarness proxy(String tls) throws Exception {
        return ProxyHarness.withListener(backend.port(), "tls: " + tls, "");
    }

    /** Writes a certificate (then the CA) and its key as NAME.pem and NAME.key; returns "{cert: ..., key: ...}". */
    private String pair(String name, Issued issued, KeyFormat format) throws Exception {
        Path cert = issued.writeCert(dir.resolve(name + ".pem"), ca.certificate());
        Path key = issued.writeKey(dir.resolve(name + ".key"), format);
        return "{cert: \"%s\", key: \"%s\"}".formatted(cert, key);
    }

    private HttpResponse<String> get(ProxyHarness proxy, String path) throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(trustingCa).version(HttpClient.Version.HTTP_1_1).build();
        return client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + proxy.port() + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk", "openssl"})
    void anHttpsRequestReachesTheBackendMarkedAsHttps(String provider) throws Exception {
        String tls = pair("site", ca.server("localhost"), KeyFormat.PKCS8);
        try (ProxyHarness proxy = proxy(tls.replace("}", ", provider: " + provider + "}"))) {
            HttpResponse<String> response = get(proxy, "/hello");

            assertEquals(200, response.statusCode());
            assertEquals("backend GET /hello", response.body());
            TestBackend.Received received = backend.take();
            assertEquals("https", received.header("X-Forwarded-Proto"));
            assertEquals(Integer.toString(proxy.port()), received.header("X-Forwarded-Port"));
            assertEquals("for=127.0.0.1;host=\"localhost:" + proxy.port() + "\";proto=https",
                    received.header("Forwarded"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk", "openssl"})
    void tls12And13AreAcceptedAndTls11IsRefused(String provider) throws Exception {
        String tls = pair("site", ca.server("localhost"), KeyFormat.PKCS8);
        try (ProxyHarness proxy = proxy(tls.replace("}", ", provider: " + provider + "}"))) {
            assertEquals("TLSv1.3", handshake(proxy.port(), "TLSv1.3"));
            assertEquals("TLSv1.2", handshake(proxy.port(), "TLSv1.2"));
            assertEquals("refused", handshake(proxy.port(), "TLSv1.1"));
        }
    }

    @Test
    void protocolsCanBeLimitedToTls13() throws Exception {
        String tls = pair("site", ca.server("localhost"), KeyFormat.PKCS8);
        try (ProxyHarness proxy = proxy(tls.replace("}", ", protocols: [TLSv1.3]}"))) {
            assertEquals("TLSv1.3", handshake(proxy.port(), "TLSv1.3"));
            assertEquals("refused", handshake(proxy.port(), "TLSv1.2"));
        }
    }

    /**
     * The protocol negotiated by a client that offers only {@code protocol}, or "refused". The client
     * is OpenSSL's, since the JDK's would not even offer TLS 1.1.
     */
    private static String handshake(int port, String protocol) throws Exception {
        SslContext context = SslContextBuilder.forClient().sslProvider(SslProvider.OPENSSL).protocols(protocol)
                .trustManager(InsecureTrustManagerFactory.INSTANCE).build();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            // Kept here: a failed handshake closes the channel, which empties its pipeline.
            SslHandler ssl = context.newHandler(ByteBufAllocator.DEFAULT);
            Channel ch = new Bootstrap().group(group).channel(NioSocketChannel.class)
                    .handler(new ChannelInitializer<>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast(ssl, new ChannelInboundHandlerAdapter() {
                                @Override
                                public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                    ctx.close(); // the handshake future reports it
                                }
                            });
                        }
                    })
                    .connect("127.0.0.1", port).sync().channel();
            Future<Channel> done = ssl.handshakeFuture().await();
            String result = done.isSuccess() ? ssl.engine().getSession().getProtocol() : "refused";
            ch.close().sync();
            return result;
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk", "openssl"})
    void sniChoosesTheCertificateByItsNames(String provider) throws Exception {
        Instant from = Instant.now().minus(Duration.ofDays(1));
        Instant to = Instant.now().plus(Duration.ofDays(30));
        Issued fallback = ca.server("default.test");
        Issued api = ca.server("api.example.com");
        Issued apps = ca.issue("CN=apps", KeyType.EC, from, to, "*.apps.example.com");
        String certificates = "[%s, %s, %s]".formatted(pair("default", fallback, KeyFormat.PKCS8),
                pair("api", api, KeyFormat.TRADITIONAL), pair("apps", apps, KeyFormat.TRADITIONAL));
        try (ProxyHarness proxy = proxy("{certificates: %s, provider: %s}".formatted(certificates, provider))) {
            int port = proxy.port();
            assertEquals(api.certificate(), presented(port, "api.example.com"));
            assertEquals(api.certificate(), presented(port, "API.Example.com"));
            assertEquals(apps.certificate(), presented(port, "x.apps.example.com"));
            assertEquals(fallback.certificate(), presented(port, "unknown.test"));
            assertEquals(fallback.certificate(), presented(port, "apps.example.com"));
            assertEquals(fallback.certificate(), presented(port, null));
        }
    }

    @ParameterizedTest
    @CsvSource({"RSA, PKCS8, PRIVATE KEY", "RSA, TRADITIONAL, RSA PRIVATE KEY",
            "EC, PKCS8, PRIVATE KEY", "EC, TRADITIONAL, EC PRIVATE KEY"})
    void keysOfEveryKindAndFormatWork(KeyType type, KeyFormat format, String pemType) throws Exception {
        Issued issued = ca.issue("CN=localhost", type, Instant.now().minus(Duration.ofDays(1)),
                Instant.now().plus(Duration.ofDays(30)), "localhost");
        String tls = pair("site", issued, format);
        assertTrue(Files.readString(dir.resolve("site.key")).startsWith("-----BEGIN " + pemType + "-----"));
        try (ProxyHarness proxy = proxy(tls)) {
            assertEquals(200, get(proxy, "/").statusCode());
            assertEquals(issued.certificate(), presented(proxy.port(), "localhost"));
        }
    }

    @Test
    void aRedirectListenerAnswers308ToTheHttpsPort() throws Exception {
        String tls = pair("site", ca.server("localhost"), KeyFormat.PKCS8);
        try (ProxyHarness proxy = ProxyHarness.start("""
                listeners:
                  - address: 127.0.0.1:0
                    tls: %s
                  - address: 127.0.0.1:0
                    redirect_https: 8443
                  - address: 127.0.0.1:0
                    redirect_https: 443
                """.formatted(tls));
             RawClient client = new RawClient(proxy.port(1));
             RawClient standardPort = new RawClient(proxy.port(2))) {
            String response = client.send("GET /a/b?c=1 HTTP/1.1\r\nHost: example.com:8080\r\n\r\n").readResponse();
            String toStandard = standardPort.send("GET / HTTP/1.1\r\nHost: example.com\r\n\r\n").readResponse();

            assertTrue(response.startsWith("HTTP/1.1 308 "), response);
            assertTrue(response.contains("\r\nLocation: https://example.com:8443/a/b?c=1\r\n"), response);
            assertTrue(toStandard.contains("\r\nLocation: https://example.com/\r\n"), toStandard);
        }
    }

    @Test
    void rotatedFilesServeNewHandshakesWhileOpenConnectionsGoOn() throws Exception {
        Issued first = ca.server("localhost");
        String tls = pair("site", first, KeyFormat.PKCS8);
        Logger logger = (Logger) LoggerFactory.getLogger(CertificateWatcher.class);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        logger.addAppender(log);
        try (ProxyHarness proxy = proxy(tls);
             SSLSocket open = TlsSockets.open(trustingCa, proxy.port(), "localhost");
             RawClient keepAlive = new RawClient(open)) {
            String request = "GET /kept HTTP/1.1\r\nHost: localhost\r\n\r\n";
            assertTrue(keepAlive.send(request).readResponse().startsWith("HTTP/1.1 200 "));

            Issued second = ca.server("localhost");
            pair("site", second, KeyFormat.TRADITIONAL);
            BigInteger secondSerial = second.certificate().getSerialNumber();
            awaitTrue(() -> serialPresented(proxy.port()).equals(secondSerial), "the new certificate is served");
            assertTrue(keepAlive.send(request).readResponse().startsWith("HTTP/1.1 200 "));
            assertEquals(first.certificate(), TlsSockets.presented(open));

            Files.writeString(dir.resolve("site.pem"), "not a certificate\n");
            awaitTrue(() -> log.list.stream().anyMatch(e -> e.getFormattedMessage().startsWith(
                    "listener listener-1: new certificate files not used, keeping the current ones: ")),
                    "the bad file is logged");
            assertEquals(secondSerial, serialPresented(proxy.port()));
            assertTrue(keepAlive.send(request).readResponse().startsWith("HTTP/1.1 200 "));
        } finally {
            logger.detachAppender(log);
        }
    }

    /**
     * Certificates renewed three times while clients keep coming: new connections with full
     * handshakes and requests on kept-alive connections. The files are overwritten in place, the
     * certificate before its key, so the watcher also sees a certificate with the old key for a
     * moment. Not one request may fail.
     */
    @Test
    void rotationUnderLoadFailsNoRequest() throws Exception {
        String tls = pair("site", ca.server("localhost"), KeyFormat.PKCS8);
        try (ProxyHarness proxy = proxy(tls)) {
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicInteger handshakes = new AtomicInteger();
            AtomicInteger keptAlive = new AtomicInteger();
            Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
            ExecutorService clients = Executors.newFixedThreadPool(4);
            String request = "GET /load HTTP/1.1\r\nHost: localhost\r\n\r\n";
            for (int i = 0; i < 2; i++) {
                clients.execute(() -> untilStopped(running, failures, () -> {
                    try (RawClient c = new RawClient(TlsSockets.open(ca.sslContext(null), proxy.port(), "localhost"))) {
                        expectOk(c.send(request).readResponse());
                        handshakes.incrementAndGet();
                    }
                }));
                clients.execute(() -> {
                    try (RawClient c = new RawClient(TlsSockets.open(trustingCa, proxy.port(), "localhost"))) {
                        untilStopped(running, failures, () -> {
                            expectOk(c.send(request).readResponse());
                            keptAlive.incrementAndGet();
                        });
                    } catch (Exception e) {
                        failures.add(e);
                    }
                });
            }
            for (int rotation = 0; rotation < 3; rotation++) {
                Issued next = ca.server("localhost");
                pair("site", next, rotation % 2 == 0 ? KeyFormat.TRADITIONAL : KeyFormat.PKCS8);
                BigInteger serial = next.certificate().getSerialNumber();
                awaitTrue(() -> serialPresented(proxy.port()).equals(serial), "rotation " + rotation + " is served");
                Thread.sleep(300);
            }
            running.set(false);
            clients.shutdown();
            assertTrue(clients.awaitTermination(20, TimeUnit.SECONDS));
            assertEquals(List.of(), List.copyOf(failures));
            assertTrue(handshakes.get() >= 20, "new connections made: " + handshakes);
            assertTrue(keptAlive.get() >= 20, "requests on kept-alive connections: " + keptAlive);
        }
    }

    private interface ClientStep {
        void run() throws Exception;
    }

    /** Runs {@code step} until {@code running} turns false or it fails once (the failure is recorded). */
    private static void untilStopped(AtomicBoolean running, Queue<Throwable> failures, ClientStep step) {
        while (running.get()) {
            try {
                step.run();
            } catch (Exception | AssertionError e) {
                failures.add(e);
                return;
            }
        }
    }

    private static void expectOk(String response) {
        assertTrue(response.startsWith("HTTP/1.1 200 "), response);
    }

    private BigInteger serialPresented(int port) {
        try {
            return presented(port, "localhost").getSerialNumber();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /**
     * The certificate of a full handshake. A new client context each time, since the JDK client
     * resumes sessions per host and port, whatever the SNI name.
     */
    private X509Certificate presented(int port, String sni) throws Exception {
        return TlsSockets.presented(ca.sslContext(null), port, sni);
    }

    private static void awaitTrue(Supplier<Boolean> condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(100);
        }
    }
}
