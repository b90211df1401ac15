package io.gatehouse.http.h1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.testing.BackendBehindProxy;
import io.gatehouse.testing.ProxyHarness;
import io.gatehouse.testing.RawBackend;
import io.gatehouse.testing.RawClient;
import io.gatehouse.testing.TestBackend;
import org.junit.jupiter.api.Test;

/** The {@code limits} section: request body (413), request target (414) and request head (431) sizes. */
class LimitsIT extends BackendBehindProxy {

    private static final String LIMITS = """
            limits:
              max_request_body: 1KB
              max_header_size: 1KB
              max_uri_length: 512B
            """;

    LimitsIT() {
        super("b", LIMITS);
    }

    @Test
    void declaredBodyOverTheLimitIs413WithoutContactingTheBackend() throws Exception {
        try (RawBackend silent = RawBackend.start((s, b) -> b.readRequest(s));
             ProxyHarness p = ProxyHarness.inFrontOf(silent.port(), LIMITS);
             RawClient c = new RawClient(p.port())) {
            c.send("POST /up HTTP/1.1\r\nHost: a\r\nContent-Length: 1025\r\n\r\n" + "x".repeat(1025));
            LocalReply.assertError(c.readResponse(), 413, true);
            LocalReply.assertClosed(c, 3000);
            Thread.sleep(100);
            assertEquals(0, silent.connections());
        }
    }

    @Test
    void chunkedBodyGrowingPastTheLimitIs413AndClosed() throws Exception {
        try (RawBackend silent = RawBackend.start((s, b) -> b.readRequest(s));
             ProxyHarness p = ProxyHarness.inFrontOf(silent.port(), LIMITS);
             RawClient c = new RawClient(p.port())) {
            c.send("POST /up HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "258\r\n" + "x".repeat(600) + "\r\n" + "258\r\n" + "y".repeat(600) + "\r\n");
            LocalReply.assertError(c.readResponse(), 413, true);
            LocalReply.assertClosed(c, 3000);
            Thread.sleep(100);
            assertEquals(0, silent.connections());
        }
    }

    @Test
    void chunkedBodyGrowingPastTheLimitWhileStreamingNeverCompletesUpstream() throws Exception {
        try (ProxyHarness streaming = ProxyHarness.inFrontOf(backend.port(), LIMITS.replace(
                "limits:\n", "limits:\n  request_buffer: 0B\n"));
             RawClient c = new RawClient(streaming.port())) {
            c.send("POST /up HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "258\r\n" + "x".repeat(600) + "\r\n");
            Thread.sleep(300);
            c.send("258\r\n" + "y".repeat(600) + "\r\n");
            LocalReply.assertError(c.readResponse(), 413, true);
            LocalReply.assertClosed(c, 3000);

            // The cut request must not stay on a pooled connection, where the next one would become its body.
            assertEquals("b GET /next", streaming.get("/next").body());
            TestBackend.Received next = backend.take();
            assertEquals("/next", next.uri());
            assertNull(backend.poll(200), "the cut request reached the backend complete");
        }
    }

    @Test
    void bodyExactlyAtTheLimitIsForwarded() throws Exception {
        try (RawClient c = new RawClient(proxy.port())) {
            c.send("POST /cl HTTP/1.1\r\nHost: a\r\nContent-Length: 1024\r\n\r\n" + "x".repeat(1024));
            assertTrue(c.readResponse().endsWith("\r\n\r\nb POST /cl"));
            c.send("POST /te HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "200\r\n" + "y".repeat(512) + "\r\n200\r\n" + "z".repeat(512) + "\r\n0\r\n\r\n");
            assertTrue(c.readResponse().endsWith("\r\n\r\nb POST /te"));
        }
        assertEquals("x".repeat(1024), backend.take().bodyText());
        assertEquals("y".repeat(512) + "z".repeat(512), backend.take().bodyText());
    }

    @Test
    void targetOverMaxUriLengthIs414() throws Exception {
        String atLimit = "/" + "a".repeat(511);
        assertEquals(200, proxy.get(atLimit).statusCode());
        assertEquals(atLimit, backend.take().uri());
        try (RawClient c = new RawClient(proxy.port())) {
            c.send("GET " + atLimit + "b HTTP/1.1\r\nHost: a\r\n\r\n");
            LocalReply.assertError(c.readResponse(), 414, false);
        }
        assertNull(backend.poll(100));
    }

    @Test
    void targetFarOverMaxUriLengthIs414AndClosed() throws Exception {
        try (RawClient c = new RawClient(proxy.port())) {
            c.send("GET /" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: a\r\n\r\n");
            LocalReply.assertError(c.readResponse(), 414, true);
            LocalReply.assertClosed(c, 3000);
        }
        assertNull(backend.poll(100));
    }

    @Test
    void manyHeadersOverMaxHeaderSizeAre431() throws Exception {
        StringBuilder head = new StringBuilder("GET /h HTTP/1.1\r\nHost: a\r\n");
        for (int i = 0; i < 40; i++) {
            head.append("X-Header-").append(i + 10).append(": 0123456789abcdef\r\n");
        }
        assertHeadRefused(head.append("\r\n").toString());
    }

    @Test
    void oneHugeHeaderOverMaxHeaderSizeIs431() throws Exception {
        assertHeadRefused("GET /h HTTP/1.1\r\nHost: a\r\nX-Big: " + "v".repeat(2000) + "\r\n\r\n");
    }

    @Test
    void headUnderMaxHeaderSizeIsForwarded() throws Exception {
        StringBuilder head = new StringBuilder("GET /h HTTP/1.1\r\nHost: a\r\n");
        for (int i = 0; i < 20; i++) {
            head.append("X-Header-").append(i + 10).append(": 0123456789abcdef\r\n");
        }
        try (RawClient c = new RawClient(proxy.port())) {
            assertTrue(c.send(head.append("\r\n").toString()).readResponse().endsWith("\r\n\r\nb GET /h"));
        }
        assertEquals("0123456789abcdef", backend.take().header("X-Header-29"));
    }

    @Test
    void theRequestLineCountsTowardsMaxHeaderSize() throws Exception {
        // A 500-byte target (under max_uri_length) and 600 bytes of header fields: each is under
        // 1KB, the head as a whole is not.
        String target = "/" + "t".repeat(499);
        String fields = "Host: a\r\nX-Pad: " + "p".repeat(580) + "\r\n";
        assertHeadRefused("GET " + target + " HTTP/1.1\r\n" + fields + "\r\n");
        // The same head with a shorter target fits, and the connection goes on with the next request.
        try (RawClient c = new RawClient(proxy.port())) {
            String small = "GET /" + "t".repeat(300) + " HTTP/1.1\r\n" + fields + "\r\n";
            assertTrue(c.send(small).readResponse().contains("\r\n\r\nb GET /ttt"));
            assertTrue(c.send(small).readResponse().contains("\r\n\r\nb GET /ttt"));
        }
    }

    private void assertHeadRefused(String request) throws Exception {
        try (RawClient c = new RawClient(proxy.port())) {
            LocalReply.assertError(c.send(request).readResponse(), 431, true);
            LocalReply.assertClosed(c, 3000);
        }
        assertNull(backend.poll(100));
    }
}
