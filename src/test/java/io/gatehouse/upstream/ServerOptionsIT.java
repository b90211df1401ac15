package io.gatehouse.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.testing.LogLines;
import io.gatehouse.testing.ProxyHarness;
import io.gatehouse.testing.TestBackend;
import io.gatehouse.upstream.health.ServerHealth;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Per-server limits through the proxy: max_connections with its queue, and slow_start. */
class ServerOptionsIT {

    /** A backend that takes {@code millis} per request and records how many it had at once. */
    private static TestBackend slow(String name, long millis, AtomicInteger peak) throws Exception {
        AtomicInteger now = new AtomicInteger();
        return TestBackend.start(name).answer(e -> {
            peak.accumulateAndGet(now.incrementAndGet(), Math::max);
            try {
                Thread.sleep(millis);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
            now.decrementAndGet();
            TestBackend.reply(e, 200, name);
        });
    }

    private static CompletableFuture<HttpResponse<String>> send(ProxyHarness proxy, String path) {
        return proxy.client().sendAsync(HttpRequest.newBuilder(proxy.uri(path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void maxConnectionsSendsTheExcessElsewhereThenQueuesThenRefuses() throws Exception {
        AtomicInteger peakA = new AtomicInteger();
        AtomicInteger peakB = new AtomicInteger();
        try (TestBackend a = slow("a", 600, peakA); TestBackend b = slow("b", 600, peakB);
             ProxyHarness proxy = ProxyHarness.withUpstream("api", """
                     servers:
                       - {address: 127.0.0.1:%d, max_connections: 1}
                       - {address: 127.0.0.1:%d, max_connections: 1}
                     queue: {size: 1, timeout: 3s}
                     """.formatted(a.port(), b.port()))) {
            List<CompletableFuture<HttpResponse<String>>> four = new ArrayList<>();
            List<CompletableFuture<Long>> answeredAt = new ArrayList<>();
            long start = System.nanoTime();
            for (int i = 0; i < 4; i++) {
                CompletableFuture<HttpResponse<String>> f = send(proxy, "/" + i);
                four.add(f);
                answeredAt.add(f.thenApply(r -> TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)));
                Thread.sleep(50);
            }
            List<Integer> statuses = new ArrayList<>();
            for (CompletableFuture<HttpResponse<String>> f : four) {
                statuses.add(f.get(10, TimeUnit.SECONDS).statusCode());
            }
            assertEquals(List.of(200, 200, 200, 503), statuses, "two busy, one waiting, one refused");
            long refusedAfter = answeredAt.get(3).get();
            assertTrue(refusedAfter < 500, "the refusal does not wait: " + refusedAfter);
            assertTrue(answeredAt.get(2).get() >= 1100, "the waiting one is served after a slot frees");
            assertEquals(1, peakA.get());
            assertEquals(1, peakB.get());
        }
    }

    @Test
    void aRequestWaitingLongerThanTheQueueTimeoutGets503() throws Exception {
        AtomicInteger peak = new AtomicInteger();
        try (TestBackend a = slow("a", 1500, peak); ProxyHarness proxy = ProxyHarness.withUpstream("api", """
                servers: [{address: 127.0.0.1:%d, max_connections: 1}]
                queue: {timeout: 300ms}
                """.formatted(a.port()))) {
            CompletableFuture<HttpResponse<String>> first = send(proxy, "/1");
            Thread.sleep(100);
            long start = System.nanoTime();
            HttpResponse<String> second = send(proxy, "/2").get(10, TimeUnit.SECONDS);
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertEquals(503, second.statusCode());
            assertTrue(waited >= 250 && waited < 1200, "answered at the queue timeout: " + waited);
            assertEquals(200, first.get(10, TimeUnit.SECONDS).statusCode());
        }
    }

    @Test
    void aServerBackFromDownRampsUpOverSlowStart() throws Exception {
        TestBackend a = TestBackend.start("a");
        TestBackend b = TestBackend.start("b");
        int bPort = b.port();
        String who = "upstream api server 127.0.0.1:" + bPort;
        try (a; LogLines log = LogLines.of(ServerHealth.class);
             ProxyHarness proxy = ProxyHarness.withUpstream("api", """
                     servers:
                       - 127.0.0.1:%d
                       - {address: 127.0.0.1:%d, slow_start: 3s}
                     health_check: {interval: 100ms, fall: 1, rise: 1}
                     """.formatted(a.port(), bPort))) {
            b.close();
            log.await(line -> line.startsWith(who + " down: "), 3000);
            try (TestBackend restarted = TestBackend.start("b", bPort)) {
                log.await(line -> line.equals(who + " up: 1 passed check"), 3000);
                int early = share(proxy, 30);
                Thread.sleep(3100);
                int later = share(proxy, 100);
                assertTrue(early < 10, "just back, b gets a small share of 30: " + early);
                assertEquals(50, later, "after slow_start b has its full weight");
            }
        } finally {
            b.close();
        }
    }

    /** How many of {@code n} requests b answered. */
    private static int share(ProxyHarness proxy, int n) throws Exception {
        int b = 0;
        for (int i = 0; i < n; i++) {
            b += proxy.get("/s").body().startsWith("b") ? 1 : 0;
        }
        return b;
    }
}
