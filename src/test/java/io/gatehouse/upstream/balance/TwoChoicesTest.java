package io.gatehouse.upstream.balance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.upstream.TestServers;
import io.gatehouse.upstream.Upstream;
import io.gatehouse.upstream.UpstreamServer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Power of two choices on requests in flight (random) and on peak-EWMA response time (least_time). */
class TwoChoicesTest {

    private static final long MS = 1_000_000;

    @Test
    void randomNeverPicksTheBusiestOfThree() {
        List<UpstreamServer> s = TestServers.weighted(1, 1, 1);
        for (int i = 0; i < 10; i++) {
            s.get(1).acquire();
        }
        TwoChoices random = new TwoChoices(s, TwoChoices.Cost.IN_FLIGHT);
        for (int i = 0; i < 1000; i++) {
            assertNotEquals(s.get(1), random.choose(null, Upstream.AVAILABLE));
        }
    }

    @Test
    void randomSpreadsIdleServersByWeight() {
        List<UpstreamServer> s = TestServers.weighted(1, 3);
        TwoChoices random = new TwoChoices(s, TwoChoices.Cost.IN_FLIGHT);
        int second = 0;
        for (int i = 0; i < 8000; i++) {
            second += random.choose(null, Upstream.AVAILABLE) == s.get(1) ? 1 : 0;
        }
        assertTrue(second > 5600 && second < 6400, "about 3/4 of 8000: " + second);
    }

    @Test
    void leastTimePrefersTheFasterServer() {
        List<UpstreamServer> s = TestServers.weighted(1, 1);
        long now = System.nanoTime();
        s.get(0).load().observe(100 * MS, now);
        s.get(1).load().observe(10 * MS, now);
        TwoChoices leastTime = new TwoChoices(s, TwoChoices.Cost.LATENCY);
        for (int i = 0; i < 100; i++) {
            assertEquals(s.get(1), leastTime.choose(null, Upstream.AVAILABLE));
        }
    }

    @Test
    void leastTimeWeighsResponseTimeByRequestsInFlight() {
        List<UpstreamServer> s = TestServers.weighted(1, 1);
        long now = System.nanoTime();
        s.get(0).load().observe(100 * MS, now);
        s.get(1).load().observe(10 * MS, now);
        for (int i = 0; i < 20; i++) {
            s.get(1).acquire();
        }
        // 10ms x 21 in flight costs more than 100ms x 1.
        assertEquals(s.get(0), new TwoChoices(s, TwoChoices.Cost.LATENCY).choose(null, Upstream.AVAILABLE));
    }

    @Test
    void aBusyServerWithoutAMeasuredTimeIsAvoided() {
        List<UpstreamServer> s = TestServers.weighted(1, 1);
        s.get(0).load().observe(500 * MS, System.nanoTime());
        s.get(1).acquire();
        assertEquals(s.get(0), new TwoChoices(s, TwoChoices.Cost.LATENCY).choose(null, Upstream.AVAILABLE));
    }

    @Test
    void unusableServersAreSkipped() {
        List<UpstreamServer> s = TestServers.weighted(1, 1, 1);
        s.get(0).health().checkedDown("test");
        s.get(2).health().checkedDown("test");
        TwoChoices random = new TwoChoices(s, TwoChoices.Cost.IN_FLIGHT);
        for (int i = 0; i < 50; i++) {
            assertEquals(s.get(1), random.choose(null, Upstream.AVAILABLE));
        }
        s.get(1).health().checkedDown("test");
        assertNull(random.choose(null, Upstream.AVAILABLE));
    }

    @Test
    void peakEwmaTakesASlowResponseAtOnceAndForgetsItGradually() {
        UpstreamServer s = TestServers.server(1, 1);
        long t = 1_000_000_000_000L;
        s.load().observe(10 * MS, t);
        assertEquals(10 * MS, s.load().latency(t), 1);
        s.load().observe(200 * MS, t + MS);
        assertEquals(200 * MS, s.load().latency(t + MS), 1, "a slower response counts in full at once");
        s.load().observe(10 * MS, t + 2 * MS);
        double afterFast = s.load().latency(t + 2 * MS);
        assertTrue(afterFast > 190 * MS, "one fast response right after barely moves it: " + afterFast / MS);
        s.load().observe(10 * MS, t + 5_000 * MS);
        double later = s.load().latency(t + 5_000 * MS);
        assertTrue(later > 10 * MS && later < 130 * MS, "fast responses pull it down over seconds: " + later / MS);
        double idle = s.load().latency(t + 25_000 * MS);
        assertTrue(idle < later * 0.15, "without responses it decays (10 s time constant): " + idle / MS);
    }
}
