package io.gatehouse.http.h1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.testing.ProxyHarness;
import io.gatehouse.testing.RawBackend;
import io.gatehouse.testing.RawClient;
import io.gatehouse.testing.TestBackend;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Request hygiene against smuggling (RFC 9112 sections 2.2, 3, 5, 6, 7.1 and 11.2): every ambiguous or
 * malformed request is answered 400, the connection is closed, and not one byte reaches the backend.
 */
class SmugglingIT {

    private RawBackend backend;
    private ProxyHarness proxy;

    @BeforeEach
    void start() throws Exception {
        backend = RawBackend.start((socket, b) -> {
            while (b.readRequest(socket) != null) {
                RawBackend.send(socket, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
            }
        });
        proxy = ProxyHarness.inFrontOf(backend.port(), "");
    }

    @AfterEach
    void stop() throws Exception {
        proxy.close();
        backend.close();
    }

    static Stream<Arguments> malformed() {
        String post = "POST /p HTTP/1.1\r\nHost: a\r\n";
        String chunked = post + "Transfer-Encoding: chunked\r\n\r\n";
        return Stream.of(
                // Content-Length and Transfer-Encoding together, in either order (RFC 9112 6.1).
                bad("CL then TE", post + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
                bad("TE then CL", post + "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n"),
                // Conflicting Content-Length values (RFC 9112 6.3 item 5).
                bad("two Content-Length headers", post + "Content-Length: 5\r\nContent-Length: 6\r\n\r\nhello!"),
                bad("Content-Length list", post + "Content-Length: 5, 6\r\n\r\nhello!"),
                bad("signed Content-Length", post + "Content-Length: +5\r\n\r\nhello"),
                bad("negative Content-Length", post + "Content-Length: -1\r\n\r\n"),
                // Only exactly "chunked" is a framing the proxy and every backend agree on.
                bad("TE gzip", post + "Transfer-Encoding: gzip\r\n\r\n0\r\n\r\n"),
                bad("TE chunked, gzip", post + "Transfer-Encoding: chunked, gzip\r\n\r\n0\r\n\r\n"),
                bad("TE gzip, chunked", post + "Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n"),
                bad("TE xchunked", post + "Transfer-Encoding: xchunked\r\n\r\n0\r\n\r\n"),
                bad("TE chunked twice", post + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
                bad("TE chunked and identity",
                        post + "Transfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n\r\n0\r\n\r\n"),
                bad("TE vertical tab before chunked", post + "Transfer-Encoding: \u000bchunked\r\n\r\n0\r\n\r\n"),
                bad("TE form feed after chunked", post + "Transfer-Encoding: chunked\u000c\r\n\r\n0\r\n\r\n"),
                bad("TE on HTTP/1.0", "POST /p HTTP/1.0\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
                // Line endings other than CRLF (RFC 9112 2.2: a proxy must not guess).
                bad("bare LF after request line", "GET /g HTTP/1.1\nHost: a\r\n\r\n"),
                bad("bare LF after a header", "GET /g HTTP/1.1\r\nHost: a\nX-A: b\r\n\r\n"),
                bad("bare LF ending the head", "GET /g HTTP/1.1\r\nHost: a\r\n\n"),
                bad("bare CR in a header", "GET /g HTTP/1.1\r\nHost: a\r\nX-A: b\rX-B: c\r\n\r\n"),
                // Control characters in header values and in the target (RFC 9110 5.5).
                bad("NUL in header value", "GET /g HTTP/1.1\r\nHost: a\r\nX-A: b\u0000c\r\n\r\n"),
                bad("0x01 in header value", "GET /g HTTP/1.1\r\nHost: a\r\nX-A: b\u0001c\r\n\r\n"),
                bad("DEL in header value", "GET /g HTTP/1.1\r\nHost: a\r\nX-A: b\u007fc\r\n\r\n"),
                bad("NUL in target", "GET /g\u0000h HTTP/1.1\r\nHost: a\r\n\r\n"),
                bad("0x01 in target", "GET /g\u0001h HTTP/1.1\r\nHost: a\r\n\r\n"),
                bad("DEL in target", "GET /g\u007fh HTTP/1.1\r\nHost: a\r\n\r\n"),
                bad("space in target", "GET /g h HTTP/1.1\r\nHost: a\r\n\r\n"),
                // Bytes beyond ASCII in the target (RFC 3986 2: non-ASCII text is percent-encoded).
                bad("raw UTF-8 in target", "GET /caf\u00c3\u00a9?q=\u00c3\u00a9 HTTP/1.1\r\nHost: a\r\n\r\n"),
                bad("raw Latin-1 byte in target", "GET /caf\u00e9 HTTP/1.1\r\nHost: a\r\n\r\n"),
                // The version is "HTTP/" (case-sensitive), a digit, a dot and a digit (RFC 9112 2.3).
                bad("lower-case version", "GET /g http/1.1\r\nHost: a\r\n\r\n"),
                bad("another protocol", "GET /g FOO/1.1\r\nHost: a\r\n\r\n"),
                bad("no version", "GET /g\r\nHost: a\r\n\r\n"),
                bad("two-digit minor version", "GET /g HTTP/1.10\r\nHost: a\r\n\r\n"),
                // Whitespace between field name and colon (RFC 9112 5.1: MUST be rejected with 400).
                bad("space before colon", "GET /g HTTP/1.1\r\nHost: a\r\nX-A : b\r\n\r\n"),
                bad("space before colon of TE", post + "Transfer-Encoding : chunked\r\n\r\n0\r\n\r\n"),
                bad("space before colon of CL", post + "Content-Length : 5\r\n\r\nhello"),
                // Field names are tokens (RFC 9110 5.1).
                bad("control character in a name", "GET /g HTTP/1.1\r\nHost: a\r\nX\u0001A: b\r\n\r\n"),
                bad("separator in a name", "GET /g HTTP/1.1\r\nHost: a\r\nX(A): b\r\n\r\n"),
                bad("empty name", "GET /g HTTP/1.1\r\nHost: a\r\n: b\r\n\r\n"),
                bad("tab inside a known name", post + "Content\tLength: 5\r\n\r\nhello"),
                // Chunked framing errors (RFC 9112 7.1).
                bad("chunk size zz", chunked + "zz\r\nhello\r\n0\r\n\r\n"),
                bad("chunk size overflow", chunked + "10000000000000005\r\nhello\r\n0\r\n\r\n"),
                bad("chunk data longer than its size", chunked + "5\r\nhelloXX\r\n0\r\n\r\n"),
                bad("bare LF after chunk size", chunked + "5\nhello\r\n0\r\n\r\n"),
                // Host (RFC 9112 3.2) and the absolute-form authority.
                bad("missing Host on HTTP/1.1", "GET /g HTTP/1.1\r\n\r\n"),
                bad("two Host headers", "GET /g HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"),
                bad("Host with a path", "GET /g HTTP/1.1\r\nHost: a/b\r\n\r\n"),
                // A reverse proxy opens no tunnels: CONNECT in any form (RFC 9112 3.2.3).
                bad("CONNECT in authority form", "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n"),
                bad("CONNECT in origin form", "CONNECT /x HTTP/1.1\r\nHost: a\r\n\r\n"),
                bad("absolute-form with userinfo", "GET http://user:pw@example.com/x HTTP/1.1\r\nHost: example.com\r\n\r\n"));
    }

    private static Arguments bad(String name, String request) {
        return Arguments.of(name, request);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void malformedRequestIsRefusedAndNeverForwarded(String name, String request) throws Exception {
        try (RawClient c = new RawClient(proxy.port())) {
            String reply = c.send(request).readResponse();
            LocalReply.assertError(reply, 400, true);
            LocalReply.assertClosed(c, 3000);
        }
        assertNothingForwarded();
    }

    @Test
    void aMajorVersionOtherThanOneGets505() throws Exception {
        for (String version : new String[] {"HTTP/2.0", "HTTP/3.0", "HTTP/0.9"}) {
            try (RawClient c = new RawClient(proxy.port())) {
                LocalReply.assertError(c.send("GET /g " + version + "\r\nHost: a\r\n\r\n").readResponse(), 505, true);
            }
        }
        assertNothingForwarded();
    }

    @Test
    void pipelinedSmugglingAttemptStopsAtTheMalformedRequest() throws Exception {
        try (RawClient c = new RawClient(proxy.port())) {
            c.send("GET /one HTTP/1.1\r\nHost: a\r\n\r\n"
                    + "POST /two HTTP/1.1\r\nHost: a\r\nContent-Length: 6\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "0\r\n\r\n"
                    + "GET /admin HTTP/1.1\r\nHost: a\r\n\r\n");
            assertOk(c.readResponse());
            LocalReply.assertError(c.readResponse(), 400, true);
            LocalReply.assertClosed(c, 3000);
        }
        Thread.sleep(100);
        String seen = backend.received();
        assertTrue(seen.startsWith("GET /one HTTP/1.1\r\n"), LocalReply.show(seen));
        assertEquals(1, seen.split("HTTP/1.1\r\n", -1).length - 1, () -> "one request only: " + LocalReply.show(seen));
    }

    @Test
    void absoluteFormIsForwardedInOriginFormWithItsAuthorityAsHost() throws Exception {
        try (RawClient c = new RawClient(proxy.port())) {
            c.send("GET http://example.com/x?q=1 HTTP/1.1\r\nHost: other.example\r\n\r\n");
            assertOk(c.readResponse());
        }
        String seen = backend.received();
        assertTrue(seen.startsWith("GET /x?q=1 HTTP/1.1\r\n"), LocalReply.show(seen));
        assertEquals("example.com", LocalReply.header(seen, "Host"));
    }

    @ParameterizedTest(name = "Transfer-Encoding:{0}")
    @ValueSource(strings = {" chunked", " Chunked", "\tchunked ", "chunked"})
    void validChunkedPostReachesTheBackendWhole(String te) throws Exception {
        try (TestBackend jdk = TestBackend.start("b");
             ProxyHarness p = ProxyHarness.inFrontOf(jdk.port(), "");
             RawClient c = new RawClient(p.port())) {
            c.send("POST /up HTTP/1.1\r\nHost: a\r\nTransfer-Encoding:" + te + "\r\n\r\n"
                    + "5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\n\r\n");
            String reply = c.readResponse();
            assertTrue(reply.startsWith("HTTP/1.1 200 "), LocalReply.show(reply));
            assertTrue(reply.endsWith("\r\n\r\nb POST /up"), LocalReply.show(reply));
            TestBackend.Received got = jdk.take();
            assertEquals("POST", got.method());
            assertEquals("hello world", got.bodyText());
        }
    }

    private static void assertOk(String reply) {
        assertTrue(reply.startsWith("HTTP/1.1 200 OK\r\n") && reply.endsWith("\r\n\r\nok"), LocalReply.show(reply));
    }

    private void assertNothingForwarded() throws InterruptedException {
        // A forwarded request would reach the backend at about the time the reply came; give it a moment.
        Thread.sleep(100);
        assertEquals("", backend.received());
        assertEquals(0, backend.connections());
    }
}
