package io.gatehouse.http.h2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.testing.ProxyHarness;
import io.gatehouse.testing.TestBackend;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How HTTP/2 connections end: idle ones after the keepalive timeout, and gracefully on shutdown. */
class Http2LifecycleIT {

    private TestBackend backend;

    @BeforeEach
    void setUp() throws Exception {
        backend = TestBackend.start("backend");
    }

    @AfterEach
    void tearDown() {
        backend.close();
    }

    private ProxyHarness proxy(String timeouts) throws Exception {
        return ProxyHarness.inFrontOf(backend.port(), "timeouts: " + timeouts + "\n");
    }

    @Test
    void anIdleConnectionGetsGoAwayAfterTheKeepaliveTimeout() throws Exception {
        try (ProxyHarness proxy = proxy("{keepalive: 1s}"); RawH2 h2 = RawH2.connect(proxy.port())) {
            h2.headers(1, RawH2.get("/one"), true).flush();
            assertEquals("200", h2.await(RawH2.HEADERS, 1).headers().status().toString());
            long idleFrom = System.nanoTime();

            RawH2.Frame goAway = h2.goAwayThenClose();

            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - idleFrom);
            assertNotNull(goAway, "GOAWAY before the close");
            assertEquals(0, goAway.errorCode(), "NO_ERROR");
            assertEquals(1, ByteBuffer.wrap(goAway.payload()).getInt() & 0x7FFF_FFFF, "last stream id");
            assertTrue(waited > 800 && waited < 4_000, "closed after " + waited + " ms");
        }
    }

    @Test
    void aConnectionWithAStreamOpenIsNotIdle() throws Exception {
        CountDownLatch answer = new CountDownLatch(1);
        backend.answer(ex -> {
            try {
                answer.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            TestBackend.reply(ex, 200, "late");
        });
        try (ProxyHarness proxy = proxy("{keepalive: 500ms}"); H2cClient client = H2cClient.connect(proxy.port())) {
            H2cClient.Call slow = client.send(H2cClient.headers("GET", "/slow"), null);
            Thread.sleep(1_500);
            assertTrue(client.isOpen());
            answer.countDown();

            assertEquals(200, slow.status());
            assertEquals("late", slow.bodyText());
            assertEquals(0L, client.goAway.get(3, TimeUnit.SECONDS), "idle again: GOAWAY with NO_ERROR");
            client.closed().get(3, TimeUnit.SECONDS);
        }
    }

    @Test
    void aPrefaceThatStopsHalfwayIsClosedWithoutAnAnswerAfterTheClientHeaderTimeout() throws Exception {
        try (ProxyHarness proxy = proxy("{client_header: 1s}"); Socket socket = RawH2.socket(proxy.port(), 0)) {
            socket.getOutputStream().write(Arrays.copyOf(RawH2.PREFACE, 16)); // "PRI * HTTP/2.0\r\n"
            long start = System.nanoTime();

            assertEquals(-1, socket.getInputStream().read(), "closed without a byte (no HTTP/1.1 408)");
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(waited > 800 && waited < 4_000, "closed after " + waited + " ms");
        }
    }

    @Test
    void connectionsThatNeverSayWhatTheySpeakAreClosedAfterTheClientHeaderTimeout() throws Exception {
        try (ProxyHarness proxy = proxy("{client_header: 1s}");
             Socket silent = RawH2.socket(proxy.port(), 0);
             RawH2 noStreams = RawH2.connect(proxy.port())) {
            long start = System.nanoTime();
            assertEquals(-1, silent.getInputStream().read(), "closed without a byte");
            RawH2.Frame goAway = noStreams.goAwayThenClose();

            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertNotNull(goAway);
            assertTrue(waited > 800 && waited < 4_000, "closed after " + waited + " ms");
        }
    }

    @Test
    void shutdownSendsGoAwayAndLetsOpenStreamsFinish() throws Exception {
        CountDownLatch requested = new CountDownLatch(1);
        CountDownLatch answer = new CountDownLatch(1);
        backend.answer(ex -> {
            requested.countDown();
            try {
                answer.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            TestBackend.reply(ex, 200, "finished");
        });
        ProxyHarness proxy = proxy("{drain: 5s}");
        try (H2cClient client = H2cClient.connect(proxy.port())) {
            H2cClient.Call inFlight = client.send(H2cClient.headers("GET", "/slow"), null);
            assertTrue(requested.await(5, TimeUnit.SECONDS));
            long start = System.nanoTime();
            CompletableFuture<Void> shutdown = CompletableFuture.runAsync(() -> proxy.server().shutdown(Duration.ofSeconds(5)));

            assertEquals(0L, client.goAway.get(3, TimeUnit.SECONDS), "GOAWAY with NO_ERROR while the stream is open");
            assertFalse(inFlight.done.isDone());
            answer.countDown();
            assertEquals(200, inFlight.status());
            assertEquals("finished", inFlight.bodyText());
            client.closed().get(3, TimeUnit.SECONDS);
            shutdown.get(5, TimeUnit.SECONDS);
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(4), "the drain did not wait for its timeout");
        } finally {
            answer.countDown();
        }
    }
}
