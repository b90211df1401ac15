package io.gatehouse.http.h2;

import io.gatehouse.testing.BodyPattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import io.gatehouse.testing.CaAndBackend;
import io.gatehouse.testing.ProxyHarness;
import io.gatehouse.testing.TestBackend;
import io.gatehouse.testing.TestCertificates.Issued;
import io.gatehouse.testing.TestCertificates.KeyFormat;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** HTTP/2 over TLS, chosen by ALPN, with the JDK's HTTP/2 client in front of an HTTP/1.1 backend. */
class Http2TlsIT extends CaAndBackend {

    private static final long MB = 1 << 20;

    Http2TlsIT() {
        super("H2 CA");
    }

    /** A proxy with one HTTPS listener ({@code listenerExtra} keys added to it) in front of {@code port}. */
    private ProxyHarness proxy(int port, String listenerExtra, String topLevel) throws Exception {
        return proxy(port, "auto", listenerExtra, topLevel);
    }

    private ProxyHarness proxy(int port, String provider, String listenerExtra, String topLevel) throws Exception {
        Issued site = ca.server("localhost");
        return ProxyHarness.withListener(port, """
                tls: {cert: "%s", key: "%s", provider: %s}
                %s
                """.formatted(site.writeCert(dir.resolve("site.pem")),
                site.writeKey(dir.resolve("site.key"), KeyFormat.PKCS8), provider, listenerExtra), topLevel);
    }

    private HttpClient client(SSLContext tls) {
        return HttpClient.newBuilder().sslContext(tls).version(HttpClient.Version.HTTP_2)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    private static HttpRequest.Builder request(ProxyHarness proxy, String path) {
        return HttpRequest.newBuilder(URI.create("https://localhost:" + proxy.port() + path))
                .timeout(Duration.ofSeconds(10));
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk", "openssl"})
    void getAndPostTravelAsHttp2AndReachTheBackendAsHttp11(String provider) throws Exception {
        try (ProxyHarness proxy = proxy(backend.port(), provider, "", "")) {
            HttpClient client = client(ca.sslContext(null));
            HttpResponse<String> get = client.send(request(proxy, "/hello").header("X-Custom", "yes").build(),
                    HttpResponse.BodyHandlers.ofString());

            assertEquals(HttpClient.Version.HTTP_2, get.version());
            assertEquals(200, get.statusCode());
            assertEquals("backend GET /hello", get.body());
            TestBackend.Received received = backend.take();
            assertEquals("1.1 gatehouse", received.header("Via"));
            assertEquals("https", received.header("X-Forwarded-Proto"));
            assertEquals("localhost:" + proxy.port(), received.header("Host"));
            assertEquals("yes", received.header("X-Custom"));

            backend.answer(ex -> {
                ex.getResponseHeaders().set("X-Answer", "created");
                TestBackend.reply(ex, 201, "stored " + ex.getRequestHeaders().getFirst("Content-Length"));
            });
            HttpResponse<String> post = client.send(request(proxy, "/items")
                    .POST(HttpRequest.BodyPublishers.ofString("name=gatehouse")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertEquals(HttpClient.Version.HTTP_2, post.version());
            assertEquals(201, post.statusCode());
            assertEquals("created", post.headers().firstValue("X-Answer").orElse(null));
            assertEquals("stored 14", post.body());
            assertEquals("name=gatehouse", backend.take().bodyText());
        }
    }

    @Test
    void twoHundredRequestsInParallelShareOneConnection() throws Exception {
        // One connection allowed, so a second one would fail its requests. Streams above the 200: JDK 17's
        // client fails requests over the server's limit instead of queueing them.
        try (ProxyHarness proxy = proxy(backend.port(), "max_connections: 1", "limits: {max_concurrent_streams: 250}")) {
            HttpClient client = client(ca.sslContext(null));
            // The first request opens the connection; the others are multiplexed on it.
            assertEquals(200, client.send(request(proxy, "/first").build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode());
            List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                all.add(client.sendAsync(request(proxy, "/n/" + i).build(), HttpResponse.BodyHandlers.ofString()));
            }
            for (int i = 0; i < 200; i++) {
                HttpResponse<String> r = all.get(i).get(10, TimeUnit.SECONDS);
                assertEquals(200, r.statusCode());
                assertEquals(HttpClient.Version.HTTP_2, r.version());
                assertEquals("backend GET /n/" + i, r.body());
            }
        }
    }

    @Test
    void a32MegabyteDownloadArrivesWhole() throws Exception {
        long size = 32 * MB;
        backend.answer(ex -> {
            ex.sendResponseHeaders(200, size);
            try (OutputStream out = ex.getResponseBody()) {
                BodyPattern.write(out, size);
            }
        });
        try (ProxyHarness proxy = proxy(backend.port(), "", "")) {
            HttpResponse<InputStream> r = client(ca.sslContext(null)).send(request(proxy, "/big").build(),
                    HttpResponse.BodyHandlers.ofInputStream());

            assertEquals(HttpClient.Version.HTTP_2, r.version());
            assertEquals(String.valueOf(size), r.headers().firstValue("Content-Length").orElse(null));
            try (InputStream in = r.body()) {
                assertEquals(size, BodyPattern.check(in));
            }
        }
    }

    @Test
    void a32MegabyteUploadArrivesWhole() throws Exception {
        long size = 32 * MB;
        // TestBackend buffers request bodies; this server checks them as they stream.
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/", ex -> {
            String verdict;
            try (InputStream in = ex.getRequestBody()) {
                verdict = BodyPattern.check(in) + " bytes";
            } catch (Throwable t) {
                verdict = "bad: " + t.getMessage();
            }
            TestBackend.reply(ex, 200, verdict);
        });
        server.start();
        try (ProxyHarness proxy = proxy(server.getAddress().getPort(), "", "limits: {max_request_body: 64MB}")) {
            HttpResponse<String> r = client(ca.sslContext(null)).send(request(proxy, "/upload")
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> BodyPattern.stream(size))).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertEquals(HttpClient.Version.HTTP_2, r.version());
            assertEquals(200, r.statusCode(), r.body());
            assertEquals(size + " bytes", r.body());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void withHttp2FalseAlpnOffersOnlyHttp11() throws Exception {
        try (ProxyHarness proxy = proxy(backend.port(), "http2: false", "")) {
            HttpResponse<String> r = client(ca.sslContext(null)).send(request(proxy, "/old").build(),
                    HttpResponse.BodyHandlers.ofString());

            assertEquals(HttpClient.Version.HTTP_1_1, r.version());
            assertEquals("backend GET /old", r.body());
            assertEquals("1.1 gatehouse", backend.take().header("Via"));
        }
    }

    @Test
    void theClientCertificateOfTheConnectionReachesTheBackendFromEveryStream() throws Exception {
        Issued alice = ca.client("CN=alice,O=Example");
        String listener = "tls: {cert: \"%s\", key: \"%s\", client_auth: require, client_ca: \"%s\"}";
        Issued site = ca.server("localhost");
        try (ProxyHarness proxy = ProxyHarness.withListener(backend.port(), listener.formatted(
                site.writeCert(dir.resolve("m.pem")), site.writeKey(dir.resolve("m.key"), KeyFormat.PKCS8),
                ca.writeCert(dir.resolve("ca.pem"))), "")) {
            HttpClient client = client(ca.sslContext(alice));
            for (int i = 0; i < 2; i++) {
                HttpResponse<String> r = client.send(request(proxy, "/me").header("X-Client-Cert-Subject", "CN=admin")
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(HttpClient.Version.HTTP_2, r.version());
                TestBackend.Received received = backend.take();
                assertEquals("CN=alice,O=Example", received.header("X-Client-Cert-Subject"));
                assertEquals("SUCCESS", received.header("X-Client-Cert-Verified"));
            }
        }
    }
}
