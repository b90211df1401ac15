package io.gatehouse.upstream.balance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.config.HashKeyConfig;
import io.gatehouse.upstream.TestServers;
import io.gatehouse.upstream.Upstream;
import io.gatehouse.upstream.UpstreamServer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The hash ring: stable keys, even spread, weights, and only ~1/N of keys moving when a server comes or goes. */
class ConsistentHashTest {

    private static final int KEYS = 20_000;

    private static ConsistentHash ring(List<UpstreamServer> servers) {
        return new ConsistentHash(servers, HashKey.of(new HashKeyConfig(HashKeyConfig.Kind.URI, null)));
    }

    private static List<UpstreamServer> assign(ConsistentHash ring) {
        List<UpstreamServer> owners = new ArrayList<>();
        for (int k = 0; k < KEYS; k++) {
            owners.add(ring.choose(Hashing.hash("/users/" + k), Upstream.AVAILABLE));
        }
        return owners;
    }

    @Test
    void aKeyStaysOnItsServer() {
        ConsistentHash ring = ring(TestServers.weighted(1, 1, 1, 1));
        for (int k = 0; k < 100; k++) {
            UpstreamServer first = ring.choose(Hashing.hash("key-" + k), Upstream.AVAILABLE);
            for (int i = 0; i < 5; i++) {
                assertEquals(first, ring.choose(Hashing.hash("key-" + k), Upstream.AVAILABLE));
            }
        }
    }

    @Test
    void keysSpreadEvenlyAndByWeight() {
        List<UpstreamServer> servers = TestServers.weighted(1, 1, 1, 1, 1, 1, 1, 1, 1, 2);
        Map<UpstreamServer, Integer> counts = new HashMap<>();
        for (UpstreamServer s : assign(ring(servers))) {
            counts.merge(s, 1, Integer::sum);
        }
        double unit = KEYS / 11.0;
        for (int i = 0; i < 9; i++) {
            int n = counts.get(servers.get(i));
            assertTrue(Math.abs(n - unit) < unit * 0.25, "server " + i + " got " + n + " of about " + (int) unit);
        }
        int heavy = counts.get(servers.get(9));
        assertTrue(Math.abs(heavy - 2 * unit) < unit * 0.5, "weight 2 got " + heavy + " of about " + (int) (2 * unit));
    }

    @Test
    void removingOneOfTenServersMovesOnlyItsKeys() {
        List<UpstreamServer> ten = TestServers.weighted(1, 1, 1, 1, 1, 1, 1, 1, 1, 1);
        List<UpstreamServer> before = assign(ring(ten));
        UpstreamServer removed = ten.get(3);
        List<UpstreamServer> nine = new ArrayList<>(ten);
        nine.remove(removed);
        List<UpstreamServer> after = assign(ring(nine));
        int moved = 0;
        for (int k = 0; k < KEYS; k++) {
            if (before.get(k) != after.get(k)) {
                moved++;
                assertEquals(removed, before.get(k), "only keys of the removed server move");
            }
        }
        double fraction = (double) moved / KEYS;
        assertTrue(fraction > 0.06 && fraction < 0.14, "about 1/10 of the keys move: " + fraction);
    }

    @Test
    void addingAnEleventhServerMovesAboutOneEleventhToIt() {
        List<UpstreamServer> ten = TestServers.weighted(1, 1, 1, 1, 1, 1, 1, 1, 1, 1);
        List<UpstreamServer> before = assign(ring(ten));
        List<UpstreamServer> eleven = new ArrayList<>(ten);
        UpstreamServer added = TestServers.server(11, 1);
        eleven.add(added);
        List<UpstreamServer> after = assign(ring(eleven));
        int moved = 0;
        for (int k = 0; k < KEYS; k++) {
            if (before.get(k) != after.get(k)) {
                moved++;
                assertEquals(added, after.get(k), "keys move only to the new server");
            }
        }
        double fraction = (double) moved / KEYS;
        assertTrue(fraction > 0.055 && fraction < 0.13, "about 1/11 of the keys move: " + fraction);
    }

    @Test
    void anUnusableServersKeysGoElsewhereAndComeBack() {
        List<UpstreamServer> servers = TestServers.weighted(1, 1, 1, 1);
        ConsistentHash ring = ring(servers);
        List<UpstreamServer> before = assign(ring);
        UpstreamServer down = servers.get(1);
        down.health().checkedDown("test");
        List<UpstreamServer> during = assign(ring);
        for (int k = 0; k < KEYS; k++) {
            if (before.get(k) == down) {
                assertNotNull(during.get(k));
                assertNotEquals(down, during.get(k));
            } else {
                assertEquals(before.get(k), during.get(k), "other keys stay put");
            }
        }
        down.health().checkedUp("test");
        assertEquals(before, assign(ring));
    }

    @Test
    void aTriedServerIsPassedOverForTheNextOnTheRing() {
        List<UpstreamServer> servers = TestServers.weighted(1, 1, 1);
        ConsistentHash ring = ring(servers);
        long key = Hashing.hash("/cart");
        UpstreamServer first = ring.choose(key, Upstream.AVAILABLE);
        UpstreamServer second = ring.choose(key, s -> s != first);
        assertNotEquals(first, second);
        assertEquals(second, ring.choose(key, s -> s != first), "the fallback is deterministic too");
    }
}
