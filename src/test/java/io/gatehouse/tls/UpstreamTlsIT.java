package io.gatehouse.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.sun.net.httpserver.HttpsExchange;
import io.gatehouse.config.ConfigLoader;
import io.gatehouse.config.GatehouseConfig;
import io.gatehouse.server.GatehouseServer;
import io.gatehouse.server.StartupException;
import io.gatehouse.testing.ProxyHarness;
import io.gatehouse.testing.TestBackend;
import io.gatehouse.testing.TestCertificates;
import io.gatehouse.testing.TestCertificates.KeyFormat;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/** Upstream servers reached over https://: verification of chain and name, verify: false, client certificates. */
class UpstreamTlsIT {

    @TempDir
    Path dir;

    private TestCertificates ca;
    private Path caFile;
    private TestBackend backend;

    @BeforeEach
    void setUp() throws Exception {
        ca = TestCertificates.newCa("Backend CA");
        caFile = ca.writeCert(dir.resolve("ca.pem"));
    }

    @AfterEach
    void tearDown() {
        if (backend != null) {
            backend.close();
        }
    }

    /** An HTTPS backend whose certificate names {@code names}; it answers with the client certificate's subject. */
    private TestBackend httpsBackend(boolean needClientAuth, String... names) throws Exception {
        backend = TestBackend.startHttps("secure", ca.sslContext(ca.server(names)), needClientAuth);
        backend.answer(exchange -> {
            String peer;
            try {
                peer = ((HttpsExchange) exchange).getSSLSession().getPeerPrincipal().getName();
            } catch (SSLPeerUnverifiedException e) {
                peer = "no client certificate";
            }
            TestBackend.reply(exchange, 200, "secure saw " + peer);
        });
        return backend;
    }

    private static ProxyHarness proxy(String server, String tls) throws Exception {
        return ProxyHarness.withUpstream("secure", "servers: [\"%s\"]\ntls: %s".formatted(server, tls));
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk", "openssl"})
    void anHttpsServerTrustedThroughCaIsReached(String provider) throws Exception {
        httpsBackend(false, "localhost", "127.0.0.1");
        try (ProxyHarness proxy = proxy("https://localhost:" + backend.port(),
                "{ca: \"%s\", provider: %s}".formatted(caFile, provider))) {
            HttpResponse<String> first = proxy.get("/a");
            HttpResponse<String> second = proxy.get("/b");

            assertEquals(200, first.statusCode());
            assertEquals("secure saw no client certificate", first.body());
            assertEquals(200, second.statusCode());
            assertEquals("/a", backend.take().uri());
            assertEquals("http", backend.take().header("X-Forwarded-Proto"));
        }
    }

    @Test
    void anIpAddressIsVerifiedAgainstTheCertificatesIpNames() throws Exception {
        httpsBackend(false, "127.0.0.1");
        try (ProxyHarness proxy = proxy("https://127.0.0.1:" + backend.port(), "{ca: \"%s\"}".formatted(caFile))) {
            assertEquals(200, proxy.get("/").statusCode());
        }
    }

    @Test
    void aCertificateFromAnotherCaIsRefusedWith502() throws Exception {
        httpsBackend(false, "localhost");
        Path otherCa = TestCertificates.newCa("Other CA").writeCert(dir.resolve("other.pem"));
        ListAppender<ILoggingEvent> log = capture();
        try (ProxyHarness proxy = proxy("https://localhost:" + backend.port(), "{ca: \"%s\"}".formatted(otherCa))) {
            assertEquals(502, proxy.get("/").statusCode());
            assertNull(backend.poll(200));
            String why = "upstream secure: TLS handshake with localhost:" + backend.port() + " failed: ";
            assertTrue(log.list.stream().anyMatch(e -> e.getFormattedMessage().startsWith(why)), log.list::toString);
        } finally {
            release(log);
        }
    }

    @Test
    void theJdkTrustStoreIsTheDefaultAndDoesNotKnowTheTestCa() throws Exception {
        httpsBackend(false, "localhost");
        try (ProxyHarness proxy = proxy("https://localhost:" + backend.port(), "{}")) {
            assertEquals(502, proxy.get("/").statusCode());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk", "openssl"})
    void aCertificateForAnotherNameIsRefusedWith502(String provider) throws Exception {
        httpsBackend(false, "other.test");
        try (ProxyHarness proxy = proxy("https://localhost:" + backend.port(),
                "{ca: \"%s\", provider: %s}".formatted(caFile, provider))) {
            assertEquals(502, proxy.get("/").statusCode());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk", "openssl"})
    void sniNamesTheServerAndIsTheNameVerified(String provider) throws Exception {
        httpsBackend(false, "backend.internal");
        try (ProxyHarness proxy = proxy("https://127.0.0.1:" + backend.port(),
                "{ca: \"%s\", sni: backend.internal, provider: %s}".formatted(caFile, provider))) {
            assertEquals(200, proxy.get("/").statusCode());
        }
    }

    @Test
    void verifyFalseAcceptsAnyCertificateAndSaysSoAtStart() throws Exception {
        httpsBackend(false, "other.test");
        ListAppender<ILoggingEvent> log = capture();
        try (ProxyHarness proxy = proxy("https://localhost:" + backend.port(), "{verify: false}")) {
            assertEquals(200, proxy.get("/").statusCode());
            assertTrue(log.list.stream().anyMatch(e -> e.getLevel().toString().equals("WARN")
                    && e.getFormattedMessage().equals("upstream secure: TLS verification is off")), log.list::toString);
        } finally {
            release(log);
        }
    }

    /** Starts collecting what UpstreamTls logs. */
    private static ListAppender<ILoggingEvent> capture() {
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        ((Logger) LoggerFactory.getLogger(UpstreamTls.class)).addAppender(log);
        return log;
    }

    private static void release(ListAppender<ILoggingEvent> log) {
        ((Logger) LoggerFactory.getLogger(UpstreamTls.class)).detachAppender(log);
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk", "openssl"})
    void aClientCertificateIsShownToAServerThatRequiresOne(String provider) throws Exception {
        httpsBackend(true, "localhost");
        TestCertificates.Issued client = ca.client("CN=gatehouse,O=Edge");
        Path cert = client.writeCert(dir.resolve("client.pem"));
        Path key = client.writeKey(dir.resolve("client.key"), KeyFormat.TRADITIONAL);
        try (ProxyHarness proxy = proxy("https://localhost:" + backend.port(),
                "{ca: \"%s\", cert: \"%s\", key: \"%s\", provider: %s}".formatted(caFile, cert, key, provider))) {
            HttpResponse<String> response = proxy.get("/");

            assertEquals(200, response.statusCode());
            assertEquals("secure saw CN=gatehouse,O=Edge", response.body());
        }
    }

    @Test
    void aCaFileGoneBeforeStartIsAOneLineStartupError() throws Exception {
        GatehouseConfig config = ConfigLoader.parse("""
                listeners: [{address: "127.0.0.1:0"}]
                upstreams:
                  secure: {servers: ["https://localhost:1"], tls: {ca: "%s"}}
                """.formatted(caFile), Path.of("test.yaml"));
        Files.delete(caFile);

        StartupException e = assertThrows(StartupException.class, () -> GatehouseServer.start(config));
        assertEquals("upstreams.secure.tls.ca: " + caFile + ": cannot read: no such file", e.getMessage());
    }

    @Test
    void withoutAClientCertificateAServerThatRequiresOneGives502() throws Exception {
        httpsBackend(true, "localhost");
        try (ProxyHarness proxy = proxy("https://localhost:" + backend.port(), "{ca: \"%s\"}".formatted(caFile))) {
            assertEquals(502, proxy.get("/").statusCode());
        }
    }
}
