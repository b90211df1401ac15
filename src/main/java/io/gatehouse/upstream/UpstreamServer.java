package io.gatehouse.upstream;

import io.gatehouse.config.HostPort;
import io.gatehouse.config.ServerConfig;
import io.gatehouse.upstream.health.ServerHealth;
import io.gatehouse.upstream.pool.ConnectionPool;
import java.net.InetSocketAddress;

/**
 * One server of an upstream: its address, weight and role (backup), its health, its load and its
 * connection pool. A host name resolved to several addresses (with {@code resolve}) is one server
 * per address.
 */
public final class UpstreamServer {

    private final String upstreamName;
    private final ServerConfig config;
    private final InetSocketAddress socketAddress;
    private final String hostHeader;
    private final String label;
    private final ServerHealth health;
    private final ServerLoad load = new ServerLoad();
    private final int maxConnections;
    private ConnectionPool pool;
    private CapacityQueue queue;

    /**
     * @param label how logs and the access log name it: the configured address, or for an address
     *              found by {@code resolve} that IP address and port
     */
    public UpstreamServer(String upstreamName, ServerConfig config, InetSocketAddress resolved, String label,
                          ServerHealth health) {
        this.upstreamName = upstreamName;
        this.config = config;
        this.socketAddress = resolved;
        this.hostHeader = config.address().hostForUrl() + ":" + config.address().port();
        this.label = label;
        this.health = health;
        this.maxConnections = config.maxConnections();
    }

    void attach(ConnectionPool pool, CapacityQueue queue) {
        this.pool = pool;
        this.queue = queue;
    }

    public String upstreamName() { return upstreamName; }
    public HostPort address() { return config.address(); }
    public ServerConfig config() { return config; }
    /** The resolved address connections go to. */
    public InetSocketAddress socketAddress() { return socketAddress; }
    public int weight() { return config.weight(); }
    public boolean isBackup() { return config.backup(); }
    /** The Host header sent when a route does not preserve the client's: "host:port". */
    public String hostHeader() { return hostHeader; }
    public ConnectionPool pool() { return pool; }
    public ServerHealth health() { return health; }
    public ServerLoad load() { return load; }

    /** Healthy and below max_connections: a request may go here now. */
    public boolean isAvailable() {
        return health.isUsable() && (maxConnections == 0 || load.inFlight() < maxConnections);
    }

    /** Healthy but at max_connections. */
    boolean isFull() {
        return maxConnections != 0 && health.isUsable() && load.inFlight() >= maxConnections;
    }

    /** A request starts using the server (counted only when the upstream tracks load). */
    public void acquire() {
        load.begin();
    }

    /** That request is done with the server; a request waiting for a free slot may take it. */
    public void release() {
        load.end();
        if (queue != null) {
            queue.slotFreed();
        }
    }

    @Override
    public String toString() {
        return label;
    }
}
