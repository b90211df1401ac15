package io.gatehouse.http.h2;

import io.gatehouse.testing.DirectMemory;
import io.gatehouse.testing.BodyPattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.gatehouse.testing.ProxyHarness;
import io.gatehouse.testing.TestBackend;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Flow control carries backpressure through the proxy: a client stream that stops reading stalls
 * the upstream's response, and an upstream that stops reading stalls the client's upload, while
 * the proxy's memory does not grow with the body.
 */
class Http2BackpressureIT {

    private static final long MB = 1 << 20;
    private static final long SIZE = 32 * MB;
    /** Well below the body size: windows, the proxy's buffers and (for uploads) the upstream socket. */
    private static final long STALLED_BELOW = 16 * MB;
    private static final long GROWTH_BELOW = 8 * MB;

    @Test
    void aStreamThatStopsReadingStallsTheUpstreamResponse() throws Exception {
        AtomicLong written = new AtomicLong();
        TestBackend backend = TestBackend.start("big").answer(ex -> {
            ex.sendResponseHeaders(200, SIZE);
            try (OutputStream out = ex.getResponseBody()) {
                byte[] b = new byte[16 << 10];
                for (long at = 0; at < SIZE; at += b.length) {
                    for (int i = 0; i < b.length; i++) {
                        b[i] = BodyPattern.at(at + i);
                    }
                    out.write(b);
                    written.addAndGet(b.length);
                }
            } catch (IOException ignored) {
                // The test failed elsewhere and the proxy cut the connection.
            }
        });
        try (backend; ProxyHarness proxy = ProxyHarness.inFrontOf(backend.port(), "");
             H2cClient client = H2cClient.connect(proxy.port())) {
            long baseline = DirectMemory.used();
            H2cClient.Call call = client.upload(H2cClient.headers("GET", "/big"), 0, null);
            call.pauseAt = MB;
            assertEquals(200, call.status());
            // The backend stops once the sockets' buffers are full, which the kernel may grow to tens of MB.
            awaitSteady(written);

            long grew = DirectMemory.used() - baseline;
            assertTrue(grew < GROWTH_BELOW, "direct memory grew by " + grew / MB + " MB");
            assertFalse(call.done.isDone());
            call.resume();
            byte[] body = call.done.get(8, TimeUnit.SECONDS);
            assertEquals(SIZE, body.length);
            BodyPattern.check(body, body.length, 0);
        }
    }

    @Test
    void anUpstreamThatStopsReadingStallsTheUpload() throws Exception {
        CountDownLatch read = new CountDownLatch(1);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/", ex -> {
            String verdict;
            try (InputStream in = ex.getRequestBody()) {
                read.await(8, TimeUnit.SECONDS);
                verdict = BodyPattern.check(in) + " bytes";
            } catch (Throwable t) {
                verdict = "bad: " + t.getMessage();
            }
            TestBackend.reply(ex, 200, verdict);
        });
        server.start();
        try (ProxyHarness proxy = ProxyHarness.inFrontOf(server.getAddress().getPort(),
                "limits: {max_request_body: 64MB}\n");
             H2cClient client = H2cClient.connect(proxy.port())) {
            long baseline = DirectMemory.used();
            H2cClient.Call call = client.upload(H2cClient.headers("POST", "/upload"), SIZE,
                    offset -> BodyPattern.piece(offset, (int) Math.min(16 << 10, SIZE - offset)));
            awaitSteady(call.sent);

            assertTrue(call.sent.get() < STALLED_BELOW, "the client could send " + call.sent.get() / MB + " MB");
            long grew = DirectMemory.used() - baseline;
            assertTrue(grew < GROWTH_BELOW, "direct memory grew by " + grew / MB + " MB");
            read.countDown();
            assertEquals(200, call.status());
            assertEquals(SIZE + " bytes", call.bodyText());
        } finally {
            read.countDown();
            server.stop(0);
        }
    }

    /** Waits until {@code count} stops growing for half a second (at most 5 s). */
    private static void awaitSteady(AtomicLong count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        long last = -1;
        while (System.nanoTime() < deadline && count.get() != last) {
            last = count.get();
            Thread.sleep(500);
        }
    }
}
