package io.gatehouse.pipeline.phase;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.testing.ProxyHarness;
import io.gatehouse.testing.RawBackend;
import io.gatehouse.testing.RawClient;
import io.gatehouse.testing.TestBackend;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Headers the proxy adds, keeps, strips and rewrites on the way to the upstream and back. */
class ForwardingHeadersIT {

    private static final String HEX32 = "[0-9a-f]{32}";

    private TestBackend backend;
    private ProxyHarness proxy;

    @BeforeEach
    void startBackend() throws Exception {
        backend = TestBackend.start("b1");
    }

    @AfterEach
    void stop() {
        if (proxy != null) {
            proxy.close();
        }
        backend.close();
    }

    private void proxy(String routeExtras) throws Exception {
        proxy = ProxyHarness.withRoute(backend.port(), routeExtras, "");
    }

    /** Makes the backend answer 200 "ok" with these response headers added, given as name, value, name, value, ... */
    private void answerOkWith(String... namesAndValues) {
        backend.answer(ex -> {
            for (int i = 0; i < namesAndValues.length; i += 2) {
                ex.getResponseHeaders().add(namesAndValues[i], namesAndValues[i + 1]);
            }
            TestBackend.reply(ex, 200, "ok");
        });
    }

    /** Sends a GET with extra raw header lines (each ending in CRLF) and returns the whole response. */
    private String rawGet(String host, String headerLines) throws Exception {
        try (RawClient client = new RawClient(proxy.port())) {
            return client.send("GET /h HTTP/1.1\r\nHost: " + host + "\r\n" + headerLines + "\r\n").readResponse();
        }
    }

    private HttpResponse<String> get(String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(proxy.uri("/h"));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return proxy.client().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The header lines of a raw response head, as "name: value" with the name lower-cased. */
    private static List<String> headerLines(String response) {
        String head = response.substring(0, response.indexOf("\r\n\r\n"));
        List<String> lines = new ArrayList<>();
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                lines.add(line.substring(0, colon).toLowerCase(Locale.ROOT) + ": " + line.substring(colon + 1).trim());
            }
        }
        return lines;
    }

    private static List<String> values(List<String> lines, String lowerName) {
        List<String> found = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith(lowerName + ": ")) {
                found.add(line.substring(lowerName.length() + 2));
            }
        }
        return found;
    }

    @Test
    void xForwardedForAndXRealIpAreSetWhenAbsent() throws Exception {
        proxy("");
        assertEquals(200, get().statusCode());
        TestBackend.Received got = backend.take();
        assertEquals(List.of("127.0.0.1"), got.headerValues("X-Forwarded-For"));
        assertEquals(List.of("127.0.0.1"), got.headerValues("X-Real-IP"));
    }

    @Test
    void xForwardedForIsAppendedToWhatCameIn() throws Exception {
        proxy("");
        rawGet("a", "X-Forwarded-For: 203.0.113.7\r\n");
        assertEquals(List.of("203.0.113.7, 127.0.0.1"), backend.take().headerValues("X-Forwarded-For"));

        rawGet("a", "X-Forwarded-For: 198.51.100.1, 198.51.100.2\r\nX-Forwarded-For: 203.0.113.9\r\n");
        assertEquals(List.of("198.51.100.1, 198.51.100.2, 203.0.113.9, 127.0.0.1"),
                backend.take().headerValues("X-Forwarded-For"));
    }

    @Test
    void clientCannotChooseXRealIpOrTheForwardedProtoHostAndPort() throws Exception {
        proxy("");
        String response = rawGet("front.example:8080", """
                X-Real-IP: 6.6.6.6\r
                X-Forwarded-Proto: https\r
                X-Forwarded-Host: evil.example\r
                X-Forwarded-Port: 443\r
                """);
        assertTrue(response.startsWith("HTTP/1.1 200 "), response);
        TestBackend.Received got = backend.take();
        assertEquals(List.of("127.0.0.1"), got.headerValues("X-Real-IP"));
        assertEquals(List.of("http"), got.headerValues("X-Forwarded-Proto"));
        assertEquals(List.of("front.example:8080"), got.headerValues("X-Forwarded-Host"));
        assertEquals(List.of(Integer.toString(proxy.port())), got.headerValues("X-Forwarded-Port"));
    }

    @Test
    void forwardedIsSetWhenAbsentAndAppendedOtherwise() throws Exception {
        proxy("");
        rawGet("front.example", "");
        assertEquals(List.of("for=127.0.0.1;host=front.example;proto=http"), backend.take().headerValues("Forwarded"));

        rawGet("front.example", "Forwarded: for=192.0.2.60;proto=https;by=203.0.113.43\r\n");
        assertEquals(List.of("for=192.0.2.60;proto=https;by=203.0.113.43, for=127.0.0.1;host=front.example;proto=http"),
                backend.take().headerValues("Forwarded"));

        // A host with a port is not a token (RFC 7239 section 4): it must be a quoted-string.
        assertEquals(200, get().statusCode());
        assertEquals(List.of("for=127.0.0.1;host=\"127.0.0.1:" + proxy.port() + "\";proto=http"),
                backend.take().headerValues("Forwarded"));
    }

    @Test
    void viaIsAddedAndAppended() throws Exception {
        proxy("");
        rawGet("a", "");
        assertEquals(List.of("1.1 gatehouse"), backend.take().headerValues("Via"));
        rawGet("a", "Via: 1.0 fred, 1.1 p.example.net\r\n");
        assertEquals(List.of("1.0 fred, 1.1 p.example.net, 1.1 gatehouse"), backend.take().headerValues("Via"));
    }

    /** Names are case-insensitive, but backends that grep raw heads expect the usual spelling. */
    @Test
    void addedHeaderNamesAreSpelledAsUsualOnTheWire() throws Exception {
        try (RawBackend raw = RawBackend.start((socket, self) -> {
            if (self.readRequest(socket) != null) {
                RawBackend.send(socket, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
            }
        })) {
            proxy = ProxyHarness.inFrontOf(raw.port(), "");
            assertTrue(rawGet("a", "").startsWith("HTTP/1.1 200 "));
            String head = raw.received();
            for (String name : List.of("X-Forwarded-For", "X-Real-IP", "X-Forwarded-Proto", "X-Forwarded-Host",
                    "X-Forwarded-Port", "Forwarded", "X-Request-Id")) {
                assertTrue(head.contains("\r\n" + name + ": "), name + " in " + head);
            }
            assertTrue(head.contains("\r\nVia: 1.1 gatehouse\r\n"), head);
        }
    }

    @Test
    void saneRequestIdIsKeptAndEchoed() throws Exception {
        proxy("");
        HttpResponse<String> r = get("X-Request-Id", "req-2024.abc_1:x");
        assertEquals(200, r.statusCode());
        assertEquals(List.of("req-2024.abc_1:x"), r.headers().allValues("X-Request-Id"));
        assertEquals(List.of("req-2024.abc_1:x"), backend.take().headerValues("X-Request-Id"));

        String longest = "x".repeat(128);
        assertEquals(List.of(longest), values(headerLines(rawGet("a", "X-Request-Id: " + longest + "\r\n")),
                "x-request-id"));
        assertEquals(List.of(longest), backend.take().headerValues("X-Request-Id"));
    }

    @Test
    void upstreamRequestIdIsReplacedByOurs() throws Exception {
        answerOkWith("X-Request-Id", "upstream-own-id");
        proxy("");
        HttpResponse<String> r = get("X-Request-Id", "client-id");
        assertEquals(List.of("client-id"), r.headers().allValues("X-Request-Id"));
    }

    @Test
    void repeatedRequestIdReachesTheUpstreamOnce() throws Exception {
        proxy("");
        String response = rawGet("a", "X-Request-Id: first-id\r\nX-Request-Id: second-id\r\n");
        assertEquals(List.of("first-id"), values(headerLines(response), "x-request-id"));
        assertEquals(List.of("first-id"), backend.take().headerValues("X-Request-Id"));
    }

    @Test
    void missingRequestIdIsGeneratedAndEchoed() throws Exception {
        proxy("");
        HttpResponse<String> r = get();
        List<String> echoed = r.headers().allValues("X-Request-Id");
        assertEquals(1, echoed.size(), echoed.toString());
        assertTrue(echoed.get(0).matches(HEX32), echoed.get(0));
        assertEquals(echoed, backend.take().headerValues("X-Request-Id"));

        String next = get().headers().firstValue("X-Request-Id").orElseThrow();
        assertNotEquals(echoed.get(0), next, "every request gets its own id");
        backend.take();
    }

    @Test
    void insaneRequestIdIsReplaced() throws Exception {
        proxy("");
        for (String insane : List.of("has spaces in it", "x".repeat(300), "quote\"d", "semi;colon")) {
            String response = rawGet("a", "X-Request-Id: " + insane + "\r\n");
            List<String> echoed = values(headerLines(response), "x-request-id");
            assertEquals(1, echoed.size(), response);
            assertTrue(echoed.get(0).matches(HEX32), insane + " -> " + echoed);
            assertEquals(echoed, backend.take().headerValues("X-Request-Id"), insane);
        }
    }

    @Test
    void requestIdIsEchoedOnLocal404And502() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        proxy = ProxyHarness.start("""
                listeners:
                  - address: 127.0.0.1:0
                upstreams:
                  gone: {servers: [{address: 127.0.0.1:%d}]}
                routes:
                  - match: {path: /gone}
                    upstream: gone
                """.formatted(closedPort));

        HttpResponse<String> notFound = get("X-Request-Id", "trace-404");
        assertEquals(404, notFound.statusCode());
        assertEquals(List.of("trace-404"), notFound.headers().allValues("X-Request-Id"));
        assertTrue(notFound.body().contains("trace-404"), notFound.body());

        HttpResponse<String> generated = get();
        assertEquals(404, generated.statusCode());
        String id = generated.headers().firstValue("X-Request-Id").orElseThrow();
        assertTrue(id.matches(HEX32), id);
        assertTrue(generated.body().contains(id), generated.body());

        HttpResponse<String> badGateway = proxy.client().send(HttpRequest.newBuilder(proxy.uri("/gone"))
                .header("X-Request-Id", "trace-502").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(502, badGateway.statusCode());
        assertEquals(List.of("trace-502"), badGateway.headers().allValues("X-Request-Id"));
        assertTrue(badGateway.body().contains("trace-502"), badGateway.body());
    }

    @Test
    void hopByHopRequestHeadersAreNotForwarded() throws Exception {
        proxy("");
        String response = rawGet("a", """
                Connection: keep-alive, X-Secret, X-Other\r
                connection: X-Third\r
                X-Secret: s3cret\r
                X-Other: o\r
                X-Third: 3\r
                Keep-Alive: timeout=5\r
                Proxy-Connection: keep-alive\r
                TE: trailers\r
                Trailer: X-Checksum\r
                Upgrade: websocket\r
                Proxy-Authorization: Basic dXNlcjpwYXNz\r
                X-Kept: yes\r
                """);
        assertTrue(response.startsWith("HTTP/1.1 200 "), response);
        TestBackend.Received got = backend.take();
        for (String name : List.of("X-Secret", "X-Other", "X-Third", "Keep-Alive", "Proxy-Connection", "TE", "Trailer",
                "Upgrade", "Proxy-Authorization")) {
            assertNull(got.header(name), name + " reached the upstream");
        }
        String connection = got.header("Connection");
        assertTrue(connection == null || !connection.toLowerCase(Locale.ROOT).contains("x-secret"), connection);
        assertEquals(List.of("yes"), got.headerValues("X-Kept"));
    }

    @Test
    void hopByHopResponseHeadersAreNotReturned() throws Exception {
        answerOkWith(
                "Connection", "X-Secret-Resp",
                "X-Secret-Resp", "s3cret",
                "Keep-Alive", "timeout=5, max=100",
                "Proxy-Connection", "keep-alive",
                "Proxy-Authenticate", "Basic realm=\"inner\"",
                "Upgrade", "h2c",
                "Trailer", "X-Checksum",
                "TE", "trailers",
                "X-Kept", "yes");
        proxy("");
        String response = rawGet("a", "");
        assertTrue(response.startsWith("HTTP/1.1 200 "), response);
        assertTrue(response.endsWith("\r\n\r\nok"), response);
        List<String> lines = headerLines(response);
        for (String name : List.of("x-secret-resp", "keep-alive", "proxy-connection", "proxy-authenticate",
                "upgrade", "trailer", "te", "connection")) {
            assertEquals(List.of(), values(lines, name), name + " reached the client: " + lines);
        }
        assertEquals(List.of("yes"), values(lines, "x-kept"));
    }

    @Test
    void hopByHopResponseHeadersAreNotReturnedFromARawUpstream() throws Exception {
        try (RawBackend raw = RawBackend.start((socket, self) -> {
            if (self.readRequest(socket) != null) {
                RawBackend.send(socket, """
                        HTTP/1.1 200 OK\r
                        Content-Length: 2\r
                        Connection: close, X-Secret-Resp\r
                        connection: X-Second\r
                        X-Secret-Resp: s3cret\r
                        X-Second: 2\r
                        Keep-Alive: timeout=5\r
                        Proxy-Connection: keep-alive\r
                        Proxy-Authenticate: Basic realm="inner"\r
                        Upgrade: h2c\r
                        Trailer: X-Checksum\r
                        X-Kept: yes\r
                        \r
                        ok""");
            }
        })) {
            proxy = ProxyHarness.inFrontOf(raw.port(), "");
            try (RawClient client = new RawClient(proxy.port())) {
                // The upstream's "Connection: close" ends only the upstream hop: the client connection stays open.
                for (int i = 0; i < 2; i++) {
                    String response = client.send("GET /h HTTP/1.1\r\nHost: a\r\n\r\n").readResponse();
                    assertTrue(response.startsWith("HTTP/1.1 200 "), response);
                    assertTrue(response.endsWith("\r\n\r\nok"), response);
                    List<String> lines = headerLines(response);
                    for (String name : List.of("x-secret-resp", "x-second", "keep-alive", "proxy-connection",
                            "proxy-authenticate", "upgrade", "trailer", "connection")) {
                        assertEquals(List.of(), values(lines, name), name + " reached the client: " + lines);
                    }
                    assertEquals(List.of("yes"), values(lines, "x-kept"));
                    assertEquals(List.of("2"), values(lines, "content-length"));
                }
            }
            assertEquals(2, raw.connections());
        }
    }

    @Test
    void routeRequestHeaderRulesRemoveSetAndAdd() throws Exception {
        proxy("""
                request_headers:
                  set: {X-Env: prod}
                  add: {X-Tag: gatehouse}
                  remove: [X-Debug, X-Forwarded-Port]
                """);
        rawGet("a", "X-Env: dev\r\nX-Env: test\r\nX-Tag: client\r\nX-Debug: 1\r\nx-debug: 2\r\n");
        TestBackend.Received got = backend.take();
        assertEquals(List.of("prod"), got.headerValues("X-Env"));
        assertEquals(List.of("client", "gatehouse"), got.headerValues("X-Tag"));
        assertNull(got.header("X-Debug"));
        // Route rules run after the forwarding headers are added, so they can remove those too.
        assertNull(got.header("X-Forwarded-Port"));
        assertEquals(List.of("127.0.0.1"), got.headerValues("X-Forwarded-For"));
    }

    @Test
    void routeResponseHeaderRulesRemoveSetAndAdd() throws Exception {
        answerOkWith(
                "Server", "Apache/2.4.1",
                "X-Powered-By", "PHP/5.6",
                "X-Frame-Options", "ALLOWALL",
                "X-Served-By", "origin");
        proxy("""
                response_headers:
                  set: {X-Frame-Options: DENY}
                  add: {X-Served-By: gatehouse}
                  remove: [Server, X-Powered-By]
                """);
        HttpResponse<String> r = get();
        assertEquals(200, r.statusCode());
        assertEquals("ok", r.body());
        assertEquals(List.of(), r.headers().allValues("Server"));
        assertEquals(List.of(), r.headers().allValues("X-Powered-By"));
        assertEquals(List.of("DENY"), r.headers().allValues("X-Frame-Options"));
        assertEquals(List.of("origin", "gatehouse"), r.headers().allValues("X-Served-By"));
        assertEquals(1, r.headers().allValues("X-Request-Id").size());
    }
}
