package io.gatehouse.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.testing.LogLines;
import io.gatehouse.testing.ProxyHarness;
import io.gatehouse.testing.TestBackend;
import io.gatehouse.upstream.health.ServerHealth;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Health through the proxy: active checks take a dead server out and bring it back, passive and outlier marking, log lines. */
class HealthCheckIT {

    private static Map<String, Integer> spread(ProxyHarness proxy, int n) throws Exception {
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < n; i++) {
            HttpResponse<String> r = proxy.get("/x");
            assertEquals(200, r.statusCode(), r.body());
            counts.merge(r.body().substring(0, 1), 1, Integer::sum);
        }
        return counts;
    }

    @Test
    void activeChecksTakeADeadServerOutAndBringItBackWhenItRestarts() throws Exception {
        TestBackend a = TestBackend.start("a");
        TestBackend b = TestBackend.start("b");
        int bPort = b.port();
        String who = "upstream api server 127.0.0.1:" + bPort;
        try (a; LogLines log = LogLines.of(ServerHealth.class);
             ProxyHarness proxy = ProxyHarness.withUpstream("api", """
                     servers:
                       - {address: 127.0.0.1:%d, max_fails: 0}
                       - {address: 127.0.0.1:%d, max_fails: 0}
                     health_check: {path: /health, interval: 100ms, timeout: 500ms, fall: 2, rise: 2}
                     """.formatted(a.port(), bPort))) {
            assertEquals(Map.of("a", 5, "b", 5), spread(proxy, 10));
            b.close();
            log.await(line -> line.equals(who + " down: 2 failed checks, last: connection refused"), 3000);
            assertEquals(Map.of("a", 10), spread(proxy, 10), "nothing goes to the dead server");
            try (TestBackend restarted = TestBackend.start("b", bPort)) {
                log.await(line -> line.equals(who + " up: 2 passed checks"), 3000);
                assertEquals(Map.of("a", 5, "b", 5), spread(proxy, 10), "back in the rotation");
                assertTrue(restarted.take().uri().equals("/health"), "checked at the configured path");
            }
        } finally {
            b.close();
        }
    }

    @Test
    void aServerThatFailsRequestsIsPausedAndTheLogSaysWhy() throws Exception {
        TestBackend a = TestBackend.start("a");
        TestBackend b = TestBackend.start("b");
        int bPort = b.port();
        b.close();
        try (a; LogLines log = LogLines.of(ServerHealth.class);
             ProxyHarness proxy = ProxyHarness.withUpstream("api", """
                     servers:
                       - 127.0.0.1:%d
                       - {address: 127.0.0.1:%d, max_fails: 2, fail_timeout: 30s}
                     """.formatted(a.port(), bPort))) {
            assertEquals(Map.of("a", 20), spread(proxy, 20), "connect errors are retried on a");
            assertEquals(java.util.List.of("upstream api server 127.0.0.1:" + bPort + " down: 2 failed requests"
                    + " within 30s (last: connect error); paused for 30s"), log.lines());
        }
    }

    @Test
    void anOutlierIsEjectedAfterConsecutive5xx() throws Exception {
        TestBackend a = TestBackend.start("a");
        TestBackend b = TestBackend.start("b").answer(e -> TestBackend.reply(e, 500, "broken"));
        try (a; b; LogLines log = LogLines.of(ServerHealth.class); ProxyHarness proxy = ProxyHarness.inFrontOf(
                "outlier_detection: {consecutive_5xx: 3, ejection_time: 30s}", a, b)) {
            int errors = 0;
            for (int i = 0; i < 20; i++) {
                errors += proxy.get("/o").statusCode() == 500 ? 1 : 0;
            }
            assertEquals(3, errors, "three 500s, then b is out");
            assertEquals(3, b.receivedCount());
            assertEquals("upstream api server 127.0.0.1:" + b.port() + " ejected: 3 failures in a row"
                    + " (last: status 500); back in 30s", log.lines().get(0));
        }
    }
}
