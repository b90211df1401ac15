package io.gatehouse.upstream.health;

import io.gatehouse.config.HealthCheckConfig;
import io.gatehouse.server.Transport;
import io.gatehouse.tls.UpstreamTls;
import io.gatehouse.upstream.UpstreamServer;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Active health checks of one upstream. Every interval, each server (except those configured
 * down) is probed on the health event loop, off the request path and without blocking; fall
 * failed checks in a row mark it down and rise passed checks in a row mark it up again. A server
 * whose previous check is still running is not probed twice. All state lives on that one loop.
 */
public final class HealthChecker {

    private final HealthCheckConfig config;
    private final EventLoop loop;
    private final UpstreamTls tls;
    private final Supplier<List<UpstreamServer>> servers;
    private final Bootstrap bootstrap;
    private final Map<UpstreamServer, Tally> tallies = new IdentityHashMap<>();
    private ScheduledFuture<?> next;
    private boolean stopped;

    /** Consecutive results of one server, and whether a probe of it is running. */
    private static final class Tally {
        int passed;
        int failed;
        boolean probing;
    }

    /** @param tls the upstream's TLS for its https servers, or {@code null} */
    public HealthChecker(HealthCheckConfig config, EventLoop loop, Transport transport,
                         UpstreamTls tls, Supplier<List<UpstreamServer>> servers) {
        this.config = config;
        this.loop = loop;
        this.tls = tls;
        this.servers = servers;
        this.bootstrap = new Bootstrap()
                .group(loop)
                .channel(transport.socketChannel())
                .option(ChannelOption.ALLOCATOR, transport.allocator())
                // TCP_NODELAY is Netty's default for every socket: not set again (a system call each).
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE,
                        config.timeout().toMillis()));
    }

    /** Runs the first round now and then one every interval. */
    public void start() {
        loop.execute(this::round);
    }

    /** Stops scheduling rounds; probes already running finish on their own. */
    public void stop() {
        loop.execute(() -> {
            stopped = true;
            if (next != null) {
                next.cancel(false);
            }
        });
    }

    private void round() {
        if (stopped) {
            return;
        }
        List<UpstreamServer> now = servers.get();
        tallies.keySet().retainAll(new HashSet<>(now));
        for (UpstreamServer s : now) {
            if (s.health().isConfiguredDown()) {
                continue;
            }
            Tally tally = tallies.computeIfAbsent(s, k -> new Tally());
            if (!tally.probing) {
                tally.probing = true;
                HealthProbe.run(bootstrap, s, config, s.config().tls() ? tls : null,
                        (passed, why) -> record(s, tally, passed, why));
            }
        }
        next = loop.schedule(this::round, config.interval().toNanos(), TimeUnit.NANOSECONDS);
    }

    private void record(UpstreamServer s, Tally tally, boolean passed, String why) {
        tally.probing = false;
        ServerHealth health = s.health();
        if (passed) {
            tally.failed = 0;
            tally.passed++;
            if (health.isCheckedDown() && tally.passed >= config.rise()) {
                health.checkedUp(tally.passed + " passed check" + (tally.passed == 1 ? "" : "s"));
            }
        } else {
            tally.passed = 0;
            tally.failed++;
            if (!health.isCheckedDown() && tally.failed >= config.fall()) {
                health.checkedDown(tally.failed + " failed check" + (tally.failed == 1 ? "" : "s") + ", last: " + why);
            }
        }
    }
}
