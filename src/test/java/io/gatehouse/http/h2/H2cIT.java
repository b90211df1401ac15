package io.gatehouse.http.h2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.testing.BackendBehindProxy;
import io.gatehouse.testing.RawClient;
import io.gatehouse.testing.TestBackend;
import io.netty.handler.codec.http2.Http2Headers;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** HTTP/2 over cleartext with prior knowledge on a plain listener, next to HTTP/1.x clients. */
class H2cIT extends BackendBehindProxy {

    /** Only paths under /ok/ are routed; others get the proxy's own 404. */
    H2cIT() {
        super("backend", "match: {path_prefix: /ok/}", "");
    }

    @Test
    void aGetReachesTheHttp11BackendWithForwardingHeaders() throws Exception {
        try (H2cClient client = H2cClient.connect(proxy.port())) {
            Http2Headers request = H2cClient.headers("GET", "/ok/hello?x=1").add("x-custom", "yes");
            H2cClient.Call call = client.send(request, null);

            assertEquals(200, call.status());
            assertEquals("backend GET /ok/hello?x=1", call.bodyText());
            TestBackend.Received received = backend.take();
            assertEquals("h2c.test", received.header("Host"));
            assertEquals("yes", received.header("X-Custom"));
            assertEquals("1.1 gatehouse", received.header("Via"));
            assertEquals("http", received.header("X-Forwarded-Proto"));
            assertEquals("127.0.0.1", received.header("X-Forwarded-For"));
            assertNull(received.header("X-Http2-Stream-Id"));
            assertNull(received.header("X-Http2-Scheme"));
            assertEquals(received.header("X-Request-Id"), call.head.get().get("x-request-id").toString());
        }
    }

    @Test
    void aPostBodyAndTheBackendsStatusAndHeadersPassThrough() throws Exception {
        backend.answer(ex -> {
            ex.getResponseHeaders().set("X-Answer", "created");
            TestBackend.reply(ex, 201, "stored");
        });
        try (H2cClient client = H2cClient.connect(proxy.port())) {
            byte[] body = "name=gatehouse".getBytes(StandardCharsets.UTF_8);
            H2cClient.Call call = client.send(H2cClient.headers("POST", "/ok/items")
                    .add("content-type", "application/x-www-form-urlencoded"), body);

            assertEquals(201, call.status());
            assertEquals("created", call.head.get().get("x-answer").toString());
            assertEquals("stored", call.bodyText());
            TestBackend.Received received = backend.take();
            assertEquals("POST", received.method());
            assertEquals("name=gatehouse", received.bodyText());
            assertEquals("application/x-www-form-urlencoded", received.header("Content-Type"));
        }
    }

    @Test
    void http1ClientsKeepWorkingOnTheSameListener() throws Exception {
        try (RawClient client = new RawClient(proxy.port())) {
            // 'P' is also the preface's first byte: the choice is made at the first byte that differs.
            String post = client.send("POST /ok/p HTTP/1.1\r\nHost: s\r\nContent-Length: 2\r\n\r\nhi").readResponse();
            String get = client.send("GET /ok/g HTTP/1.1\r\nHost: s\r\n\r\n").readResponse();

            assertTrue(post.startsWith("HTTP/1.1 200 "), post);
            assertTrue(post.endsWith("backend POST /ok/p"), post);
            assertTrue(get.endsWith("backend GET /ok/g"), get);
            assertEquals("1.1 gatehouse", backend.take().header("Via"));
        }
    }

    @Test
    void aFirstLineWithoutAnHttpVersionIsABrokenPrefaceAndIsClosedWithoutAnAnswer() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", proxy.port())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write("INVALID CONNECTION PREFACE\r\n\r\n".getBytes(StandardCharsets.US_ASCII));

            assertEquals(-1, socket.getInputStream().read(), "closed, nothing sent");
            assertEquals(0, backend.receivedCount());
        }
    }

    @Test
    void aLaterRequestWithoutAnHttpVersionIsAnHttp11BadRequest() throws Exception {
        try (RawClient client = new RawClient(proxy.port())) {
            String first = client.send("GET /ok/first HTTP/1.1\r\nHost: s\r\n\r\n").readResponse();
            String second = client.send("GET /ok/second FOO\r\nHost: s\r\n\r\n").readResponse();

            assertTrue(first.startsWith("HTTP/1.1 200 "), first);
            assertTrue(second.startsWith("HTTP/1.1 400 "), second);
            assertEquals(1, backend.receivedCount());
        }
    }

    @Test
    void thePrefaceMayArriveInPieces() throws Exception {
        try (Socket socket = RawH2.socket(proxy.port(), 0); RawH2 h2 = RawH2.over(socket)) {
            OutputStream out = socket.getOutputStream();
            byte[] preface = RawH2.PREFACE;
            for (int[] cut : new int[][] {{0, 1}, {1, 9}, {9, preface.length}}) {
                out.write(Arrays.copyOfRange(preface, cut[0], cut[1]));
                out.flush();
                Thread.sleep(100);
            }
            h2.frame(RawH2.SETTINGS, 0, 0, new byte[0]).headers(1, RawH2.get("/ok/pieces"), true).flush();

            RawH2.Frame head = h2.await(RawH2.HEADERS, 1);
            assertNotNull(head, "no response");
            assertEquals("200", head.headers().status().toString());
        }
    }

    @Test
    void aLocalReplyToHeadHasNoBody() throws Exception {
        try (RawH2 h2 = RawH2.connect(proxy.port())) {
            h2.headers(1, RawH2.get("/nowhere").method("HEAD"), true).flush();

            RawH2.Frame head = h2.await(RawH2.HEADERS, 1);
            assertEquals("404", head.headers().status().toString());
            int bodyBytes = 0;
            RawH2.Frame f = head;
            while (!f.endsStream()) {
                f = h2.read();
                if (f.type() == RawH2.DATA && f.stream() == 1) {
                    bodyBytes += f.payload().length;
                }
            }
            assertEquals(0, bodyBytes);
        }
    }

    @Test
    void anErrorOnOneStreamLeavesTheOthers() throws Exception {
        try (H2cClient client = H2cClient.connect(proxy.port())) {
            H2cClient.Call missing = client.send(H2cClient.headers("GET", "/nowhere"), null);
            H2cClient.Call found = client.send(H2cClient.headers("GET", "/ok/there"), null);

            assertEquals(404, missing.status());
            assertTrue(missing.bodyText().contains("request id"), missing.bodyText());
            assertEquals(200, found.status());
            assertEquals("backend GET /ok/there", found.bodyText());
        }
    }

    @Test
    void uploadsAnsweredBeforeTheirBodyEndsCostNoResetAndNotTheConnection() throws Exception {
        try (RawH2 h2 = RawH2.connect(proxy.port())) {
            // More early answers than the limit on resets the proxy may send (200 per 30 s).
            for (int stream = 1; stream <= 421; stream += 2) {
                h2.headers(stream, RawH2.get("/nowhere").method("POST").setInt("content-length", 100), false).flush();
                assertEquals("404", awaitHeadersWithoutReset(h2, stream).headers().status().toString());
                h2.frame(RawH2.DATA, RawH2.END_STREAM, stream, new byte[100]).flush();
            }
            h2.headers(423, RawH2.get("/ok/after"), true).flush();
            assertEquals("200", awaitHeadersWithoutReset(h2, 423).headers().status().toString());
        }
    }

    @Test
    void aLongBodyAfterACompleteAnswerIsCutOffWithNoError() throws Exception {
        try (RawH2 h2 = RawH2.connect(proxy.port())) {
            h2.headers(1, RawH2.get("/nowhere").method("POST").setInt("content-length", 1_000_000), false).flush();
            assertEquals("404", h2.await(RawH2.HEADERS, 1).headers().status().toString());
            for (int i = 0; i < 4; i++) {
                h2.frame(RawH2.DATA, 0, 1, new byte[16 << 10]);
            }
            h2.flush();

            // RFC 9113 section 8.1: the response is complete, the client is asked to stop sending.
            assertEquals(RawH2.NO_ERROR, h2.await(RawH2.RST_STREAM, 1).errorCode());
        }
    }

    /** Reads up to the HEADERS frame of {@code stream}; fails on any RST_STREAM or GOAWAY on the way. */
    private static RawH2.Frame awaitHeadersWithoutReset(RawH2 h2, int stream) throws Exception {
        RawH2.Frame f;
        while ((f = h2.read()) != null) {
            assertTrue(f.type() != RawH2.RST_STREAM && f.type() != RawH2.GOAWAY, "frame type " + f.type() + " on stream " + f.stream());
            if (f.type() == RawH2.HEADERS && f.stream() == stream) {
                return f;
            }
        }
        throw new AssertionError("connection closed before stream " + stream + " answered");
    }

    @Test
    void malformedRequestHeadsResetOnlyTheirStreams() throws Exception {
        try (RawH2 h2 = RawH2.connect(proxy.port())) {
            h2.headers(1, RawH2.get("/ok/a").add("x-a", "1\r\nx-b: 2"), true)
                    .headers(3, RawH2.get("/ok/b").method("GE T"), true).flush();

            assertEquals(RawH2.PROTOCOL_ERROR, h2.await(RawH2.RST_STREAM, 1).errorCode());
            assertEquals(RawH2.PROTOCOL_ERROR, h2.await(RawH2.RST_STREAM, 3).errorCode());
            h2.headers(5, RawH2.get("/ok/c"), true).flush();
            assertEquals("200", h2.await(RawH2.HEADERS, 5).headers().status().toString());
            assertEquals("/ok/c", backend.take().uri());
        }
    }
}
