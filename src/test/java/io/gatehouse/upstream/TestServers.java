package io.gatehouse.upstream;

import io.gatehouse.config.HostPort;
import io.gatehouse.config.ServerConfig;
import io.gatehouse.upstream.health.OutlierDetection;
import io.gatehouse.upstream.health.ServerHealth;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Upstream servers for unit tests: real objects without a pool, on 10.0.0.x addresses nobody connects to. */
public final class TestServers {

    private TestServers() {}

    /** A server 10.0.0.{n}:80 with this weight and every other default. */
    public static UpstreamServer server(int n, int weight) {
        return server(n, new ServerConfig(new HostPort("10.0.0." + n, 80), weight, false), null);
    }

    /** A server with the given config (its address is used as given). */
    public static UpstreamServer server(int n, ServerConfig config, OutlierDetection outliers) {
        ServerConfig c = new ServerConfig(new HostPort("10.0.0." + n, 80), config.weight(), false, config.maxFails(),
                config.failTimeout(), config.maxConnections(), config.slowStart(), config.backup(), config.down());
        InetSocketAddress socket = new InetSocketAddress("10.0.0." + n, 80);
        return new UpstreamServer("test", c, socket, c.address().toString(),
                new ServerHealth("upstream test server " + c.address(), c, true, outliers));
    }

    /** A server with slow_start set. */
    public static UpstreamServer slowStarting(int n, Duration slowStart) {
        return server(n, new ServerConfig(null, 1, false, 1, Duration.ofSeconds(10), 0, slowStart, false, false), null);
    }

    /** Servers 10.0.0.1 ... with these weights. */
    public static List<UpstreamServer> weighted(int... weights) {
        List<UpstreamServer> list = new ArrayList<>();
        for (int i = 0; i < weights.length; i++) {
            list.add(server(i + 1, weights[i]));
        }
        return list;
    }
}
