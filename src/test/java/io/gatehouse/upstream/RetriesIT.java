package io.gatehouse.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.testing.ProxyHarness;
import io.gatehouse.testing.RawBackend;
import io.gatehouse.testing.RawClient;
import io.gatehouse.testing.TestBackend;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Which failed requests are tried again and where: listed failures only, on another server, never
 * once the response began, never a streamed body, and no more than the budget allows.
 */
class RetriesIT {

    /** A backend that reads the request and hangs up without a word. */
    private static RawBackend hangingUp() throws Exception {
        return RawBackend.start((s, b) -> b.readRequest(s));
    }

    /** An upstream with {@code primary} as its server and {@code backup} as a backup, so the order is known. */
    private static ProxyHarness proxy(int primary, int backup, String upstreamKeys, String topLevel) throws Exception {
        return ProxyHarness.withUpstream("api", """
                servers:
                  - {address: 127.0.0.1:%d, max_fails: 0}
                  - {address: 127.0.0.1:%d, backup: true}
                """.formatted(primary, backup) + upstreamKeys, topLevel);
    }

    @Test
    void aResetGetIsRetriedOnAnotherServer() throws Exception {
        TestBackend good = TestBackend.start("good");
        try (good; RawBackend bad = hangingUp();
             ProxyHarness proxy = proxy(bad.port(), good.port(), "retries: {on: [reset]}", "")) {
            HttpResponse<String> r = proxy.get("/a");
            assertEquals(200, r.statusCode(), r.body());
            assertEquals("good GET /a", r.body());
            assertEquals(1, bad.connections());
        }
    }

    @Test
    void failuresThatAreNotListedAreNotRetried() throws Exception {
        TestBackend good = TestBackend.start("good");
        try (good; RawBackend bad = hangingUp(); ProxyHarness proxy = proxy(bad.port(), good.port(), "", "")) {
            assertEquals(502, proxy.get("/a").statusCode(), "the default retries connect errors only");
            assertEquals(0, good.receivedCount());
        }
    }

    @Test
    void aListedStatusIsRetriedAndItsResponseDropped() throws Exception {
        TestBackend busy = TestBackend.start("busy").answer(e -> TestBackend.reply(e, 503, "busy, sorry"));
        TestBackend good = TestBackend.start("good");
        try (busy; good; ProxyHarness proxy = proxy(busy.port(), good.port(), "retries: {on: [503]}", "")) {
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> r = proxy.get("/s" + i);
                assertEquals("good GET /s" + i, r.body());
            }
            assertEquals(3, busy.receivedCount());
        }
    }

    @Test
    void aTimedOutGetIsRetriedAfterTheReadTimeout() throws Exception {
        TestBackend good = TestBackend.start("good");
        try (good; RawBackend silent = RawBackend.start((s, b) -> {
            b.readRequest(s);
            while (s.getInputStream().read() >= 0) {
                // Say nothing.
            }
        }); ProxyHarness proxy = proxy(silent.port(), good.port(), "retries: {on: [timeout]}\ntimeouts: {read: 300ms}",
                "")) {
            long start = System.nanoTime();
            HttpResponse<String> r = proxy.get("/slow");
            long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertEquals("good GET /slow", r.body());
            assertTrue(took >= 250 && took < 3000, "after the 300ms read timeout: " + took);
        }
    }

    @Test
    void nothingIsRetriedOnceTheResponseBegan() throws Exception {
        TestBackend good = TestBackend.start("good");
        try (good; RawBackend partial = RawBackend.start((s, b) -> {
            b.readRequest(s);
            RawBackend.send(s, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly part");
        }); ProxyHarness proxy = proxy(partial.port(), good.port(), "retries: {attempts: 3, on: [reset, timeout]}", "");
             RawClient client = new RawClient(proxy.port())) {
            String all = client.send("GET /p HTTP/1.1\r\nHost: a\r\n\r\n").readAll();
            assertTrue(all.startsWith("HTTP/1.1 200 "), all);
            assertTrue(all.endsWith("\r\n\r\nonly part"), "cut off, not completed elsewhere: " + all);
            assertEquals(0, good.receivedCount());
        }
    }

    @Test
    void aStreamedBodyIsNeverSentTwiceEvenForAnIdempotentMethod() throws Exception {
        TestBackend good = TestBackend.start("good");
        try (good; RawBackend bad = hangingUp();
             ProxyHarness proxy = proxy(bad.port(), good.port(), "retries: {attempts: 2, on: [connect_error, reset]}",
                     "limits: {request_buffer: 1KB}");
             RawClient client = new RawClient(proxy.port())) {
            String body = "x".repeat(64 * 1024);
            String response = client.send("PUT /upload HTTP/1.1\r\nHost: a\r\nContent-Length: " + body.length()
                    + "\r\n\r\n" + body).readResponse();
            assertTrue(response.startsWith("HTTP/1.1 502 "), response);
            assertEquals(0, good.receivedCount(), "the body streamed past request_buffer is gone: no retry");
            assertEquals(1, bad.connections());
        }
    }

    @Test
    void aPostThatWasSentIsNotRetriedButOneThatFitTheBufferIsForAConnectError() throws Exception {
        TestBackend good = TestBackend.start("good");
        try (good; RawBackend bad = hangingUp();
             ProxyHarness proxy = proxy(bad.port(), good.port(), "retries: {on: [connect_error, reset]}", "");
             RawClient client = new RawClient(proxy.port())) {
            String response = client.send("POST /pay HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello")
                    .readResponse();
            assertTrue(response.startsWith("HTTP/1.1 502 "), "a POST that reached the server may have acted: " + response);
            assertEquals(0, good.receivedCount());
        }
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        TestBackend other = TestBackend.start("other");
        try (other; ProxyHarness proxy = proxy(closed, other.port(), "", "")) {
            HttpResponse<String> r = proxy.client().send(java.net.http.HttpRequest.newBuilder(proxy.uri("/pay"))
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("hello")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals("other POST /pay", r.body(), "nothing was sent: safe to send elsewhere");
            assertEquals("hello", other.take().bodyText());
        }
    }

    @Test
    void retriesStayWithinTheBudget() throws Exception {
        TestBackend busy = TestBackend.start("busy").answer(e -> TestBackend.reply(e, 503, "busy"));
        TestBackend good = TestBackend.start("good");
        try (busy; good; ProxyHarness proxy = ProxyHarness.withUpstream("api", """
                servers:
                  - {address: 127.0.0.1:%d, max_fails: 0}
                  - 127.0.0.1:%d
                retries: {attempts: 1, on: [503], budget: 20%%}
                """.formatted(busy.port(), good.port()))) {
            int answered503 = 0;
            for (int i = 0; i < 100; i++) {
                answered503 += proxy.get("/b" + i).statusCode() == 503 ? 1 : 0;
            }
            int retries = busy.receivedCount() + good.receivedCount() - 100;
            assertTrue(retries >= 20 && retries <= 30, "20% of 100 requests plus a reserve of 10: " + retries);
            assertTrue(answered503 > 0, "once the budget is spent the 503 goes to the client");
        }
    }
}
