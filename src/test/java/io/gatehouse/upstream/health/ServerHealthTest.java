package io.gatehouse.upstream.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.config.HostPort;
import io.gatehouse.config.OutlierDetectionConfig;
import io.gatehouse.config.ServerConfig;
import io.gatehouse.testing.LogLines;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Passive health (max_fails within fail_timeout), outlier ejection, active verdicts and slow start. */
class ServerHealthTest {

    private static ServerConfig config(int maxFails, long failTimeoutMillis, long slowStartMillis) {
        return new ServerConfig(new HostPort("10.0.0.1", 80), 1, false, maxFails, Duration.ofMillis(failTimeoutMillis),
                0, Duration.ofMillis(slowStartMillis), false, false);
    }

    private static ServerHealth health(int maxFails, long failTimeoutMillis) {
        return new ServerHealth("upstream api server 10.0.0.1:80", config(maxFails, failTimeoutMillis, 0), true, null);
    }

    @Test
    void maxFailsWithinFailTimeoutPauseTheServerForFailTimeout() throws Exception {
        try (LogLines log = LogLines.of(ServerHealth.class)) {
            ServerHealth h = health(3, 300);
            h.requestFailed("connect error");
            h.requestFailed("reset");
            assertTrue(h.isUsable(), "two of three");
            h.requestFailed("connect error");
            assertFalse(h.isUsable());
            assertEquals(List.of("upstream api server 10.0.0.1:80 down: 3 failed requests within 300ms"
                    + " (last: connect error); paused for 300ms"), log.lines());
            Thread.sleep(350);
            assertTrue(h.isUsable(), "back after fail_timeout");
            h.responded(200, false);
            h.responded(200, false);
            assertEquals("upstream api server 10.0.0.1:80 up: a request succeeded after its pause", log.lines().get(1));
            assertEquals(2, log.lines().size(), "recovery is logged once");
        }
    }

    @Test
    void failuresFurtherApartThanFailTimeoutDoNotAddUp() throws Exception {
        ServerHealth h = health(2, 100);
        h.requestFailed("reset");
        Thread.sleep(150);
        h.requestFailed("reset");
        assertTrue(h.isUsable());
        h.requestFailed("reset");
        assertFalse(h.isUsable());
    }

    @Test
    void maxFailsZeroAndTheOnlyServerOfAnUpstreamAreNeverPaused() {
        ServerHealth off = health(0, 1000);
        ServerHealth only = new ServerHealth("upstream api server 10.0.0.1:80", config(1, 1000, 0), false, null);
        for (int i = 0; i < 10; i++) {
            off.requestFailed("reset");
            only.requestFailed("reset");
            only.responded(503, true);
        }
        assertTrue(off.isUsable());
        assertTrue(only.isUsable());
    }

    @Test
    void aRetriedStatusCountsAsAFailureAndOtherStatusesDoNot() {
        ServerHealth h = health(2, 10_000);
        h.responded(500, false);
        h.responded(404, false);
        h.responded(503, true);
        assertTrue(h.isUsable());
        h.responded(503, true);
        assertFalse(h.isUsable());
    }

    @Test
    void consecutiveFailuresEjectAnOutlierAndASuccessResetsTheCount() throws Exception {
        OutlierDetection outliers = new OutlierDetection(new OutlierDetectionConfig(3, Duration.ofMillis(200), 50));
        outliers.servers(2);
        ServerHealth h = new ServerHealth("upstream api server 10.0.0.1:80", config(0, 1000, 0), true, outliers);
        try (LogLines log = LogLines.of(ServerHealth.class)) {
            h.responded(500, false);
            h.responded(502, false);
            h.responded(200, false);
            h.responded(500, false);
            h.responded(500, false);
            assertTrue(h.isUsable(), "the success in between reset the count");
            h.requestFailed("connect error");
            assertFalse(h.isUsable());
            assertEquals(List.of("upstream api server 10.0.0.1:80 ejected: 3 failures in a row (last: connect error);"
                    + " back in 200ms"), log.lines());
            Thread.sleep(250);
            assertTrue(h.isUsable());
        }
    }

    @Test
    void noMoreThanMaxEjectedServersAreOutAtOnce() {
        OutlierDetection outliers = new OutlierDetection(new OutlierDetectionConfig(1, Duration.ofSeconds(30), 50));
        outliers.servers(4);
        List<ServerHealth> four = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            four.add(new ServerHealth("upstream api server " + i, config(0, 1000, 0), true, outliers));
        }
        four.forEach(h -> h.responded(503, false));
        assertEquals(2, four.stream().filter(h -> !h.isUsable()).count(), "50% of 4");
        OutlierDetection strict = new OutlierDetection(new OutlierDetectionConfig(1, Duration.ofSeconds(30), 10));
        strict.servers(2);
        ServerHealth a = new ServerHealth("a", config(0, 1000, 0), true, strict);
        ServerHealth b = new ServerHealth("b", config(0, 1000, 0), true, strict);
        a.responded(500, false);
        b.responded(500, false);
        assertFalse(a.isUsable(), "one server may always be ejected");
        assertTrue(b.isUsable());
    }

    @Test
    void activeVerdictsAreLoggedAndSlowStartRampsUpAfterRecovery() throws Exception {
        ServerHealth h = new ServerHealth("upstream api server 10.0.0.1:80", config(1, 1000, 400), true, null);
        assertEquals(1.0, h.rampFactor());
        try (LogLines log = LogLines.of(ServerHealth.class)) {
            h.checkedDown("3 failed checks, last: connection refused");
            assertFalse(h.isUsable());
            h.checkedUp("2 passed checks");
            assertTrue(h.isUsable());
            assertEquals(List.of("upstream api server 10.0.0.1:80 down: 3 failed checks, last: connection refused",
                    "upstream api server 10.0.0.1:80 up: 2 passed checks"), log.lines());
        }
        double start = h.rampFactor();
        Thread.sleep(200);
        double middle = h.rampFactor();
        Thread.sleep(250);
        assertTrue(start < 0.2 && middle > start && middle < 0.9, start + " then " + middle);
        assertEquals(1.0, h.rampFactor());
    }

    @Test
    void slowStartAlsoFollowsAPause() throws Exception {
        ServerHealth h = new ServerHealth("s", config(1, 100, 10_000), true, null);
        h.requestFailed("reset");
        assertFalse(h.isUsable());
        Thread.sleep(150);
        assertTrue(h.isUsable());
        assertTrue(h.rampFactor() < 0.1, "ramping from the end of the pause: " + h.rampFactor());
    }

    @Test
    void aServerConfiguredDownIsNeverUsable() {
        ServerConfig down = new ServerConfig(new HostPort("10.0.0.1", 80), 1, false, 1, Duration.ofSeconds(10), 0,
                Duration.ZERO, false, true);
        ServerHealth h = new ServerHealth("s", down, true, null);
        h.checkedUp("test");
        assertFalse(h.isUsable());
        assertTrue(h.isConfiguredDown());
    }
}
