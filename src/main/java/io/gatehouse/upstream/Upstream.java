package io.gatehouse.upstream;

import io.gatehouse.config.ServerConfig;
import io.gatehouse.config.UpstreamConfig;
import io.gatehouse.config.UpstreamTimeoutsConfig;
import io.gatehouse.server.Transport;
import io.gatehouse.tls.UpstreamTls;
import io.gatehouse.upstream.balance.LoadBalancer;
import io.gatehouse.upstream.balance.RoundRobin;
import io.gatehouse.upstream.pool.ConnectionPool;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/** A named group of servers with its balancer; built off the event loops (it resolves names). */
public final class Upstream {

    private final String name;
    private final List<UpstreamServer> servers;
    private final LoadBalancer balancer;
    private final UpstreamTimeoutsConfig timeouts;

    private Upstream(UpstreamConfig config, List<UpstreamServer> servers) {
        this.name = config.name();
        this.servers = List.copyOf(servers);
        this.balancer = new RoundRobin(this.servers);
        this.timeouts = config.timeouts();
    }

    /**
     * Resolves every server address, loads the TLS files of https servers and creates the pools.
     * Blocking (DNS, files): call it off the event loops.
     *
     * @throws IOException naming the server that could not be resolved or the TLS file at fault
     */
    public static Upstream build(UpstreamConfig config, Transport transport) throws IOException {
        UpstreamTls tls = config.servers().stream().anyMatch(ServerConfig::tls)
                ? UpstreamTls.build(config.name(), config.tls()) : null;
        List<UpstreamServer> servers = new ArrayList<>();
        for (var server : config.servers()) {
            InetAddress ip;
            try {
                ip = InetAddress.getByName(server.address().host());
            } catch (UnknownHostException e) {
                throw new UnknownHostException("upstreams." + config.name() + ".servers: cannot resolve host \""
                        + server.address().host() + "\"; check the name, or use an IP address");
            }
            UpstreamServer s = new UpstreamServer(config.name(), server.address(),
                    new InetSocketAddress(ip, server.address().port()), server.weight());
            s.attachPool(new ConnectionPool(s, config, transport, server.tls() ? tls : null));
            servers.add(s);
        }
        return new Upstream(config, servers);
    }

    public String name() { return name; }
    public List<UpstreamServer> servers() { return servers; }
    public LoadBalancer balancer() { return balancer; }
    public UpstreamTimeoutsConfig timeouts() { return timeouts; }

    /** Closes every pooled connection. */
    public void close() {
        for (UpstreamServer s : servers) {
            s.pool().close();
        }
    }
}
