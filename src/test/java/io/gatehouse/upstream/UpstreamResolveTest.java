package io.gatehouse.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.config.HostPort;
import io.gatehouse.config.QueueConfig;
import io.gatehouse.config.RetriesConfig;
import io.gatehouse.config.ServerConfig;
import io.gatehouse.config.UpstreamConfig;
import io.gatehouse.config.UpstreamTimeoutsConfig;
import io.gatehouse.config.UpstreamTlsConfig;
import io.gatehouse.server.Transport;
import io.gatehouse.testing.LogLines;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Host-name servers: one per address with resolve, re-resolved in the background, last good addresses kept. */
class UpstreamResolveTest {

    private final UpstreamTasks tasks = new UpstreamTasks(Transport.detect());
    /** What the fake DNS answers; a missing name fails. */
    private final Map<String, List<String>> dns = new ConcurrentHashMap<>();

    @AfterEach
    void stop() {
        tasks.close();
    }

    private InetAddress[] lookUp(String host) throws UnknownHostException {
        List<String> ips = dns.get(host);
        if (ips == null) {
            throw new UnknownHostException(host);
        }
        InetAddress[] out = new InetAddress[ips.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = InetAddress.getByName(ips.get(i));
        }
        return out;
    }

    private static UpstreamConfig config(Duration resolve, String... hosts) {
        List<ServerConfig> servers = java.util.Arrays.stream(hosts)
                .map(h -> new ServerConfig(new HostPort(h, 8080), 1, false)).toList();
        return new UpstreamConfig("api", servers, 32, Duration.ofSeconds(60), UpstreamTimeoutsConfig.DEFAULTS,
                UpstreamTlsConfig.DEFAULTS, UpstreamConfig.Balance.ROUND_ROBIN, null, null, null,
                RetriesConfig.DEFAULTS, null, QueueConfig.DEFAULTS, resolve);
    }

    private static List<String> labels(Upstream u) {
        return u.servers().stream().map(UpstreamServer::toString).toList();
    }

    @Test
    void withoutResolveAHostNameIsItsFirstAddressForGood() throws Exception {
        dns.put("api.internal", List.of("10.0.0.2", "10.0.0.1"));
        Upstream u = Upstream.build(config(null, "api.internal", "10.0.0.9"), tasks, this::lookUp);
        assertEquals(List.of("api.internal:8080", "10.0.0.9:8080"), labels(u));
        assertEquals("10.0.0.2", u.servers().get(0).socketAddress().getAddress().getHostAddress());
        assertEquals("api.internal:8080", u.servers().get(0).hostHeader());
        u.close();
        dns.clear();
        UnknownHostException e = assertThrows(UnknownHostException.class,
                () -> Upstream.build(config(null, "api.internal"), tasks, this::lookUp));
        assertEquals("upstreams.api.servers: cannot resolve host \"api.internal\"; check the name, or use an IP address",
                e.getMessage());
    }

    @Test
    void withResolveEveryAddressIsAServerAndChangesAreFollowed() throws Exception {
        dns.put("api.internal", List.of("10.0.0.2", "10.0.0.1"));
        Upstream u = Upstream.build(config(Duration.ofHours(1), "api.internal"), tasks, this::lookUp);
        assertEquals(List.of("10.0.0.1:8080", "10.0.0.2:8080"), labels(u));
        UpstreamServer kept = u.servers().get(1);
        try (LogLines log = LogLines.of(ServerAddresses.class)) {
            dns.put("api.internal", List.of("10.0.0.3", "10.0.0.2"));
            u.refresh();
            assertEquals(List.of("10.0.0.2:8080", "10.0.0.3:8080"), labels(u));
            assertSame(kept, u.servers().get(0), "a server that stays keeps its health and pool");
            assertEquals(List.of("upstream api: api.internal now resolves to 10.0.0.2, 10.0.0.3"
                    + " (was 10.0.0.1, 10.0.0.2)"), log.lines());

            dns.remove("api.internal");
            u.refresh();
            u.refresh();
            assertEquals(List.of("10.0.0.2:8080", "10.0.0.3:8080"), labels(u), "a failed lookup keeps the last");
            assertEquals("upstream api: cannot resolve api.internal; keeping 10.0.0.2, 10.0.0.3", log.lines().get(1));
            assertEquals(2, log.lines().size(), "logged once while it keeps failing");
        }
        u.close();
    }

    @Test
    void withResolveANameThatDoesNotResolveYetIsAddedLater() throws Exception {
        Upstream u = Upstream.build(config(Duration.ofMillis(50), "later.internal"), tasks, this::lookUp);
        assertEquals(List.of(), labels(u));
        assertEquals(null, u.choose(null, Upstream.AVAILABLE), "no server: 503");
        dns.put("later.internal", List.of("10.0.0.7"));
        long deadline = System.currentTimeMillis() + 3000;
        while (u.servers().isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(List.of("10.0.0.7:8080"), labels(u), "found by the gatehouse-dns thread");
        assertTrue(u.choose(null, Upstream.AVAILABLE) != null);
        u.close();
    }
}
