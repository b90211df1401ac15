package io.gatehouse.upstream.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.testing.ProxyHarness;
import io.gatehouse.testing.RawBackend;
import io.gatehouse.testing.RawClient;
import java.net.Socket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Upstream keep-alive through the proxy: reuse, no reuse, idle expiry, and connections the server dropped. */
class ConnectionPoolIT {

    /** Numbers the backend's connections 1, 2, ... in accept order; each answer names its connection. */
    private final AtomicInteger nextConnection = new AtomicInteger();
    /** Nanotime at which the backend saw each connection end, in the order they ended. */
    private final BlockingQueue<Long> upstreamClosedAt = new LinkedBlockingQueue<>();

    private static ProxyHarness proxyTo(int port, String upstreamSettings) throws Exception {
        return ProxyHarness.withUpstream("backend", "servers: [127.0.0.1:%d]\n".formatted(port) + upstreamSettings);
    }

    /**
     * A backend that answers up to {@code answered} requests per connection (each with
     * "c{connection} {request line} {body}" and the extra header lines given), then, if
     * {@code readOneMore}, reads one more request and closes without a word.
     */
    private RawBackend backend(int answered, boolean readOneMore, String extraHeaders) throws Exception {
        return RawBackend.start((s, b) -> {
            int id = nextConnection.incrementAndGet();
            try {
                serve(s, b, id, answered, readOneMore, extraHeaders);
            } finally {
                upstreamClosedAt.add(System.nanoTime());
            }
        });
    }

    private static void serve(Socket s, RawBackend b, int id, int answered, boolean readOneMore, String extraHeaders)
            throws Exception {
        for (int n = 0; n < answered; n++) {
            String request = b.readRequest(s);
            if (request == null) {
                return;
            }
            String line = request.substring(0, request.indexOf("\r\n"));
            String body = request.substring(request.indexOf("\r\n\r\n") + 4);
            String text = "c" + id + " " + line + (body.isEmpty() ? "" : " " + body);
            RawBackend.send(s, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n" + extraHeaders
                    + "Content-Length: " + text.length() + "\r\n\r\n" + text);
        }
        if (readOneMore) {
            b.readRequest(s);
        }
        // Returning closes the connection, without any "Connection: close" having announced it.
    }

    /** Idle connections are kept per event loop: with one loop, all three clients share one pool. */
    private static ProxyHarness withOneEventLoop(Callable<ProxyHarness> start) throws Exception {
        System.setProperty("gatehouse.threads", "1");
        try {
            return start.call();
        } finally {
            System.clearProperty("gatehouse.threads");
        }
    }

    private static String bodyOf(String response) {
        return response.substring(response.indexOf("\r\n\r\n") + 4);
    }

    private static String get(RawClient client, String path) throws Exception {
        String response = client.send("GET " + path + " HTTP/1.1\r\nHost: pool.test\r\n\r\n").readResponse();
        assertTrue(response.startsWith("HTTP/1.1 200 "), response);
        return bodyOf(response);
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
            n++;
        }
        return n;
    }

    /**
     * A backend that sends more than its response declares: after a HEAD answer, after a short
     * body, or a moment after a complete response. The extra bytes look like the head of another
     * response and end mid-line, so no decoder can take them for a whole message.
     */
    private RawBackend overSendingBackend() throws Exception {
        String injected = "HTTP/1.1 200 OK\r\nSet-Cookie: session=attacker\r\nX-Junk: ";
        return RawBackend.start((s, b) -> {
            int id = nextConnection.incrementAndGet();
            String request;
            while ((request = b.readRequest(s)) != null) {
                if (request.startsWith("HEAD ")) {
                    RawBackend.send(s, "HTTP/1.1 200 OK\r\nContent-Length: " + injected.length() + "\r\n\r\n" + injected);
                } else if (request.startsWith("GET /short ")) {
                    RawBackend.send(s, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok" + injected);
                } else if (request.startsWith("GET /late ")) {
                    RawBackend.send(s, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
                    Thread.sleep(200);
                    RawBackend.send(s, injected);
                } else {
                    String text = "c" + id;
                    RawBackend.send(s, "HTTP/1.1 200 OK\r\nContent-Length: " + text.length() + "\r\n\r\n" + text);
                }
            }
        });
    }

    @Test
    void bytesBeyondTheDeclaredResponseRetireTheConnection() throws Exception {
        try (RawBackend backend = overSendingBackend();
             ProxyHarness proxy = withOneEventLoop(() -> proxyTo(backend.port(), ""));
             RawClient first = new RawClient(proxy.port());
             RawClient other = new RawClient(proxy.port())) {
            first.send("HEAD /head HTTP/1.1\r\nHost: pool.test\r\n\r\n");
            assertTrue(RawClient.readHead(first.socket().getInputStream()).startsWith("HTTP/1.1 200 "));
            assertEquals("c2", cleanGet(other), "the connection with unread bytes was not reused");

            assertEquals("ok", get(first, "/short"));
            assertEquals("c3", cleanGet(other));

            assertEquals("ok", get(first, "/late"));
            Thread.sleep(500); // the extra bytes arrive while the connection is idle in the pool
            assertEquals("c4", cleanGet(other));
        }
    }

    /** A GET whose response must be the backend's own, with nothing injected before it. */
    private static String cleanGet(RawClient client) throws Exception {
        String response = client.send("GET /other HTTP/1.1\r\nHost: pool.test\r\n\r\n").readResponse();
        assertTrue(response.startsWith("HTTP/1.1 200 ") && !response.contains("attacker"), response);
        return bodyOf(response);
    }

    @Test
    void sequentialRequestsShareOneUpstreamConnection() throws Exception {
        try (RawBackend backend = backend(Integer.MAX_VALUE, false, "");
             ProxyHarness proxy = proxyTo(backend.port(), "");
             RawClient client = new RawClient(proxy.port())) {
            for (int i = 0; i < 8; i++) {
                assertEquals("c1 GET /seq/" + i + " HTTP/1.1", get(client, "/seq/" + i));
            }
            assertEquals(1, backend.connections());
        }
    }

    @Test
    void keepaliveZeroOpensAConnectionPerRequest() throws Exception {
        try (RawBackend backend = backend(Integer.MAX_VALUE, false, "");
             ProxyHarness proxy = proxyTo(backend.port(), "keepalive: 0");
             RawClient client = new RawClient(proxy.port())) {
            for (int i = 1; i <= 4; i++) {
                assertEquals("c" + i + " GET /fresh HTTP/1.1", get(client, "/fresh"));
            }
            assertEquals(4, backend.connections());
            for (int i = 0; i < 4; i++) {
                assertNotNull(upstreamClosedAt.poll(2, TimeUnit.SECONDS), "the proxy closed each connection after use");
            }
        }
    }

    @Test
    void idleConnectionIsClosedAfterIdleTimeout() throws Exception {
        try (RawBackend backend = backend(Integer.MAX_VALUE, false, "");
             ProxyHarness proxy = proxyTo(backend.port(), "idle_timeout: 300ms");
             RawClient client = new RawClient(proxy.port())) {
            assertEquals("c1 GET /once HTTP/1.1", get(client, "/once"));
            long answered = System.nanoTime();
            Long closed = upstreamClosedAt.poll(3, TimeUnit.SECONDS);
            assertNotNull(closed, "the idle pooled connection was never closed");
            long idleMillis = TimeUnit.NANOSECONDS.toMillis(closed - answered);
            assertTrue(idleMillis >= 200 && idleMillis < 2000, "closed after " + idleMillis + " ms idle, want ~300");
            // The client connection is not the pool's business: it still works, on a new upstream connection.
            assertEquals("c2 GET /again HTTP/1.1", get(client, "/again"));
        }
    }

    @Test
    void connectionClosedByTheUpstreamWhileIdleIsNotUsedAgain() throws Exception {
        // Each connection answers once and closes without saying "Connection: close".
        try (RawBackend backend = backend(1, false, "");
             ProxyHarness proxy = proxyTo(backend.port(), "");
             RawClient client = new RawClient(proxy.port())) {
            assertEquals("c1 GET /one HTTP/1.1", get(client, "/one"));
            assertNotNull(upstreamClosedAt.poll(2, TimeUnit.SECONDS));
            Thread.sleep(100);
            assertEquals("c2 GET /two HTTP/1.1", get(client, "/two"));
            assertNotNull(upstreamClosedAt.poll(2, TimeUnit.SECONDS));
            Thread.sleep(100);
            String put = client.send("PUT /three HTTP/1.1\r\nHost: pool.test\r\nContent-Length: 5\r\n\r\nhello")
                    .readResponse();
            assertTrue(put.startsWith("HTTP/1.1 200 "), put);
            assertEquals("c3 PUT /three HTTP/1.1 hello", bodyOf(put));
        }
    }

    @Test
    void getDroppedOnAPooledConnectionIsRetriedOnAFreshOne() throws Exception {
        // The first connection answers once, then takes the next request and closes: the keep-alive race.
        try (RawBackend backend = backend(1, true, "");
             ProxyHarness proxy = proxyTo(backend.port(), "");
             RawClient client = new RawClient(proxy.port())) {
            assertEquals("c1 GET /warm HTTP/1.1", get(client, "/warm"));
            assertEquals("c2 GET /raced HTTP/1.1", get(client, "/raced"));
            assertEquals(2, count(backend.received(), "GET /raced "), "sent once on each connection");
            assertEquals(2, backend.connections(), "retried once, not more");
        }
    }

    @Test
    void putDroppedOnAPooledConnectionIsRetriedWithItsBody() throws Exception {
        try (RawBackend backend = backend(1, true, "");
             ProxyHarness proxy = proxyTo(backend.port(), "");
             RawClient client = new RawClient(proxy.port())) {
            assertEquals("c1 GET /warm HTTP/1.1", get(client, "/warm"));
            String put = client.send("PUT /doc HTTP/1.1\r\nHost: pool.test\r\nContent-Length: 11\r\n\r\nhello world")
                    .readResponse();
            assertTrue(put.startsWith("HTTP/1.1 200 "), put);
            assertEquals("c2 PUT /doc HTTP/1.1 hello world", bodyOf(put));
            assertEquals(2, count(backend.received(), "hello world"), "the body went whole on both connections");
        }
    }

    @Test
    void postAlreadySentOnADroppedConnectionIsNotRetried() throws Exception {
        try (RawBackend backend = backend(1, true, "");
             ProxyHarness proxy = proxyTo(backend.port(), "");
             RawClient client = new RawClient(proxy.port())) {
            assertEquals("c1 GET /warm HTTP/1.1", get(client, "/warm"));
            String post = client.send("POST /order HTTP/1.1\r\nHost: pool.test\r\nContent-Length: 7\r\n\r\nbuy one")
                    .readResponse();
            // The server may have acted on it: sending it again could buy two (RFC 9110 9.2.2).
            assertTrue(post.startsWith("HTTP/1.1 502 "), post);
            Matcher id = Pattern.compile("(?i)\r\nx-request-id: (\\S+)\r\n").matcher(post);
            assertTrue(id.find(), post);
            assertEquals("502 Bad Gateway\nrequest id: " + id.group(1) + "\n", bodyOf(post));
            assertEquals(1, count(backend.received(), "POST /order "));
            assertEquals(1, backend.connections());
        }
    }

    @Test
    void responseWithConnectionCloseIsNotReused() throws Exception {
        // The server announces the close but keeps the socket open: only the header can tell the proxy.
        try (RawBackend backend = backend(Integer.MAX_VALUE, false, "Connection: close\r\n");
             ProxyHarness proxy = proxyTo(backend.port(), "");
             RawClient client = new RawClient(proxy.port())) {
            String first = client.send("GET /a HTTP/1.1\r\nHost: pool.test\r\n\r\n").readResponse();
            assertTrue(first.startsWith("HTTP/1.1 200 "), first);
            assertFalse(first.toLowerCase().contains("\r\nconnection: close"),
                    "the upstream's hop-by-hop header is not relayed; the client connection stays open");
            assertEquals("c1 GET /a HTTP/1.1", bodyOf(first));
            assertNotNull(upstreamClosedAt.poll(2, TimeUnit.SECONDS), "the proxy closed the announced connection");
            assertEquals("c2 GET /b HTTP/1.1", get(client, "/b"));
            assertEquals(2, backend.connections());
        }
    }

    @Test
    void connectionsBeyondKeepaliveOutliveABurstByASecond() throws Exception {
        // Each answer waits until three requests are in at once: the proxy needs three connections.
        CyclicBarrier threeAtOnce = new CyclicBarrier(3);
        try (RawBackend backend = RawBackend.start((s, b) -> {
                 int id = nextConnection.incrementAndGet();
                 try {
                     String request;
                     while ((request = b.readRequest(s)) != null) {
                         threeAtOnce.await(5, TimeUnit.SECONDS);
                         String text = "c" + id + " " + request.substring(0, request.indexOf(' '));
                         RawBackend.send(s, "HTTP/1.1 200 OK\r\nContent-Length: " + text.length() + "\r\n\r\n" + text);
                     }
                 } finally {
                     upstreamClosedAt.add(System.nanoTime());
                 }
             });
             ProxyHarness proxy = withOneEventLoop(() -> proxyTo(backend.port(), "keepalive: 1"));
             RawClient a = new RawClient(proxy.port());
             RawClient b = new RawClient(proxy.port());
             RawClient c = new RawClient(proxy.port())) {
            for (int burst = 1; burst <= 2; burst++) {
                for (RawClient client : new RawClient[] {a, b, c}) {
                    client.send("GET /burst HTTP/1.1\r\nHost: pool.test\r\n\r\n");
                }
                for (RawClient client : new RawClient[] {a, b, c}) {
                    assertTrue(client.readResponse().startsWith("HTTP/1.1 200 "));
                }
            }
            long secondBurstDone = System.nanoTime();
            assertEquals(3, backend.connections(), "the second burst found the first one's connections open");

            for (int i = 0; i < 2; i++) {
                Long closed = upstreamClosedAt.poll(3, TimeUnit.SECONDS);
                assertNotNull(closed, "the connections beyond keepalive were closed");
                long idleMillis = TimeUnit.NANOSECONDS.toMillis(closed - secondBurstDone);
                assertTrue(idleMillis >= 800, "closed after " + idleMillis + " ms idle, want ~1000");
            }
            assertEquals(null, upstreamClosedAt.poll(1500, TimeUnit.MILLISECONDS), "keepalive: 1 stays open");
        }
    }
}
