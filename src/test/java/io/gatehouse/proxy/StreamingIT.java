package io.gatehouse.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.gatehouse.testing.DirectMemory;
import io.gatehouse.testing.BodyPattern;
import io.gatehouse.testing.ProxyHarness;
import io.gatehouse.testing.RawBackend;
import io.gatehouse.testing.RawClient;
import io.gatehouse.testing.TestBackend;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Bodies of any size stream through both ways; bodiless and close-delimited responses keep their framing. */
class StreamingIT {

    private static final int MB = 1 << 20;

    /**
     * Reads {@code in} to its end, no faster than {@code bytesPerSecond} when that is positive;
     * returns how many bytes came, failing at the first one off the pattern.
     */
    private static long checkPattern(InputStream in, int readSize, long bytesPerSecond) throws Exception {
        return checkPattern(in, 0, readSize, bytesPerSecond);
    }

    /** As {@link #checkPattern(InputStream, int, long)}, for a stream that starts at byte {@code offset} of the pattern. */
    private static long checkPattern(InputStream in, long offset, int readSize, long bytesPerSecond) throws Exception {
        byte[] buf = new byte[readSize];
        long start = System.nanoTime();
        long count = 0;
        int n;
        while ((n = in.read(buf)) >= 0) {
            for (int i = 0; i < n; i++) {
                if (buf[i] != BodyPattern.at(offset + count + i)) {
                    throw new AssertionError("byte " + (offset + count + i) + " is " + buf[i]
                            + ", want " + BodyPattern.at(offset + count + i));
                }
            }
            count += n;
            if (bytesPerSecond > 0) {
                long aheadMillis = count * 1000 / bytesPerSecond - (System.nanoTime() - start) / 1_000_000;
                if (aheadMillis > 0) {
                    Thread.sleep(aheadMillis);
                }
            }
        }
        return count;
    }

    private static void writePattern(OutputStream out, long length) throws IOException {
        BodyPattern.stream(length).transferTo(out);
    }

    /** A backend that answers {@code size} bytes of the pattern, quietly when the proxy cuts it off. */
    private static TestBackend patternBackend(String name, long size) throws IOException {
        return TestBackend.start(name).answer(ex -> {
            ex.sendResponseHeaders(200, size);
            try (OutputStream out = ex.getResponseBody()) {
                writePattern(out, size);
            } catch (IOException ignored) {
                // The test failed elsewhere and the proxy cut the connection.
            }
        });
    }

    @Test
    void bigDownloadStreamsThroughWhole() throws Exception {
        long size = 64L * MB;
        TestBackend backend = TestBackend.start("big").answer(ex -> {
            ex.sendResponseHeaders(200, size);
            try (OutputStream out = ex.getResponseBody()) {
                writePattern(out, size);
            }
        });
        try (backend; ProxyHarness proxy = ProxyHarness.inFrontOf(backend.port(), "")) {
            HttpResponse<InputStream> r = proxy.client().send(HttpRequest.newBuilder(proxy.uri("/big"))
                    .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofInputStream());
            assertEquals(200, r.statusCode());
            assertEquals(String.valueOf(size), r.headers().firstValue("Content-Length").orElse(null));
            try (InputStream in = r.body()) {
                assertEquals(size, checkPattern(in, 64 << 10, 0));
            }
        }
    }

    @Test
    void bigChunkedUploadStreamsThroughWhole() throws Exception {
        long size = 64L * MB;
        // The JDK server in TestBackend buffers request bodies; this one checks them as they stream.
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/", ex -> {
            String verdict;
            try (InputStream in = ex.getRequestBody()) {
                verdict = checkPattern(in, 64 << 10, 0) + " bytes, framing: "
                        + ex.getRequestHeaders().getFirst("Transfer-Encoding");
            } catch (Throwable t) {
                verdict = "bad: " + t.getMessage();
            }
            TestBackend.reply(ex, 200, verdict);
        });
        server.start();
        try (ProxyHarness proxy = ProxyHarness.inFrontOf(server.getAddress().getPort(),
                "limits: {max_request_body: 128MB}\n")) {
            HttpResponse<String> r = proxy.client().send(HttpRequest.newBuilder(proxy.uri("/upload"))
                    .timeout(Duration.ofSeconds(15))
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> BodyPattern.stream(size))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            assertEquals(size + " bytes, framing: chunked", r.body());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void headAnswerKeepsContentLengthAndSendsNoBody() throws Exception {
        try (RawBackend backend = RawBackend.start((s, b) -> {
            String request;
            while ((request = b.readRequest(s)) != null) {
                if (request.startsWith("HEAD /chunked ")) {
                    // The GET would be chunked; the HEAD answer announces that and has no chunks at all.
                    RawBackend.send(s, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
                } else if (request.startsWith("HEAD ")) {
                    RawBackend.send(s, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 12345\r\n\r\n");
                } else {
                    RawBackend.send(s, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nafter");
                }
            }
        }); ProxyHarness proxy = ProxyHarness.inFrontOf(backend.port(), "");
             RawClient client = new RawClient(proxy.port())) {
            client.send("HEAD /doc HTTP/1.1\r\nHost: s\r\n\r\n");
            String head = RawClient.readHead(client.socket().getInputStream()).toLowerCase();
            assertTrue(head.startsWith("http/1.1 200 "), head);
            assertTrue(head.contains("\r\ncontent-length: 12345\r\n"), head);
            assertFalse(head.contains("transfer-encoding"), head);
            client.send("HEAD /chunked HTTP/1.1\r\nHost: s\r\n\r\n");
            String chunkedHead = RawClient.readHead(client.socket().getInputStream()).toLowerCase();
            assertTrue(chunkedHead.startsWith("http/1.1 200 "), chunkedHead);
            // Any body byte after a HEAD answer would be read here as the start of the next response.
            String next = client.send("GET /after HTTP/1.1\r\nHost: s\r\n\r\n").readResponse();
            assertTrue(next.startsWith("HTTP/1.1 200 "), next);
            assertTrue(next.endsWith("\r\n\r\nafter"), next);
            assertEquals(1, backend.connections(), "the upstream connection stayed in sync too");
        }
    }

    @Test
    void noContentAndNotModifiedHaveNoBodyAndKeepTheConnection() throws Exception {
        try (RawBackend backend = RawBackend.start((s, b) -> {
            String request;
            while ((request = b.readRequest(s)) != null) {
                if (request.startsWith("GET /204 ")) {
                    RawBackend.send(s, "HTTP/1.1 204 No Content\r\nX-Kind: none\r\n\r\n");
                } else if (request.startsWith("GET /304 ")) {
                    // Content-Length on a 304 describes the representation (RFC 9110 8.6), not a body.
                    RawBackend.send(s, "HTTP/1.1 304 Not Modified\r\nETag: \"v1\"\r\nContent-Length: 5000\r\n\r\n");
                } else {
                    RawBackend.send(s, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nafter");
                }
            }
        }); ProxyHarness proxy = ProxyHarness.inFrontOf(backend.port(), "");
             RawClient client = new RawClient(proxy.port())) {
            String noContent = client.send("GET /204 HTTP/1.1\r\nHost: s\r\n\r\n").readResponse();
            assertTrue(noContent.startsWith("HTTP/1.1 204 "), noContent);
            assertTrue(noContent.toLowerCase().contains("\r\nx-kind: none\r\n"), noContent);
            assertFalse(noContent.toLowerCase().contains("transfer-encoding"), noContent);
            String notModified = client.send("GET /304 HTTP/1.1\r\nHost: s\r\n\r\n").readResponse();
            assertTrue(notModified.startsWith("HTTP/1.1 304 "), notModified);
            assertTrue(notModified.contains("\"v1\""), notModified);
            assertFalse(notModified.toLowerCase().contains("transfer-encoding"), notModified);
            String next = client.send("GET /after HTTP/1.1\r\nHost: s\r\n\r\n").readResponse();
            assertTrue(next.startsWith("HTTP/1.1 200 "), next);
            assertTrue(next.endsWith("\r\n\r\nafter"), next);
            assertEquals(1, backend.connections());
        }
    }

    /** A body with no length: the upstream ends it by closing the connection. */
    private static final String CLOSE_DELIMITED = "until the end of the connection\n".repeat(4000);

    private static RawBackend closeDelimitedBackend() throws IOException {
        return RawBackend.start((s, b) -> {
            b.readRequest(s);
            RawBackend.send(s, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n" + CLOSE_DELIMITED);
        });
    }

    @Test
    void closeDelimitedResponseIsChunkedForHttp11Clients() throws Exception {
        try (RawBackend backend = closeDelimitedBackend();
             ProxyHarness proxy = ProxyHarness.inFrontOf(backend.port(), "");
             RawClient client = new RawClient(proxy.port())) {
            for (int i = 0; i < 2; i++) {
                // RawClient reads a chunked body only when the head says so, and needs the 0-chunk to end.
                String r = client.send("GET /stream HTTP/1.1\r\nHost: s\r\n\r\n").readResponse();
                String head = r.substring(0, r.indexOf("\r\n\r\n") + 4).toLowerCase();
                assertTrue(head.startsWith("http/1.1 200 "), head);
                assertTrue(head.contains("\r\ntransfer-encoding: chunked\r\n"), head);
                assertFalse(head.contains("content-length"), head);
                assertFalse(head.contains("connection: close"), "the client connection stays open: " + head);
                assertEquals(CLOSE_DELIMITED, r.substring(head.length()));
            }
            assertEquals(2, backend.connections());
        }
    }

    @Test
    void closeDelimitedResponseIsCloseDelimitedForHttp10Clients() throws Exception {
        try (RawBackend backend = closeDelimitedBackend();
             ProxyHarness proxy = ProxyHarness.inFrontOf(backend.port(), "");
             RawClient client = new RawClient(proxy.port())) {
            long start = System.nanoTime();
            String all = client.send("GET /stream HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").readAll();
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5), "the proxy closes to end the body");
            int split = all.indexOf("\r\n\r\n") + 4;
            String head = all.substring(0, split).toLowerCase();
            assertTrue(head.startsWith("http/1.1 200 "), head);
            assertFalse(head.contains("transfer-encoding"), "HTTP/1.0 has no chunked coding: " + head);
            assertFalse(head.contains("content-length"), head);
            assertTrue(head.contains("\r\nconnection: close\r\n"), head);
            assertEquals(CLOSE_DELIMITED, all.substring(split));
        }
    }

    @Test
    void trailersOfAChunkedResponsePassThrough() throws Exception {
        try (RawBackend backend = RawBackend.start((s, b) -> {
            b.readRequest(s);
            RawBackend.send(s, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTrailer: X-Checksum\r\n\r\n"
                    + "5\r\nhello\r\n6\r\n world\r\n0\r\nX-Checksum: 5eb63bbb\r\n\r\n");
            s.getInputStream().read();
        }); ProxyHarness proxy = ProxyHarness.inFrontOf(backend.port(), "");
             RawClient client = new RawClient(proxy.port())) {
            String all = client.send("GET /t HTTP/1.1\r\nHost: s\r\nTE: trailers\r\nConnection: close\r\n\r\n")
                    .readAll();
            int split = all.indexOf("\r\n\r\n") + 4;
            assertTrue(all.startsWith("HTTP/1.1 200 "), all);
            assertTrue(all.substring(0, split).toLowerCase().contains("\r\ntransfer-encoding: chunked\r\n"), all);
            StringBuilder data = new StringBuilder();
            String rest = all.substring(split);
            while (true) {
                int eol = rest.indexOf("\r\n");
                int size = Integer.parseInt(rest.substring(0, eol), 16);
                rest = rest.substring(eol + 2);
                if (size == 0) {
                    break;
                }
                data.append(rest, 0, size);
                assertEquals("\r\n", rest.substring(size, size + 2));
                rest = rest.substring(size + 2);
            }
            assertEquals("hello world", data.toString());
            assertEquals("x-checksum: 5eb63bbb\r\n\r\n", rest.toLowerCase());
        }
    }

    @Test
    void slowReaderGetsEverythingWhileTheProxyBuffersLittle() throws Exception {
        long size = 32L * MB;
        TestBackend backend = patternBackend("slow", size);
        try (backend; ProxyHarness proxy = ProxyHarness.inFrontOf(backend.port(), "");
             Socket socket = new Socket()) {
            socket.setReceiveBufferSize(64 << 10);
            socket.setSoTimeout(10_000);
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), proxy.port()));
            long baseline = DirectMemory.used();
            AtomicLong peak = new AtomicLong(baseline);
            Thread sampler = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    peak.accumulateAndGet(DirectMemory.used(), Math::max);
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            sampler.setDaemon(true);
            sampler.start();
            socket.getOutputStream().write("GET /slow HTTP/1.1\r\nHost: s\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            String head = RawClient.readHead(in).toLowerCase();
            assertTrue(head.startsWith("http/1.1 200 "), head);
            assertTrue(head.contains("\r\ncontent-length: " + size + "\r\n"), head);
            // About 3 s of reading, far slower than the backend can send.
            long count = checkPattern(new LimitedStream(in, size), 64 << 10, 10L * MB);
            sampler.interrupt();
            sampler.join();
            assertEquals(size, count);
            long grew = peak.get() - baseline;
            assertTrue(grew < 8L * MB, "direct memory grew by " + grew / MB + " MB for a 32 MB response read slowly");
        }
    }

    @Test
    void aClientThatPausesLongerThanTheUpstreamReadTimeoutStillGetsEverything() throws Exception {
        // The upstream is not silent while the proxy leaves it unread for a slow client.
        long size = 16L * MB;
        TestBackend backend = patternBackend("paused", size);
        try (backend; ProxyHarness proxy = ProxyHarness.withUpstream("backend",
                "servers: [127.0.0.1:%d]\ntimeouts: {read: 1s}".formatted(backend.port()));
             Socket socket = new Socket()) {
            socket.setReceiveBufferSize(64 << 10);
            socket.setSoTimeout(10_000);
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), proxy.port()));
            socket.getOutputStream().write("GET /paused HTTP/1.1\r\nHost: s\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            String head = RawClient.readHead(in).toLowerCase();
            assertTrue(head.startsWith("http/1.1 200 "), head);
            byte[] first = in.readNBytes(MB);
            for (int i = 0; i < first.length; i++) {
                assertEquals(BodyPattern.at(i), first[i], "byte " + i);
            }
            Thread.sleep(2500); // longer than the upstream's read timeout, well within the client's
            long rest = checkPattern(new LimitedStream(in, size - MB), MB, 64 << 10, 0);
            assertEquals(size - MB, rest);
        }
    }

    /** The first {@code limit} bytes of a stream (a keep-alive response does not end with EOF). */
    private static final class LimitedStream extends InputStream {
        private final InputStream in;
        private long left;

        LimitedStream(InputStream in, long limit) {
            this.in = in;
            this.left = limit;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = in.read();
            if (b >= 0) {
                left--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }
    }
}
