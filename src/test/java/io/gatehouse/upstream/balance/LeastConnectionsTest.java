package io.gatehouse.upstream.balance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.upstream.TestServers;
import io.gatehouse.upstream.Upstream;
import io.gatehouse.upstream.UpstreamServer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Weighted least connections: the least loaded for its weight; ties spread by weight. */
class LeastConnectionsTest {

    @Test
    void choosesTheServerWithFewestRequestsInFlight() {
        List<UpstreamServer> s = TestServers.weighted(1, 1, 1);
        s.get(0).acquire();
        s.get(0).acquire();
        s.get(2).acquire();
        LeastConnections lc = new LeastConnections(s);
        assertEquals(s.get(1), lc.choose(null, Upstream.AVAILABLE));
        s.get(1).acquire();
        s.get(1).acquire();
        assertEquals(s.get(2), lc.choose(null, Upstream.AVAILABLE));
    }

    @Test
    void loadIsMeasuredAgainstWeight() {
        List<UpstreamServer> s = TestServers.weighted(3, 1);
        s.get(0).acquire();
        s.get(0).acquire();
        s.get(1).acquire();
        // 2 of 3 is less loaded than 1 of 1.
        assertEquals(s.get(0), new LeastConnections(s).choose(null, Upstream.AVAILABLE));
    }

    @Test
    void idleServersShareByWeight() {
        List<UpstreamServer> s = TestServers.weighted(3, 1);
        LeastConnections lc = new LeastConnections(s);
        int first = 0;
        for (int i = 0; i < 8000; i++) {
            first += lc.choose(null, Upstream.AVAILABLE) == s.get(0) ? 1 : 0;
        }
        assertTrue(first > 5600 && first < 6400, "about 3/4 of 8000: " + first);
    }

    @Test
    void unusableServersAreSkipped() {
        List<UpstreamServer> s = TestServers.weighted(1, 1);
        s.get(1).acquire();
        s.get(0).health().checkedDown("test");
        LeastConnections lc = new LeastConnections(s);
        assertEquals(s.get(1), lc.choose(null, Upstream.AVAILABLE));
        s.get(1).health().checkedDown("test");
        assertNull(lc.choose(null, Upstream.AVAILABLE));
    }
}
