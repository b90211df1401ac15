package io.gatehouse.upstream.balance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.upstream.TestServers;
import io.gatehouse.upstream.Upstream;
import io.gatehouse.upstream.UpstreamServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** Smooth weighted round robin: the exact nginx sequence, skipping servers that cannot be used, slow start. */
class RoundRobinTest {

    private static Map<UpstreamServer, Integer> count(LoadBalancer lb, int picks, Predicate<UpstreamServer> usable) {
        Map<UpstreamServer, Integer> counts = new HashMap<>();
        for (int i = 0; i < picks; i++) {
            counts.merge(lb.choose(null, usable), 1, Integer::sum);
        }
        return counts;
    }

    @Test
    void oneCycleGivesEachServerExactlyItsWeightInterleaved() {
        List<UpstreamServer> s = TestServers.weighted(5, 1, 1);
        RoundRobin rr = new RoundRobin(s);
        List<UpstreamServer> cycle = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            cycle.add(rr.choose(null, Upstream.AVAILABLE));
        }
        // nginx's smooth sequence for 5, 1, 1: a a b a c a a
        assertEquals(List.of(s.get(0), s.get(0), s.get(1), s.get(0), s.get(2), s.get(0), s.get(0)), cycle);
        Map<UpstreamServer, Integer> counts = count(rr, 7 * 100, Upstream.AVAILABLE);
        assertEquals(500, counts.get(s.get(0)));
        assertEquals(100, counts.get(s.get(1)));
        assertEquals(100, counts.get(s.get(2)));
    }

    @Test
    void anUnusableServerIsSkippedAndTheOthersKeepTheirProportions() {
        List<UpstreamServer> s = TestServers.weighted(3, 2, 1);
        s.get(1).health().checkedDown("test");
        Map<UpstreamServer, Integer> counts = count(new RoundRobin(s), 400, Upstream.AVAILABLE);
        assertEquals(300, counts.get(s.get(0)), counts.toString());
        assertEquals(100, counts.get(s.get(2)), counts.toString());
        assertEquals(null, counts.get(s.get(1)));
    }

    @Test
    void equalWeightsAroundADownServerStayEven() {
        List<UpstreamServer> s = TestServers.weighted(1, 1, 1);
        s.get(2).health().checkedDown("test");
        Map<UpstreamServer, Integer> counts = count(new RoundRobin(s), 100, Upstream.AVAILABLE);
        assertEquals(50, counts.get(s.get(0)));
        assertEquals(50, counts.get(s.get(1)));
    }

    @Test
    void aHealthyPickTestsOneServer() {
        RoundRobin rr = new RoundRobin(TestServers.weighted(1, 1, 1, 1));
        AtomicInteger tests = new AtomicInteger();
        for (int i = 0; i < 100; i++) {
            rr.choose(null, server -> tests.incrementAndGet() > 0);
        }
        assertEquals(100, tests.get());
    }

    @Test
    void nothingUsableIsNull() {
        List<UpstreamServer> s = TestServers.weighted(2, 1);
        s.forEach(server -> server.health().checkedDown("test"));
        assertNull(new RoundRobin(s).choose(null, Upstream.AVAILABLE));
        assertNull(new RoundRobin(List.of()).choose(null, Upstream.AVAILABLE));
    }

    @Test
    void aFilterExcludesTriedServers() {
        List<UpstreamServer> s = TestServers.weighted(1, 1);
        RoundRobin rr = new RoundRobin(s);
        for (int i = 0; i < 10; i++) {
            assertEquals(s.get(1), rr.choose(null, server -> server != s.get(0)));
        }
    }

    @Test
    void aServerInSlowStartGetsAGrowingShare() throws Exception {
        UpstreamServer steady = TestServers.server(1, 1);
        UpstreamServer ramping = TestServers.slowStarting(2, Duration.ofMillis(400));
        ramping.health().checkedDown("test");
        ramping.health().checkedUp("test");
        RoundRobin rr = new RoundRobin(List.of(steady, ramping));
        int early = count(rr, 1000, Upstream.AVAILABLE).getOrDefault(ramping, 0);
        assertTrue(early < 150, "just back, it gets a small share: " + early);
        Thread.sleep(450);
        int later = count(rr, 1000, Upstream.AVAILABLE).getOrDefault(ramping, 0);
        assertEquals(500, later, "after slow_start it has its full weight");
    }

    @Test
    void aServerOnlyInSlowStartIsStillChosen() {
        UpstreamServer ramping = TestServers.slowStarting(1, Duration.ofHours(1));
        ramping.health().checkedDown("test");
        ramping.health().checkedUp("test");
        RoundRobin rr = new RoundRobin(List.of(ramping));
        for (int i = 0; i < 20; i++) {
            assertEquals(ramping, rr.choose(null, Upstream.AVAILABLE));
        }
    }
}
