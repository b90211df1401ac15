package io.gatehouse.http.h2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.testing.BackendBehindProxy;
import io.gatehouse.testing.TestBackend;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.util.ResourceLeakDetector;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Clients that abuse HTTP/2 (floods of resets, pings, settings, CONTINUATION or empty DATA frames,
 * huge header blocks) lose their own connection, and only theirs; a stream over a limit, or with
 * headers HTTP/2 forbids, is refused on its own and never forwarded.
 */
class Http2AbuseIT extends BackendBehindProxy {

    /** Only paths under /ok/ are routed (others get the proxy's own 404), with at most 4 streams at once. */
    Http2AbuseIT() {
        super("backend", "match: {path_prefix: /ok/}", "limits: {max_concurrent_streams: 4}");
    }

    @Test
    void rapidResetLosesTheConnectionWhileAWellBehavedOneGoesOn() throws Exception {
        try (H2cClient good = H2cClient.connect(proxy.port()); RawH2 abuser = RawH2.connect(proxy.port())) {
            assertEquals(200, good.send(H2cClient.headers("GET", "/ok/before"), null).status());
            for (int stream = 1; stream < 2 * 250; stream += 2) {
                abuser.headers(stream, RawH2.get("/nowhere"), true)
                        .frame(RawH2.RST_STREAM, 0, stream, RawH2.errorCode(RawH2.CANCEL));
            }
            abuser.flush();
            List<H2cClient.Call> during = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                during.add(good.send(H2cClient.headers("GET", "/ok/during/" + i), null));
            }

            RawH2.Frame goAway = abuser.goAwayThenClose();

            assertNotNull(goAway);
            assertEquals(RawH2.ENHANCE_YOUR_CALM, goAway.errorCode());
            for (int i = 0; i < during.size(); i++) {
                assertEquals("backend GET /ok/during/" + i, during.get(i).bodyText());
            }
            assertEquals(200, good.send(H2cClient.headers("GET", "/ok/after"), null).status());
            assertFalse(good.goAway.isDone());
        }
    }

    @Test
    void aPingFloodFromAClientThatDoesNotReadIsCut() throws Exception {
        byte[] pings = new byte[1_000 * 17];
        for (int i = 0; i < pings.length; i += 17) {
            pings[i + 2] = 8;
            pings[i + 3] = RawH2.PING;
        }
        assertFloodIsCut(pings);
    }

    @Test
    void aSettingsFloodFromAClientThatDoesNotReadIsCut() throws Exception {
        byte[] settings = new byte[1_000 * 9];
        for (int i = 0; i < settings.length; i += 9) {
            settings[i + 3] = RawH2.SETTINGS;
        }
        assertFloodIsCut(settings);
    }

    /**
     * Writes {@code batch} again and again without reading; the server must close within 5 s. The
     * server's socket buffer takes megabytes of answers before any is queued in the proxy, so the
     * flood runs with the leak detector sampling: at PARANOID each answer costs a stack trace.
     */
    private void assertFloodIsCut(byte[] batch) throws Exception {
        ResourceLeakDetector.Level level = ResourceLeakDetector.getLevel();
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.SIMPLE);
        try (RawH2 abuser = RawH2.connect(proxy.port(), 4 << 10)) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            assertThrows(IOException.class, () -> {
                while (System.nanoTime() < deadline) {
                    abuser.socket().getOutputStream().write(batch);
                }
            }, "the connection was still open after 5 s of flooding");
        } finally {
            ResourceLeakDetector.setLevel(level);
        }
        try (H2cClient client = H2cClient.connect(proxy.port())) {
            assertEquals(200, client.send(H2cClient.headers("GET", "/ok/x"), null).status());
        }
    }

    @Test
    void continuationFramesThatAddNothingAreCutEarly() throws Exception {
        try (RawH2 abuser = RawH2.connect(proxy.port())) {
            byte[] block = abuser.block(RawH2.get("/ok/never"));
            abuser.frame(RawH2.HEADERS, 0, 1, Arrays.copyOf(block, 3));
            for (int i = 0; i < 20; i++) {
                abuser.frame(RawH2.CONTINUATION, 0, 1, new byte[0]);
            }
            abuser.flush();

            RawH2.Frame goAway = abuser.goAwayThenClose();

            assertNotNull(goAway);
            assertEquals(RawH2.ENHANCE_YOUR_CALM, goAway.errorCode());
        }
        assertNull(backend.poll(200));
    }

    @Test
    void anEndlessHeaderBlockIsCutNearTheHeaderLimit() throws Exception {
        try (RawH2 abuser = RawH2.connect(proxy.port())) {
            abuser.frame(RawH2.HEADERS, 0, 1, new byte[8 << 10]).flush();
            Thread writer = new Thread(() -> {
                try {
                    for (int i = 0; i < 10_000; i++) {
                        abuser.frame(RawH2.CONTINUATION, 0, 1, new byte[8 << 10]).flush();
                    }
                } catch (IOException closed) {
                    // What the test expects.
                }
            });
            writer.start();

            abuser.goAwayThenClose();

            writer.join(5_000);
            assertFalse(writer.isAlive(), "the server still takes CONTINUATION frames");
        }
    }

    @Test
    void aHeaderListOverTheLimitIsAnswered431AndTheConnectionGoesOn() throws Exception {
        try (RawH2 h2 = RawH2.connect(proxy.port())) {
            h2.headers(1, RawH2.get("/ok/big").add("x-big", "b".repeat(17 << 10)), true).flush();
            RawH2.Frame refused = h2.await(RawH2.HEADERS, 1);
            assertEquals("431", refused.headers().status().toString());

            h2.headers(3, RawH2.get("/ok/small"), true).flush();
            RawH2.Frame next = h2.await(RawH2.HEADERS, 3);
            assertEquals("200", next.headers().status().toString());
            assertEquals("/small", backend.take().uri().substring(3));
        }
    }

    @Test
    void aHeaderListFarOverTheLimitEndsTheConnection() throws Exception {
        try (RawH2 h2 = RawH2.connect(proxy.port())) {
            h2.headers(1, RawH2.get("/ok/huge").add("x-huge", "h".repeat(64 << 10)), true).flush();

            assertNotNull(h2.goAwayThenClose());
        }
        assertNull(backend.poll(200));
    }

    @Test
    void streamsOverTheConcurrencyLimitAreRefusedEvenBeforeTheSettingsAreAcknowledged() throws Exception {
        try (RawH2 h2 = RawH2.connect(proxy.port())) {
            // Requests whose bodies never come stay open; the limit is 4.
            for (int stream = 1; stream <= 9; stream += 2) {
                h2.headers(stream, RawH2.get("/ok/wait").method("POST").add("content-length", "10"), false);
            }
            h2.flush();

            RawH2.Frame reset = h2.await(RawH2.RST_STREAM, 9);
            assertNotNull(reset);
            assertEquals(RawH2.REFUSED_STREAM, reset.errorCode());
        }
    }

    @Test
    void aFloodOfEmptyDataFramesEndsTheConnection() throws Exception {
        try (RawH2 h2 = RawH2.connect(proxy.port())) {
            h2.headers(1, RawH2.get("/ok/empty").method("POST"), false);
            for (int i = 0; i < 10; i++) {
                h2.frame(RawH2.DATA, 0, 1, new byte[0]);
            }
            h2.flush();

            RawH2.Frame goAway = h2.goAwayThenClose();
            assertNotNull(goAway);
            assertEquals(RawH2.ENHANCE_YOUR_CALM, goAway.errorCode());
        }
    }

    @Test
    void headersThatHttp2ForbidsNeverReachTheBackend() throws Exception {
        String[][] forbidden = {
                {"x-evil", "a\r\nx-injected: 1"},
                {"x-nul", "a\0b"},
                {"connection", "keep-alive"},
                {"transfer-encoding", "chunked"},
                {"te", "gzip"},
                {"X-Upper", "case"},
                {":path", null},
        };
        try (RawH2 h2 = RawH2.connect(proxy.port())) {
            int stream = 1;
            for (String[] header : forbidden) {
                Http2Headers headers = RawH2.get("/ok/forbidden");
                if (header[1] == null) {
                    headers.remove(header[0]);
                } else {
                    headers.add(header[0], header[1]);
                }
                h2.headers(stream, headers, true).flush();
                RawH2.Frame answer = h2.read();
                while (answer != null && answer.stream() != stream) {
                    answer = h2.read();
                }
                assertNotNull(answer, header[0] + ": the connection closed");
                boolean refused = answer.type() == RawH2.RST_STREAM
                        || answer.type() == RawH2.HEADERS && answer.headers().status().charAt(0) == '4';
                assertTrue(refused, header[0] + ": answered with frame type " + answer.type());
                if (answer.type() == RawH2.RST_STREAM) {
                    // A malformed request is a stream error of type PROTOCOL_ERROR (RFC 9113 section 8.1.1).
                    assertEquals(RawH2.PROTOCOL_ERROR, answer.errorCode(), header[0] + ": reset with the wrong code");
                }
                stream += 2;
            }
        }
        assertNull(backend.poll(300));
    }

    @Test
    void aBodyLongerThanItsContentLengthIsNotForwarded() throws Exception {
        try (RawH2 h2 = RawH2.connect(proxy.port())) {
            h2.headers(1, RawH2.get("/ok/cl").method("POST").add("content-length", "5"), false)
                    .frame(RawH2.DATA, RawH2.END_STREAM, 1, "0123456789GET /smuggled".getBytes())
                    .flush();

            RawH2.Frame reset = h2.await(RawH2.RST_STREAM, 1);
            assertNotNull(reset);
            assertEquals(RawH2.PROTOCOL_ERROR, reset.errorCode());
        }
        TestBackend.Received received = backend.poll(300);
        assertTrue(received == null || received.body().length <= 5, "the backend got more than Content-Length");
        assertNull(backend.poll(200));
    }
}
