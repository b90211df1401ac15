package io.gatehouse.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gatehouse.testing.BodyPattern;
import io.gatehouse.testing.ProxyHarness;
import io.gatehouse.testing.RawClient;
import io.gatehouse.testing.TestBackend;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every transport this machine offers carries the whole proxy: keep-alive requests, bodies of
 * several MiB both ways, malformed input, and a client that closes; the Linux ones also defer
 * accepting a connection until it speaks. The rest of the suite runs on the transport chosen by
 * default; this one names each in turn and skips those not available.
 */
class TransportIT {

    private static final int BODY = 4 << 20;

    /** What runs against a proxy started on the transport under test. */
    @FunctionalInterface
    private interface OnProxy {
        void run(TestBackend backend, ProxyHarness proxy) throws Exception;
    }

    /** Starts a backend and a proxy on {@code transport} (skipped where it is not available), then runs {@code test}. */
    private static void onTransport(String transport, String listenerExtras, OnProxy test) throws Exception {
        String before = System.getProperty(Transport.PROPERTY);
        System.setProperty(Transport.PROPERTY, transport);
        try (TestBackend backend = TestBackend.start("b");
             ProxyHarness proxy = ProxyHarness.withListener(backend.port(), listenerExtras, "")) {
            assumeTrue(proxy.server().transportName().equals(transport), transport + " is not available here");
            test.run(backend, proxy);
        } finally {
            if (before == null) {
                System.clearProperty(Transport.PROPERTY);
            } else {
                System.setProperty(Transport.PROPERTY, before);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"io_uring", "epoll", "nio"})
    void proxiesOverEachTransport(String transport) throws Exception {
        onTransport(transport, "", (backend, proxy) -> {
            for (int i = 0; i < 20; i++) {
                HttpResponse<String> r = proxy.get("/n/" + i);
                assertEquals(200, r.statusCode());
                assertEquals("b GET /n/" + i, r.body());
            }
            try (RawClient raw = new RawClient(proxy.port())) {
                String reply = raw.send("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n").readAll();
                assertTrue(reply.startsWith("HTTP/1.1 400 "), reply);
            }
            try (RawClient raw = new RawClient(proxy.port())) {
                String reply = raw.send("GET /last HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").readAll();
                assertTrue(reply.startsWith("HTTP/1.1 200 ") && reply.endsWith("b GET /last"), reply);
            }
            uploadsAndDownloads(backend, proxy);
        });
    }

    /**
     * HTTP clients speak first, so the listeners of the Linux transports take a connection only
     * once its first bytes are in (deferred accept): a pre-connect that has sent nothing yet does
     * not hold the listener's only slot against a client that asks.
     */
    @ParameterizedTest
    @ValueSource(strings = {"io_uring", "epoll"})
    void aConnectionThatSendsNothingYetTakesNoSlot(String transport) throws Exception {
        onTransport(transport, "max_connections: 1", (backend, proxy) -> {
            try (Socket idle = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
                Thread.sleep(100);
                long start = System.nanoTime();
                assertEquals(200, proxy.get("/asks").statusCode());
                assertTrue(System.nanoTime() - start < 900_000_000L, "answered before the idle connection was accepted");
            }
        });
    }

    private static void uploadsAndDownloads(TestBackend backend, ProxyHarness proxy) throws Exception {
        while (backend.poll(0) != null) {
            // drop the requests made so far: the next one taken is the upload
        }
        HttpResponse<String> up = proxy.client().send(HttpRequest.newBuilder(proxy.uri("/up"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> BodyPattern.stream(BODY))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, up.statusCode());
        byte[] received = backend.take().body();
        assertEquals(BODY, received.length);
        BodyPattern.check(received, received.length, 0);

        backend.answer(exchange -> {
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                BodyPattern.write(out, BODY);
            }
        });
        HttpResponse<InputStream> down = proxy.client().send(HttpRequest.newBuilder(proxy.uri("/down")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, down.statusCode());
        try (InputStream in = down.body()) {
            assertEquals(BODY, BodyPattern.check(in));
        }
    }
}
