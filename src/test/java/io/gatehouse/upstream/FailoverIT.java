package io.gatehouse.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.testing.ProxyHarness;
import io.gatehouse.testing.TestBackend;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Servers dying under load, every server down, and the fast 503 that follows. */
class FailoverIT {

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void noGetFailsWhileABackendIsKilledMidRun() throws Exception {
        TestBackend a = TestBackend.start("a");
        TestBackend b = TestBackend.start("b");
        TestBackend c = TestBackend.start("c");
        try (a; b; c; ProxyHarness proxy = ProxyHarness.inFrontOf(
                "retries: {attempts: 2, on: [connect_error, reset, timeout]}", a, b, c)) {
            Map<String, AtomicInteger> served = new ConcurrentHashMap<>();
            List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
            long end = System.currentTimeMillis() + 2000;
            List<CompletableFuture<Void>> workers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                workers.add(CompletableFuture.runAsync(() -> {
                    try {
                        while (System.currentTimeMillis() < end) {
                            HttpResponse<String> r = proxy.get("/orders");
                            if (r.statusCode() != 200) {
                                failures.add(r.statusCode() + " " + r.body());
                            } else {
                                served.computeIfAbsent(r.body().substring(0, 1), k -> new AtomicInteger()).incrementAndGet();
                            }
                        }
                    } catch (Exception e) {
                        throw new CompletionException(e);
                    }
                }));
            }
            Thread.sleep(600);
            b.close();
            int servedByB = served.get("b").get();
            for (CompletableFuture<Void> w : workers) {
                w.get(15, TimeUnit.SECONDS);
            }
            assertEquals(List.of(), failures, "no request failed while b died");
            assertTrue(servedByB > 10, "b served before it died: " + served);
            assertTrue(served.get("a").get() > servedByB && served.get("c").get() > servedByB,
                    "a and c took over: " + served);
        }
    }

    @Test
    void withEveryServerDownRequestsGet503QuicklyWithTheirRequestId() throws Exception {
        try (ProxyHarness proxy = ProxyHarness.withUpstream("api",
                "servers: [127.0.0.1:%d, 127.0.0.1:%d]".formatted(closedPort(), closedPort()))) {
            HttpResponse<String> first = proxy.get("/");
            assertEquals(502, first.statusCode(), "both refused (one retry): " + first.body());
            long start = System.nanoTime();
            for (int i = 0; i < 20; i++) {
                HttpResponse<String> r = proxy.get("/" + i);
                assertEquals(503, r.statusCode(), r.body());
                String id = r.headers().firstValue("X-Request-Id").orElse(null);
                assertNotNull(id);
                assertEquals("503 Service Unavailable\nrequest id: " + id + "\n", r.body());
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(millis < 1000, "20 answers of 503 took " + millis + " ms");
        }
    }

    @Test
    void aDownServerGetsNothingAndABackupOnlyWhatThePrimariesCannotTake() throws Exception {
        TestBackend primary = TestBackend.start("p");
        TestBackend down = TestBackend.start("d");
        TestBackend backup = TestBackend.start("b");
        try (primary; down; backup; ProxyHarness proxy = ProxyHarness.withUpstream("api", """
                servers:
                  - 127.0.0.1:%d
                  - {address: 127.0.0.1:%d, down: true}
                  - {address: 127.0.0.1:%d, backup: true}
                """.formatted(primary.port(), down.port(), backup.port()))) {
            for (int i = 0; i < 10; i++) {
                assertEquals("p GET /" + i, proxy.get("/" + i).body());
            }
            primary.close();
            for (int i = 0; i < 10; i++) {
                HttpResponse<String> r = proxy.get("/later/" + i);
                assertEquals(200, r.statusCode(), "the first failure is retried on the backup: " + r.body());
                assertEquals("b GET /later/" + i, r.body());
            }
            assertEquals(0, down.receivedCount());
        }
    }
}
