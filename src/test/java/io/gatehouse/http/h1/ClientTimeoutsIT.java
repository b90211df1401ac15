package io.gatehouse.http.h1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.testing.BackendBehindProxy;
import io.gatehouse.testing.ProxyHarness;
import io.gatehouse.testing.RawClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;

/** The client-side {@code timeouts} (request head, request body, keep-alive) and {@code Expect: 100-continue}. */
class ClientTimeoutsIT extends BackendBehindProxy {

    private static final String CONFIG = """
            limits:
              max_request_body: 1KB
            timeouts:
              client_header: 500ms
              client_body: 500ms
              keepalive: 1500ms
            """;

    ClientTimeoutsIT() {
        super("b", CONFIG);
    }

    @Test
    void partialRequestHeadIs408AndClosedAfterClientHeader() throws Exception {
        try (RawClient c = new RawClient(proxy.port())) {
            long start = System.nanoTime();
            c.send("GET /slow HTTP/1.1\r\nHost: a\r\n");
            LocalReply.assertError(c.readResponse(), 408, true);
            LocalReply.assertClosed(c, 3000);
            assertElapsed(start, 400, 3000);
        }
        assertNull(backend.poll(100));
    }

    @Test
    void aConnectionThatSendsNothingIsClosedWithoutAnAnswerAfterClientHeader() throws Exception {
        try (RawClient c = new RawClient(proxy.port())) {
            long start = System.nanoTime();
            LocalReply.assertClosed(c, 3000); // no 408: not one byte of a request came
            assertElapsed(start, 400, 3000);
        }
    }

    @Test
    void slowHeaderLinesAreCutAtClientHeaderInTotal() throws Exception {
        try (RawClient c = new RawClient(proxy.port())) {
            long start = System.nanoTime();
            c.send("GET /slowloris HTTP/1.1\r\nHost: a\r\n");
            Thread writer = new Thread(() -> {
                try {
                    for (int i = 0; i < 25; i++) {
                        Thread.sleep(200);
                        c.send("X-Line-" + i + ": v\r\n");
                    }
                } catch (IOException | InterruptedException e) {
                    // The proxy closed the connection: the point of the test.
                }
            });
            writer.start();
            try {
                LocalReply.assertError(c.readResponse(), 408, true);
                LocalReply.assertClosed(c, 3000);
                assertElapsed(start, 400, 2000);
            } finally {
                writer.interrupt();
                writer.join();
            }
        }
        assertNull(backend.poll(100));
    }

    @Test
    void bodyThatStopsIs408AndClosedAndNeverForwarded() throws Exception {
        try (RawClient c = new RawClient(proxy.port())) {
            c.send("POST /up HTTP/1.1\r\nHost: a\r\nContent-Length: 100\r\n\r\n" + "x".repeat(50));
            long start = System.nanoTime();
            LocalReply.assertError(c.readResponse(), 408, true);
            LocalReply.assertClosed(c, 3000);
            assertElapsed(start, 400, 3000);
        }
        assertNull(backend.poll(300), "a partial request reached the backend complete");
    }

    @Test
    void bodyThatStopsWhileStreamingIs408AndNeverCompletesUpstream() throws Exception {
        try (ProxyHarness streaming = ProxyHarness.inFrontOf(backend.port(),
                CONFIG.replace("limits:\n", "limits:\n  request_buffer: 0B\n"));
             RawClient c = new RawClient(streaming.port())) {
            c.send("POST /up HTTP/1.1\r\nHost: a\r\nContent-Length: 100\r\n\r\n" + "x".repeat(50));
            long start = System.nanoTime();
            LocalReply.assertError(c.readResponse(), 408, true);
            LocalReply.assertClosed(c, 3000);
            assertElapsed(start, 400, 3000);

            // Had the cut request stayed on a pooled connection, this one would complete its body.
            assertEquals("b GET /next", streaming.get("/next").body());
            assertEquals("/next", backend.take().uri());
            assertNull(backend.poll(300), "a partial request reached the backend complete");
        }
    }

    @Test
    void idleKeepAliveConnectionIsClosedSilentlyAfterKeepalive() throws Exception {
        try (RawClient c = new RawClient(proxy.port())) {
            assertTrue(c.send("GET /one HTTP/1.1\r\nHost: a\r\n\r\n").readResponse().endsWith("b GET /one"));
            long start = System.nanoTime();
            // Still open after client_header: an idle connection waits for keepalive, not for a head.
            c.socket().setSoTimeout(1000);
            InputStream in = c.socket().getInputStream();
            assertThrows(SocketTimeoutException.class, in::read);
            LocalReply.assertClosed(c, 3000);
            assertElapsed(start, 1400, 3500);
        }
    }

    @Test
    void connectionThatNeverSendsIsClosedAfterClientHeader() throws Exception {
        try (RawClient c = new RawClient(proxy.port())) {
            long start = System.nanoTime();
            String all = c.readAll();
            assertElapsed(start, 400, 3000);
            if (!all.isEmpty()) {
                LocalReply.assertError(all, 408, true);
            }
        }
    }

    @Test
    void expectContinueGets100BeforeTheBody() throws Exception {
        try (RawClient c = new RawClient(proxy.port())) {
            c.send("POST /up HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
            assertEquals("HTTP/1.1 100 Continue\r\n\r\n", c.readResponse());
            assertNull(backend.poll(100), "forwarded before the body was sent");
            String reply = c.send("hello").readResponse();
            assertTrue(reply.startsWith("HTTP/1.1 200 ") && reply.endsWith("\r\n\r\nb POST /up"), LocalReply.show(reply));
        }
        assertEquals("hello", backend.take().bodyText());
    }

    @Test
    void anHttp10ClientGetsNo100ItsExpectationIsIgnored() throws Exception {
        try (RawClient c = new RawClient(proxy.port())) {
            c.send("POST /up HTTP/1.0\r\nHost: a\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\nhello");
            String reply = c.readResponse();
            assertTrue(reply.startsWith("HTTP/1.0 200 ") || reply.startsWith("HTTP/1.1 200 "), LocalReply.show(reply));
            assertFalse(reply.contains("100 Continue"), LocalReply.show(reply));
        }
        assertEquals("hello", backend.take().bodyText());
    }

    @Test
    void expectContinueOverTheBodyLimitGets413AndNo100() throws Exception {
        try (RawClient c = new RawClient(proxy.port())) {
            c.send("POST /up HTTP/1.1\r\nHost: a\r\nContent-Length: 2048\r\nExpect: 100-continue\r\n\r\n");
            LocalReply.assertError(c.readResponse(), 413, true);
            LocalReply.assertClosed(c, 3000);
        }
        assertNull(backend.poll(100));
    }

    private static void assertElapsed(long startNanos, long minMillis, long maxMillis) {
        long millis = (System.nanoTime() - startNanos) / 1_000_000;
        assertTrue(millis >= minMillis && millis <= maxMillis,
                "took " + millis + " ms, expected " + minMillis + ".." + maxMillis);
    }
}
