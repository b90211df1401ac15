package io.gatehouse.upstream;

import io.gatehouse.server.Transport;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The threads that do the upstreams' background work for one gateway, each started when first
 * needed: one event loop ({@code gatehouse-health}) for active health checks, and one thread
 * ({@code gatehouse-dns}) for DNS lookups, which block. Neither touches the request path.
 */
public final class UpstreamTasks implements AutoCloseable {

    private final Transport transport;
    private EventLoopGroup checks;
    private ScheduledExecutorService dns;

    public UpstreamTasks(Transport transport) {
        this.transport = transport;
    }

    Transport transport() {
        return transport;
    }

    synchronized EventLoop checkLoop() {
        if (checks == null) {
            checks = transport.newGroup("gatehouse-health", 1);
        }
        return checks.next();
    }

    synchronized ScheduledExecutorService dns() {
        if (dns == null) {
            dns = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "gatehouse-dns");
                t.setDaemon(true);
                return t;
            });
        }
        return dns;
    }

    /** Stops both threads. */
    @Override
    public synchronized void close() {
        if (checks != null) {
            checks.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
        if (dns != null) {
            dns.shutdownNow();
        }
    }
}
