package io.gatehouse.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gatehouse.testing.CaAndBackend;
import io.gatehouse.testing.ProxyHarness;
import io.gatehouse.testing.TestBackend;
import io.gatehouse.testing.TestCertificates;
import io.gatehouse.testing.TestCertificates.Issued;
import io.gatehouse.testing.TestCertificates.KeyFormat;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Client certificates on HTTPS listeners: require, optional, none, and the headers that tell the upstream. */
class MtlsIT extends CaAndBackend {

    private static final String SUBJECT = "X-Client-Cert-Subject";
    private static final String VERIFIED = "X-Client-Cert-Verified";

    private Issued alice;

    MtlsIT() {
        super("Clients CA");
    }

    @BeforeEach
    void issueAlice() throws Exception {
        alice = ca.client("CN=alice,OU=Payments,O=Example");
    }

    /**
     * A proxy with an HTTPS listener (client_auth as given, the test CA as client_ca unless
     * client_auth is none, where it would be refused) and a plain one.
     */
    private ProxyHarness proxy(String clientAuth) throws Exception {
        return proxy(clientAuth, ca.writeCert(dir.resolve("clients.pem")));
    }

    private ProxyHarness proxy(String clientAuth, Path clientCa) throws Exception {
        Issued site = ca.server("localhost");
        return ProxyHarness.start("""
                listeners:
                  - address: 127.0.0.1:0
                    tls: {cert: "%s", key: "%s", client_auth: %s%s}
                  - address: 127.0.0.1:0
                upstreams:
                  backend:
                    servers: [127.0.0.1:%d]
                routes:
                  - upstream: backend
                """.formatted(site.writeCert(dir.resolve("site.pem")), site.writeKey(dir.resolve("site.key"),
                KeyFormat.PKCS8), clientAuth, clientAuth.equals("none") ? "" : ", client_ca: \"" + clientCa + "\"",
                backend.port()));
    }

    /** A GET that claims to be an admin with forged certificate headers. */
    private static HttpResponse<String> spoofedGet(SSLContext tls, String url) throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(tls).version(HttpClient.Version.HTTP_1_1).build();
        return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header(SUBJECT, "CN=admin").header(VERIFIED, "SUCCESS").build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String https(ProxyHarness proxy) {
        return "https://localhost:" + proxy.port(0) + "/";
    }

    @Test
    void requireRefusesAClientWithoutCertificate() throws Exception {
        try (ProxyHarness proxy = proxy("require")) {
            assertThrows(IOException.class, () -> spoofedGet(ca.sslContext(null), https(proxy)));
            assertNull(backend.poll(200));
        }
    }

    @Test
    void aClientCaInDerFormServesAsValidateAcceptedIt() throws Exception {
        X509Certificate caCert;
        try (InputStream in = Files.newInputStream(ca.writeCert(dir.resolve("clients.pem")))) {
            caCert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        Path der = Files.write(dir.resolve("clients.der"), caCert.getEncoded());
        try (ProxyHarness proxy = proxy("require", der)) {
            assertEquals(200, spoofedGet(ca.sslContext(alice), https(proxy)).statusCode());
        }
    }

    @Test
    void requirePassesTheVerifiedSubjectUpstream() throws Exception {
        try (ProxyHarness proxy = proxy("require")) {
            assertEquals(200, spoofedGet(ca.sslContext(alice), https(proxy)).statusCode());

            TestBackend.Received received = backend.take();
            assertEquals("CN=alice,OU=Payments,O=Example", received.header(SUBJECT));
            assertEquals("SUCCESS", received.header(VERIFIED));
        }
    }

    @Test
    void aCertificateFromAnotherCaIsRefused() throws Exception {
        // Same CA name, other key: the JDK client offers the certificate, and the proxy must check the signature.
        Issued mallory = TestCertificates.newCa("Clients CA").client("CN=mallory");
        try (ProxyHarness proxy = proxy("optional")) {
            assertThrows(IOException.class, () -> spoofedGet(ca.sslContext(mallory), https(proxy)));
        }
    }

    @Test
    void optionalWithoutCertificateSaysNoneAndDropsTheForgedSubject() throws Exception {
        try (ProxyHarness proxy = proxy("optional")) {
            assertEquals(200, spoofedGet(ca.sslContext(null), https(proxy)).statusCode());

            TestBackend.Received received = backend.take();
            assertNull(received.header(SUBJECT));
            assertEquals("NONE", received.header(VERIFIED));
        }
    }

    @Test
    void optionalWithCertificatePassesTheSubject() throws Exception {
        try (ProxyHarness proxy = proxy("optional")) {
            assertEquals(200, spoofedGet(ca.sslContext(alice), https(proxy)).statusCode());

            TestBackend.Received received = backend.take();
            assertEquals("CN=alice,OU=Payments,O=Example", received.header(SUBJECT));
            assertEquals("SUCCESS", received.header(VERIFIED));
        }
    }

    @Test
    void listenersThatAskForNoCertificateRemoveTheHeaders() throws Exception {
        try (ProxyHarness proxy = proxy("none")) {
            HttpResponse<String> response = spoofedGet(ca.sslContext(alice), https(proxy));
            assertEquals(200, response.statusCode());
            // No certificate was asked for, so the client sent none.
            assertNull(response.sslSession().orElseThrow().getLocalCertificates());
            assertEquals(200, spoofedGet(ca.sslContext(null), "http://127.0.0.1:" + proxy.port(1) + "/").statusCode());

            for (int i = 0; i < 2; i++) {
                TestBackend.Received received = backend.take();
                assertNull(received.header(SUBJECT));
                assertNull(received.header(VERIFIED));
            }
        }
    }
}
