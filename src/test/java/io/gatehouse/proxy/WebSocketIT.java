package io.gatehouse.proxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.testing.DirectMemory;
import io.gatehouse.testing.ProxyHarness;
import io.gatehouse.testing.RawBackend;
import io.gatehouse.testing.RawClient;
import io.gatehouse.testing.TestBackend;
import io.gatehouse.testing.TestCertificates;
import io.gatehouse.testing.WebSocketBackend;
import io.netty.handler.codec.http.HttpHeaders;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTP/1.1 protocol upgrades: WebSocket connections relayed to a real WebSocket server. */
class WebSocketIT {

    private static final String HANDSHAKE = "GET /ws HTTP/1.1\r\nHost: app\r\nUpgrade: websocket\r\n"
            + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";

    @TempDir
    Path dir;

    @Test
    void textAndLargeBinaryMessagesGoBothWays() throws Exception {
        try (WebSocketBackend backend = WebSocketBackend.start();
             ProxyHarness proxy = ProxyHarness.inFrontOf(backend.port(), "")) {
            Messages messages = new Messages();
            WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + proxy.port() + "/ws"), messages)
                    .get(5, TimeUnit.SECONDS);
            assertEquals("welcome", messages.next());
            ws.sendText("hello", true).get(5, TimeUnit.SECONDS);
            assertEquals("hello", messages.next());
            byte[] large = new byte[3 << 20];
            new Random(7).nextBytes(large);
            ws.sendBinary(ByteBuffer.wrap(large), true).get(10, TimeUnit.SECONDS);
            assertArrayEquals(large, (byte[]) messages.nextObject());
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void wssThroughAnHttpsListener() throws Exception {
        TestCertificates ca = TestCertificates.newCa("WebSocket CA");
        TestCertificates.Issued site = ca.server("localhost");
        Path cert = site.writeCert(dir.resolve("site.pem"), site.certificate(), ca.certificate());
        Path key = site.writeKey(dir.resolve("site.key"), TestCertificates.KeyFormat.PKCS8);
        try (WebSocketBackend backend = WebSocketBackend.start();
             ProxyHarness proxy = ProxyHarness.withListener(backend.port(),
                     "tls: {cert: " + cert + ", key: " + key + "}", "")) {
            Messages messages = new Messages();
            WebSocket ws = HttpClient.newBuilder().sslContext(ca.sslContext(null)).build().newWebSocketBuilder()
                    .buildAsync(URI.create("wss://localhost:" + proxy.port() + "/ws"), messages)
                    .get(5, TimeUnit.SECONDS);
            assertEquals("welcome", messages.next());
            ws.sendText("over TLS", true).get(5, TimeUnit.SECONDS);
            assertEquals("over TLS", messages.next());
            assertEquals("https", backend.takeHandshake().get("X-Forwarded-Proto"));
        }
    }

    @Test
    void theBackendSeesTheUpgradeAndTheForwardingHeadersAndTheClientTheRequestId() throws Exception {
        try (WebSocketBackend backend = WebSocketBackend.start();
             ProxyHarness proxy = ProxyHarness.inFrontOf(backend.port(), "");
             RawClient client = new RawClient(proxy.port())) {
            client.send(HANDSHAKE);
            String head = RawClient.readHead(client.socket().getInputStream());
            assertTrue(head.startsWith("HTTP/1.1 101 "), head);
            assertTrue(head.contains("\r\nUpgrade: websocket\r\n"), head);
            assertTrue(head.contains("\r\nConnection: upgrade\r\n"), head);
            assertTrue(head.contains("\r\nsec-websocket-accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"), head);
            assertTrue(head.contains("\r\nX-Request-Id: "), head);
            assertFalse(head.toLowerCase().contains("transfer-encoding"), head);
            assertEquals("welcome", readServerText(client.socket().getInputStream()));

            HttpHeaders seen = backend.takeHandshake();
            assertEquals("websocket", seen.get("Upgrade"));
            assertEquals("upgrade", seen.get("Connection"));
            assertEquals("127.0.0.1", seen.get("X-Forwarded-For"));
            assertNotNull(seen.get("X-Request-Id"));
        }
    }

    @Test
    void bytesSentRightAfterTheHandshakeReachTheBackend() throws Exception {
        try (WebSocketBackend backend = WebSocketBackend.start();
             ProxyHarness proxy = ProxyHarness.inFrontOf(backend.port(), "");
             RawClient client = new RawClient(proxy.port())) {
            // The handshake and a first message in one write: the message must wait for the switch.
            ByteArrayOutputStream both = new ByteArrayOutputStream();
            both.write(HANDSHAKE.getBytes(StandardCharsets.ISO_8859_1));
            both.write(clientText("early"));
            client.send(both.toByteArray());
            InputStream in = client.socket().getInputStream();
            assertTrue(RawClient.readHead(in).startsWith("HTTP/1.1 101 "));
            assertEquals("welcome", readServerText(in));
            assertEquals("early", readServerText(in));
        }
    }

    @Test
    void aClientThatDoesNotReadHoldsBackTheUpstreamInsteadOfFillingMemory() throws Exception {
        int messages = 500; // 30 MB
        try (WebSocketBackend backend = WebSocketBackend.start();
             ProxyHarness proxy = ProxyHarness.inFrontOf(backend.port(), "");
             RawClient client = new RawClient(proxy.port())) {
            client.socket().setReceiveBufferSize(64 << 10);
            client.send(HANDSHAKE);
            InputStream in = client.socket().getInputStream();
            assertTrue(RawClient.readHead(in).startsWith("HTTP/1.1 101 "));
            assertEquals("welcome", readServerText(in));
            long baseline = DirectMemory.used();
            client.send(clientText("flood " + messages));
            long peak = baseline;
            for (int i = 0; i < 100; i++) {
                Thread.sleep(20);
                peak = Math.max(peak, DirectMemory.used());
            }
            long expected = (long) messages * (4 + WebSocketBackend.FLOOD_MESSAGE);
            byte[] buf = new byte[64 << 10];
            long read = 0;
            for (int n; read < expected && (n = in.read(buf)) > 0; ) {
                read += n;
            }
            assertEquals(expected, read, "every byte of the flood arrives");
            assertTrue(peak - baseline < (8 << 20), "direct memory grew by " + (peak - baseline) + " bytes");
        }
    }

    @Test
    void aRefusedUpgradeIsAnsweredAndTheConnectionCloses() throws Exception {
        try (WebSocketBackend backend = WebSocketBackend.start();
             ProxyHarness proxy = ProxyHarness.inFrontOf(backend.port(), "");
             RawClient client = new RawClient(proxy.port())) {
            String all = client.send(HANDSHAKE.replace("GET /ws ", "GET /elsewhere ")).readAll();
            assertTrue(all.startsWith("HTTP/1.1 404 "), all);
            assertTrue(all.contains("\r\nConnection: close\r\n"), all);
            assertTrue(all.endsWith("no such socket"), all);
        }
    }

    @Test
    void aSwitchTheClientDidNotAskForIsABadGateway() throws Exception {
        try (RawBackend backend = RawBackend.start((socket, b) -> {
                RawClient.readHead(socket.getInputStream());
                socket.getOutputStream().write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                        + "Connection: upgrade\r\n\r\nraw bytes").getBytes(StandardCharsets.ISO_8859_1));
                Thread.sleep(2000);
             });
             ProxyHarness proxy = ProxyHarness.inFrontOf(backend.port(), "")) {
            assertEquals(502, proxy.get("/plain").statusCode());
        }
    }

    @Test
    void anIdleTunnelClosesAfterTheReadTimeoutAndIsLoggedAs101() throws Exception {
        Path log = dir.resolve("access.log");
        try (WebSocketBackend backend = WebSocketBackend.start();
             ProxyHarness proxy = ProxyHarness.start("""
                     listeners:
                       - address: 127.0.0.1:0
                     upstreams:
                       app:
                         servers: [127.0.0.1:%d]
                         timeouts: {read: 300ms}
                     routes:
                       - upstream: app
                     access_log: {path: %s}
                     """.formatted(backend.port(), log));
             RawClient client = new RawClient(proxy.port())) {
            client.send(HANDSHAKE);
            InputStream in = client.socket().getInputStream();
            assertTrue(RawClient.readHead(in).startsWith("HTTP/1.1 101 "));
            assertEquals("welcome", readServerText(in));
            long start = System.nanoTime();
            assertEquals(-1, in.read(), "the proxy closes the idle connection");
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(waited >= 200 && waited < 3000, "closed after " + waited + " ms");
            String line = awaitLine(log);
            // The 9 bytes of the welcome frame came from the upstream.
            assertTrue(line.contains("\"GET /ws HTTP/1.1\" 101 9 "), line);
            for (int i = 0; i < 100 && backend.openConnections() > 0; i++) {
                Thread.sleep(20);
            }
            assertEquals(0, backend.openConnections(), "the upstream connection was closed too");
        }
    }

    @Test
    void anUpstreamThatNeverReadsIsClosedOnceTheClientHasLeft() throws Exception {
        java.util.concurrent.CompletableFuture<Long> cutOff = new java.util.concurrent.CompletableFuture<>();
        try (RawBackend backend = RawBackend.start((socket, b) -> {
                RawClient.readHead(socket.getInputStream());
                socket.getOutputStream().write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                        + "Connection: upgrade\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                // Never reads; writes a byte every 50 ms until the proxy's close makes a write fail.
                try {
                    for (int i = 0; i < 200; i++) {
                        Thread.sleep(50);
                        socket.getOutputStream().write(1);
                    }
                } catch (IOException closedByTheProxy) {
                    cutOff.complete(System.nanoTime());
                }
             });
             ProxyHarness proxy = ProxyHarness.start("""
                     listeners:
                       - address: 127.0.0.1:0
                     upstreams:
                       app:
                         servers: [127.0.0.1:%d]
                         timeouts: {read: 500ms}
                     routes:
                       - upstream: app
                     """.formatted(backend.port()))) {
            RawClient client = new RawClient(proxy.port());
            client.send(HANDSHAKE);
            assertTrue(RawClient.readHead(client.socket().getInputStream()).startsWith("HTTP/1.1 101 "));
            // More than the upstream side can buffer, so some of it is still the proxy's to write.
            Thread sender = new Thread(() -> {
                try {
                    client.send(new byte[16 << 20]);
                } catch (IOException closed) {
                    // the socket is closed under the write below
                }
            });
            sender.start();
            Thread.sleep(1000);
            long left = System.nanoTime();
            client.close();
            long after = cutOff.get(8, TimeUnit.SECONDS) - left;
            assertTrue(after < TimeUnit.SECONDS.toNanos(3), "cut off " + after / 1_000_000 + " ms after the client left");
            sender.join(5000);
        }
    }

    @Test
    void closingTheClientClosesTheUpstreamConnection() throws Exception {
        try (WebSocketBackend backend = WebSocketBackend.start();
             ProxyHarness proxy = ProxyHarness.inFrontOf(backend.port(), "")) {
            try (RawClient client = new RawClient(proxy.port())) {
                client.send(HANDSHAKE);
                InputStream in = client.socket().getInputStream();
                assertTrue(RawClient.readHead(in).startsWith("HTTP/1.1 101 "));
                assertEquals("welcome", readServerText(in));
                assertEquals(1, backend.openConnections());
            }
            for (int i = 0; i < 100 && backend.openConnections() > 0; i++) {
                Thread.sleep(20);
            }
            assertEquals(0, backend.openConnections());
        }
    }

    @Test
    void anH2cUpgradeIsNotForwarded() throws Exception {
        try (TestBackend backend = TestBackend.start("b");
             ProxyHarness proxy = ProxyHarness.inFrontOf(backend.port(), "");
             RawClient client = new RawClient(proxy.port())) {
            String response = client.send("GET /x HTTP/1.1\r\nHost: a\r\nUpgrade: h2c\r\n"
                    + "Connection: Upgrade, HTTP2-Settings\r\nHTTP2-Settings: AAMAAABkAAQAAP__\r\n\r\n").readResponse();
            assertTrue(response.startsWith("HTTP/1.1 200 "), response);
            TestBackend.Received got = backend.take();
            assertNull(got.header("Upgrade"));
            assertNull(got.header("HTTP2-Settings"));
        }
    }

    private String awaitLine(Path log) throws Exception {
        for (int i = 0; i < 100; i++) {
            if (Files.exists(log)) {
                List<String> lines = Files.readAllLines(log);
                if (!lines.isEmpty()) {
                    return lines.get(0);
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no access log line");
    }

    /** One masked text frame, as a client sends it (RFC 6455 section 5.2), for payloads under 126 bytes. */
    private static byte[] clientText(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        byte[] mask = {1, 2, 3, 4};
        byte[] frame = new byte[6 + payload.length];
        frame[0] = (byte) 0x81;
        frame[1] = (byte) (0x80 | payload.length);
        System.arraycopy(mask, 0, frame, 2, 4);
        for (int i = 0; i < payload.length; i++) {
            frame[6 + i] = (byte) (payload[i] ^ mask[i % 4]);
        }
        return frame;
    }

    /** Reads one unmasked text frame from the server, payload under 126 bytes. */
    private static String readServerText(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        int first = data.readUnsignedByte();
        int length = data.readUnsignedByte();
        assertEquals(0x81, first, "a final text frame");
        byte[] payload = new byte[length];
        data.readFully(payload);
        return new String(payload, StandardCharsets.UTF_8);
    }

    /** Collects whole messages: text as String, binary as byte[]. */
    private static final class Messages implements WebSocket.Listener {
        private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
        private final StringBuilder text = new StringBuilder();
        private final ByteArrayOutputStream binary = new ByteArrayOutputStream();

        String next() throws InterruptedException {
            return (String) nextObject();
        }

        Object nextObject() throws InterruptedException {
            Object m = queue.poll(10, TimeUnit.SECONDS);
            if (m == null) {
                throw new AssertionError("no message within 10 s");
            }
            return m;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                queue.add(text.toString());
                text.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            binary.writeBytes(bytes);
            if (last) {
                queue.add(binary.toByteArray());
                binary.reset();
            }
            ws.request(1);
            return null;
        }
    }
}
