package io.gatehouse.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.testing.ProxyHarness;
import io.gatehouse.testing.RawBackend;
import io.gatehouse.testing.RawClient;
import io.gatehouse.testing.TestBackend;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the client sees when the upstream refuses, stalls, talks nonsense or dies mid-response. */
class UpstreamFailuresIT {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    /** 100 distinct-looking bytes the upstream sends before it dies. */
    private static final String PARTIAL = "0123456789".repeat(10);

    /** A proxy with one upstream {@code backend} of one server and the given upstream timeouts. */
    private static ProxyHarness proxyTo(int port, String timeouts) throws Exception {
        return ProxyHarness.withUpstream("backend", "servers: [127.0.0.1:%d]\ntimeouts: %s".formatted(port, timeouts));
    }

    /** The proxy's own error: exact status, the request id header, and the short body naming it. */
    private static void assertLocalError(HttpResponse<String> r, int status, String reason) {
        assertEquals(status, r.statusCode(), r.body());
        String id = r.headers().firstValue("X-Request-Id").orElse(null);
        assertNotNull(id, "X-Request-Id on a local error");
        assertEquals(status + " " + reason + "\nrequest id: " + id + "\n", r.body());
    }

    private static long millisSince(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    @Test
    void connectionRefusedIs502Quickly() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, LOOPBACK)) {
            closedPort = s.getLocalPort();
        }
        try (ProxyHarness proxy = proxyTo(closedPort, "{connect: 5s}")) {
            long start = System.nanoTime();
            HttpResponse<String> r = proxy.get("/refused");
            assertLocalError(r, 502, "Bad Gateway");
            assertTrue(millisSince(start) < 2000, "refused must not wait for the connect timeout");
        }
    }

    @Test
    void connectTimeoutIs502AfterTheConnectTimeout() throws Exception {
        // A listener that never accepts, with its backlog full: the kernel drops further SYNs.
        List<Socket> fillers = new ArrayList<>();
        try (ServerSocket full = new ServerSocket(0, 1, LOOPBACK)) {
            InetSocketAddress address = new InetSocketAddress(LOOPBACK, full.getLocalPort());
            for (int i = 0; i < 4; i++) {
                Socket s = new Socket();
                fillers.add(s);
                try {
                    s.connect(address, 200);
                } catch (SocketTimeoutException expected) {
                    // The backlog is already full.
                }
            }
            try (ProxyHarness proxy = proxyTo(full.getLocalPort(), "{connect: 600ms, read: 10s}")) {
                long start = System.nanoTime();
                HttpResponse<String> r = proxy.get("/blackhole");
                long took = millisSince(start);
                assertLocalError(r, 502, "Bad Gateway");
                assertTrue(took >= 500 && took < 3000, "took " + took + " ms for a 600ms connect timeout");
            }
        } finally {
            for (Socket s : fillers) {
                s.close();
            }
        }
    }

    @Test
    void silentUpstreamIs504AfterTheReadTimeoutAndItsConnectionIsClosed() throws Exception {
        CountDownLatch upstreamSawClose = new CountDownLatch(1);
        try (RawBackend backend = RawBackend.start((s, b) -> {
            b.readRequest(s);
            while (s.getInputStream().read() >= 0) {
                // Say nothing; wait for the proxy to give up.
            }
            upstreamSawClose.countDown();
        }); ProxyHarness proxy = proxyTo(backend.port(), "{read: 700ms}")) {
            long start = System.nanoTime();
            HttpResponse<String> r = proxy.get("/silent");
            long took = millisSince(start);
            assertLocalError(r, 504, "Gateway Timeout");
            assertTrue(took >= 600 && took < 3000, "took " + took + " ms for a 700ms read timeout");
            assertTrue(upstreamSawClose.await(2, TimeUnit.SECONDS), "the timed-out connection is closed");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "HTTP/1.1 abc OK\r\n\r\n",
        "SSH-2.0-OpenSSH_9.6\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: abc\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!",
        // Either framing could be the real one (RFC 9112 6.3): relaying it risks response splitting.
        "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        // Status codes are three digits from 100 to 599 (RFC 9110 15).
        "HTTP/1.1 000 Zero\r\nContent-Length: 5\r\n\r\nhello",
        "HTTP/1.1 999 Weird\r\nContent-Length: 5\r\n\r\nhello",
        "HTTP/1.1 0200 OK\r\nContent-Length: 5\r\n\r\nhello",
        // A transfer coding other than chunked would reach the client still applied.
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\nrawbytes",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
        // A field name with a space inside: Netty alone would read the part before it as the name.
        "HTTP/1.1 200 OK\r\nTransfer-Encoding x: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length x: 2\r\n\r\nabcdef",
        "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nSet Cookie: a=1\r\n\r\nhello",
        "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX Space\r\n\r\nhello",
    })
    void invalidResponseIs502(String garbage) throws Exception {
        try (RawBackend backend = RawBackend.start((s, b) -> {
            b.readRequest(s);
            RawBackend.send(s, garbage);
            // Keep the connection open: the 502 must come from the garbage, not from a close.
            s.getInputStream().read();
        }); ProxyHarness proxy = proxyTo(backend.port(), "{read: 5s}")) {
            long start = System.nanoTime();
            HttpResponse<String> r = proxy.get("/garbage");
            assertLocalError(r, 502, "Bad Gateway");
            assertTrue(millisSince(start) < 3000, "502 without waiting for the read timeout");
        }
    }

    @Test
    void upstreamClosingBeforeRespondingIs502() throws Exception {
        try (RawBackend backend = RawBackend.start((s, b) -> b.readRequest(s));
             ProxyHarness proxy = proxyTo(backend.port(), "{read: 5s}")) {
            HttpResponse<String> r = proxy.get("/hangup");
            assertLocalError(r, 502, "Bad Gateway");
            // A fresh connection is not retried: the request may have been acted on.
            assertEquals(1, backend.connections());
        }
    }

    @Test
    void upstreamDyingMidBodyCutsTheClientOff() throws Exception {
        try (RawBackend backend = RawBackend.start((s, b) -> {
            b.readRequest(s);
            RawBackend.send(s, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 1000\r\n\r\n" + PARTIAL);
        }); ProxyHarness proxy = proxyTo(backend.port(), "{read: 5s}");
             RawClient client = new RawClient(proxy.port())) {
            long start = System.nanoTime();
            String all = client.send("GET /partial HTTP/1.1\r\nHost: a\r\n\r\n").readAll();
            assertTrue(millisSince(start) < 4000, "the proxy closes the client connection at once");
            int split = all.indexOf("\r\n\r\n");
            assertTrue(split > 0, all);
            String head = all.substring(0, split).toLowerCase();
            assertTrue(head.startsWith("http/1.1 200 "), head);
            assertTrue(head.contains("\r\ncontent-length: 1000"), head);
            assertEquals(PARTIAL, all.substring(split + 4), "exactly the bytes the upstream sent, then EOF");
        }
    }

    @Test
    void chunkedResponseCutMidwayIsNeverTerminated() throws Exception {
        try (RawBackend backend = RawBackend.start((s, b) -> {
            b.readRequest(s);
            RawBackend.send(s, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "64\r\n" + PARTIAL + "\r\n" + "64\r\n" + PARTIAL.substring(0, 30));
        }); ProxyHarness proxy = proxyTo(backend.port(), "{read: 5s}");
             RawClient client = new RawClient(proxy.port())) {
            long start = System.nanoTime();
            client.send("GET /partial-chunked HTTP/1.1\r\nHost: a\r\n\r\n");
            InputStream in = client.socket().getInputStream();
            String head = RawClient.readHead(in).toLowerCase();
            assertTrue(head.startsWith("http/1.1 200 "), head);
            assertTrue(head.contains("\r\ntransfer-encoding: chunked"), head);
            Chunks chunks = readChunksUntilEof(in);
            assertTrue(millisSince(start) < 4000, "the proxy closes the client connection at once");
            assertFalse(chunks.terminated(), "a terminating 0-chunk would make a truncated response look complete");
            assertTrue(chunks.data().startsWith(PARTIAL), chunks.data());
            assertTrue(chunks.data().length() < 200, "never more than the upstream sent: " + chunks.data().length());
        }
    }

    @Test
    void aBrokenChunkInTheSameReadAsTheHeadStillLetsTheHeadAndGoodBytesOut() throws Exception {
        try (RawBackend backend = RawBackend.start((s, b) -> {
            b.readRequest(s);
            RawBackend.send(s, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\nzz\r\nworld\r\n0\r\n\r\n");
            s.getInputStream().read();
        }); ProxyHarness proxy = proxyTo(backend.port(), "{read: 5s}");
             RawClient client = new RawClient(proxy.port())) {
            client.send("GET /broken-chunk HTTP/1.1\r\nHost: a\r\n\r\n");
            InputStream in = client.socket().getInputStream();
            String head = RawClient.readHead(in).toLowerCase();
            assertTrue(head.startsWith("http/1.1 200 "), "the head already passed on goes out: " + head);
            Chunks chunks = readChunksUntilEof(in);
            assertFalse(chunks.terminated(), "the response must not look complete");
            assertEquals("hello", chunks.data());
        }
    }

    @Test
    void failingUpstreamDoesNotSlowDownAHealthyOne() throws Exception {
        TestBackend good = TestBackend.start("good");
        try (good; RawBackend bad = RawBackend.start((s, b) -> {
            b.readRequest(s);
            s.getInputStream().read();
        }); ProxyHarness proxy = ProxyHarness.start("""
                listeners:
                  - address: 127.0.0.1:0
                upstreams:
                  bad:
                    servers: [127.0.0.1:%d]
                    timeouts: {read: 3s}
                  good:
                    servers: [127.0.0.1:%d]
                routes:
                  - match: {path_prefix: /bad/}
                    upstream: bad
                  - upstream: good
                """.formatted(bad.port(), good.port()))) {
            List<CompletableFuture<HttpResponse<String>>> stuck = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                stuck.add(proxy.client().sendAsync(HttpRequest.newBuilder(proxy.uri("/bad/" + i))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()));
            }
            long start = System.nanoTime();
            for (int i = 0; i < 20; i++) {
                HttpResponse<String> r = proxy.get("/ok/" + i);
                assertEquals(200, r.statusCode());
                assertEquals("good GET /ok/" + i, r.body());
            }
            long took = millisSince(start);
            assertTrue(took < 1800, "20 healthy requests took " + took + " ms while another upstream hangs");
            for (CompletableFuture<HttpResponse<String>> f : stuck) {
                assertFalse(f.isDone(), "the stuck requests are still waiting for their upstream");
            }
            for (CompletableFuture<HttpResponse<String>> f : stuck) {
                assertLocalError(f.get(10, TimeUnit.SECONDS), 504, "Gateway Timeout");
            }
        }
    }

    @Test
    void roundRobinAlternatesBetweenTwoServers() throws Exception {
        TestBackend b1 = TestBackend.start("b1");
        TestBackend b2 = TestBackend.start("b2");
        try (b1; b2; ProxyHarness proxy = ProxyHarness.inFrontOf("", b1, b2)) {
            List<String> served = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                HttpResponse<String> r = proxy.get("/rr");
                assertEquals(200, r.statusCode());
                served.add(r.body());
            }
            for (int i = 1; i < served.size(); i++) {
                assertNotEquals(served.get(i - 1), served.get(i), "alternates: " + served);
            }
            assertEquals(3, b1.receivedCount(), "b1 got half: " + served);
            assertEquals(3, b2.receivedCount(), "b2 got half: " + served);
        }
    }

    // ---- reading raw responses ----

    /** The data of a chunked body read until the connection ends, and whether its last chunk came. */
    private record Chunks(String data, boolean terminated) {}


    /** Decodes chunks until EOF or a 0-chunk; a truncated chunk contributes what arrived of it. */
    private static Chunks readChunksUntilEof(InputStream in) throws IOException {
        StringBuilder data = new StringBuilder();
        while (true) {
            String sizeLine = readLine(in);
            if (sizeLine == null || sizeLine.isEmpty()) {
                return new Chunks(data.toString(), false);
            }
            int size = Integer.parseInt(sizeLine.trim(), 16);
            if (size == 0) {
                return new Chunks(data.toString(), true);
            }
            byte[] piece = in.readNBytes(size);
            data.append(new String(piece, StandardCharsets.ISO_8859_1));
            if (piece.length < size || readLine(in) == null) {
                return new Chunks(data.toString(), false);
            }
        }
    }

    /** A CRLF-terminated line without its end, or null at EOF. */
    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                return line.toString();
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return null;
    }
}
