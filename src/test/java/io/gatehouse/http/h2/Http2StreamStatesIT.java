package io.gatehouse.http.h2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.testing.BackendBehindProxy;
import io.gatehouse.testing.TestBackend;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Frames on streams that are no longer open get the answer RFC 9113 sections 5.1 and 5.1.1 ask for:
 * a connection error when the client breaks the rules knowingly (a stream both sides ended, an id
 * lower than one it already used), a stream error when the frame may have crossed a reset.
 */
class Http2StreamStatesIT extends BackendBehindProxy {

    private static final long STREAM_CLOSED = 0x5;

    Http2StreamStatesIT() {
        super("backend", "");
    }

    @Test
    void aSecondHeaderBlockAfterEndStreamResetsTheStreamWithStreamClosed() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        backend.answer(exchange -> {
            if (exchange.getRequestURI().getPath().equals("/held")) {
                await(release);
            }
            TestBackend.reply(exchange, 200, "answered");
        });
        try (RawH2 h2 = RawH2.connect(proxy.port())) {
            // The request is held at the backend, so stream 1 is surely half-closed (remote) here.
            h2.headers(1, RawH2.get("/held"), true).flush();
            backend.take();
            h2.headers(1, RawH2.get("/again"), true).flush();

            RawH2.Frame reset = h2.await(RawH2.RST_STREAM, 1);

            assertNotNull(reset, "the connection was closed");
            assertEquals(STREAM_CLOSED, reset.errorCode());
            assertConnectionServes(h2, 3);
        } finally {
            release.countDown();
        }
    }

    @Test
    void headersOnAStreamBothSidesEndedCloseTheConnection() throws Exception {
        try (RawH2 h2 = RawH2.connect(proxy.port())) {
            h2.headers(1, RawH2.get("/first"), true).flush();
            awaitEndOf(h2, 1);

            h2.headers(1, RawH2.get("/first-again"), true).flush();

            RawH2.Frame goAway = h2.goAwayThenClose();
            assertNotNull(goAway);
            assertEquals(STREAM_CLOSED, goAway.errorCode());
        }
    }

    @Test
    void aStreamIdLowerThanOneAlreadyOpenedClosesTheConnection() throws Exception {
        try (RawH2 h2 = RawH2.connect(proxy.port())) {
            h2.headers(5, RawH2.get("/five"), true).headers(3, RawH2.get("/three"), true).flush();

            RawH2.Frame goAway = h2.goAwayThenClose();
            assertNotNull(goAway);
            assertEquals(RawH2.PROTOCOL_ERROR, goAway.errorCode());
        }
    }

    @Test
    void headersAfterTheClientsOwnResetOnlyResetTheStream() throws Exception {
        try (RawH2 h2 = RawH2.connect(proxy.port())) {
            h2.headers(1, RawH2.get("/upload").method("POST"), false)
                    .frame(RawH2.RST_STREAM, 0, 1, RawH2.errorCode(RawH2.CANCEL))
                    .headers(1, RawH2.get("/after-reset"), true)
                    .flush();

            RawH2.Frame reset = h2.await(RawH2.RST_STREAM, 1);

            assertNotNull(reset, "the connection was closed");
            assertEquals(STREAM_CLOSED, reset.errorCode());
            assertConnectionServes(h2, 3);
        }
    }

    @Test
    void dataThatCrossedAResetFromTheProxyCostsNotTheConnection() throws Exception {
        try (RawH2 h2 = RawH2.connect(proxy.port())) {
            h2.headers(1, RawH2.get("/upload").method("POST").add("content-length", "5"), false)
                    .frame(RawH2.DATA, 0, 1, "0123456789".getBytes())
                    .flush();
            RawH2.Frame reset = h2.await(RawH2.RST_STREAM, 1);
            assertNotNull(reset);
            assertEquals(RawH2.PROTOCOL_ERROR, reset.errorCode());

            h2.frame(RawH2.DATA, RawH2.END_STREAM, 1, "more".getBytes()).flush();

            assertConnectionServes(h2, 3);
        }
    }

    /** A new request on {@code stream} is answered 200: the connection is still up. */
    private static void assertConnectionServes(RawH2 h2, int stream) throws Exception {
        h2.headers(stream, RawH2.get("/still-there"), true).flush();
        RawH2.Frame response = h2.await(RawH2.HEADERS, stream);
        assertNotNull(response, "the connection was closed");
        assertEquals("200", response.headers().status().toString());
    }

    private static void awaitEndOf(RawH2 h2, int stream) throws Exception {
        RawH2.Frame f;
        while ((f = h2.read()) != null) {
            if (f.stream() == stream && f.endsStream()) {
                return;
            }
        }
        throw new AssertionError("the connection closed before stream " + stream + " ended");
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(10, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
