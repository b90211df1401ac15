package io.gatehouse.upstream;

import io.gatehouse.config.HostPort;
import io.gatehouse.upstream.pool.ConnectionPool;
import java.net.InetSocketAddress;

/** One server of an upstream: its address, weight and connection pool. */
public final class UpstreamServer {

    private final String upstreamName;
    private final HostPort address;
    private final InetSocketAddress socketAddress;
    private final int weight;
    private final String hostHeader;
    private final String label;
    private ConnectionPool pool;

    public UpstreamServer(String upstreamName, HostPort address, InetSocketAddress resolved, int weight) {
        this.upstreamName = upstreamName;
        this.address = address;
        this.socketAddress = resolved;
        this.weight = weight;
        this.hostHeader = address.hostForUrl() + ":" + address.port();
        this.label = address.toString();
    }

    void attachPool(ConnectionPool pool) {
        this.pool = pool;
    }

    public String upstreamName() { return upstreamName; }
    public HostPort address() { return address; }
    /** The resolved address connections go to. */
    public InetSocketAddress socketAddress() { return socketAddress; }
    public int weight() { return weight; }
    /** The Host header sent when a route does not preserve the client's: "host:port". */
    public String hostHeader() { return hostHeader; }
    public ConnectionPool pool() { return pool; }

    @Override
    public String toString() {
        return label;
    }
}
