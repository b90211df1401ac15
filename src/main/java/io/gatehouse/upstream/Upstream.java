package io.gatehouse.upstream;

import io.gatehouse.config.ServerConfig;
import io.gatehouse.config.UpstreamConfig;
import io.gatehouse.config.UpstreamTimeoutsConfig;
import io.gatehouse.pipeline.Exchange;
import io.gatehouse.tls.UpstreamTls;
import io.gatehouse.upstream.balance.LoadBalancer;
import io.gatehouse.upstream.balance.StickyCookie;
import io.gatehouse.upstream.health.HealthChecker;
import io.gatehouse.upstream.health.OutlierDetection;
import io.gatehouse.upstream.health.ServerHealth;
import io.gatehouse.upstream.pool.ConnectionPool;
import io.netty.handler.codec.http.HttpResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A named group of servers. Builds them from the config (resolving host names), chooses one for
 * each request: a pinned server (sticky cookie), else the balancer over the primary servers, else
 * the one over the backups; and keeps the list current with active health checks and DNS
 * re-resolution in the background. Built off the event loops; {@link #choose} runs on them.
 */
public final class Upstream {

    private static final Logger log = LoggerFactory.getLogger(Upstream.class);

    /** The filter of a first attempt: healthy servers below max_connections. */
    public static final Predicate<UpstreamServer> AVAILABLE = UpstreamServer::isAvailable;

    private final UpstreamConfig config;
    private final UpstreamTasks tasks;
    private final UpstreamTls tls;
    private final LoadBalancer.Factory factory;
    private final RetryPolicy retries;
    private final StickyCookie sticky;
    private final CapacityQueue queue;
    private final OutlierDetection outliers;
    private final boolean tracksLoad;
    private final ServerAddresses addresses;
    /** Servers by config position and IP address, so a DNS change keeps the servers that stay. */
    private Map<String, UpstreamServer> byAddress = new HashMap<>();
    private volatile ServerSet servers;
    private HealthChecker checker;
    private ScheduledFuture<?> refresh;

    private Upstream(UpstreamConfig config, UpstreamTasks tasks, UpstreamTls tls, ServerAddresses addresses) {
        this.config = config;
        this.tasks = tasks;
        this.tls = tls;
        this.addresses = addresses;
        this.factory = LoadBalancer.factory(config);
        this.retries = new RetryPolicy(config.retries());
        this.sticky = config.sticky() == null ? null : new StickyCookie(config.sticky());
        boolean limited = config.servers().stream().anyMatch(s -> s.maxConnections() > 0);
        this.queue = limited ? new CapacityQueue(config.queue()) : null;
        this.outliers = config.outlierDetection() == null ? null : new OutlierDetection(config.outlierDetection());
        this.tracksLoad = limited || config.balance() == UpstreamConfig.Balance.LEAST_CONN
                || config.balance() == UpstreamConfig.Balance.LEAST_TIME || config.balance() == UpstreamConfig.Balance.RANDOM;
    }

    /**
     * Resolves every server address, loads the TLS files of https servers, creates the pools, and
     * starts health checks and re-resolution when configured. Blocking (DNS, files): call it off
     * the event loops.
     *
     * @throws IOException naming the server that could not be resolved or the TLS file at fault
     */
    public static Upstream build(UpstreamConfig config, UpstreamTasks tasks) throws IOException {
        return build(config, tasks, InetAddress::getAllByName);
    }

    static Upstream build(UpstreamConfig config, UpstreamTasks tasks, ServerAddresses.Resolver resolver)
            throws IOException {
        UpstreamTls tls = config.servers().stream().anyMatch(ServerConfig::tls)
                ? UpstreamTls.build(config.name(), config.tls()) : null;
        ServerAddresses addresses = new ServerAddresses(config.name(), config.servers(), config.resolve() != null,
                resolver);
        Upstream upstream = new Upstream(config, tasks, tls, addresses);
        upstream.install(upstream.serversFor(addresses.current()));
        upstream.startBackgroundWork();
        return upstream;
    }

    private void startBackgroundWork() {
        if (config.healthCheck() != null) {
            checker = new HealthChecker(config.healthCheck(), tasks.checkLoop(), tasks.transport(), tls,
                    this::servers);
            checker.start();
        }
        if (config.resolve() != null) {
            long every = config.resolve().toMillis();
            refresh = tasks.dns().scheduleWithFixedDelay(this::refresh, every, every, TimeUnit.MILLISECONDS);
        }
    }

    /** Runs on the gatehouse-dns thread: looks the host names up again and swaps in a changed list. */
    void refresh() {
        try {
            if (addresses.refresh()) {
                install(serversFor(addresses.current()));
            }
        } catch (RuntimeException e) {
            log.warn("upstream {}: re-resolving servers failed: {}", config.name(), e.toString());
        }
    }

    private void install(List<UpstreamServer> list) {
        if (outliers != null) {
            outliers.servers(list.size());
        }
        servers = new ServerSet(list, factory, sticky != null);
    }

    /** One server per address, reusing those already known; closes the pools of servers that went away. */
    private List<UpstreamServer> serversFor(List<List<InetAddress>> found) {
        List<UpstreamServer> list = new ArrayList<>();
        Map<String, UpstreamServer> next = new HashMap<>();
        for (int i = 0; i < found.size(); i++) {
            for (InetAddress ip : found.get(i)) {
                String key = i + "/" + ip.getHostAddress();
                UpstreamServer s = byAddress.get(key);
                if (s == null) {
                    s = newServer(config.servers().get(i), ip);
                }
                list.add(s);
                next.put(key, s);
            }
        }
        for (Map.Entry<String, UpstreamServer> e : byAddress.entrySet()) {
            if (!next.containsKey(e.getKey())) {
                e.getValue().pool().close();
            }
        }
        byAddress = next;
        return list;
    }

    private UpstreamServer newServer(ServerConfig sc, InetAddress ip) {
        InetSocketAddress socket = new InetSocketAddress(ip, sc.address().port());
        String label = config.resolve() != null && !sc.address().isIpLiteral()
                ? (ip.getAddress().length == 16 ? "[" + ip.getHostAddress() + "]" : ip.getHostAddress())
                        + ":" + sc.address().port()
                : sc.address().toString();
        boolean failuresCount = config.servers().size() > 1 || config.resolve() != null;
        ServerHealth health = new ServerHealth("upstream " + config.name() + " server " + label, sc, failuresCount,
                outliers);
        UpstreamServer s = new UpstreamServer(config.name(), sc, socket, label, health);
        s.attach(new ConnectionPool(s, config, tasks.transport(), sc.tls() ? tls : null), queue);
        return s;
    }

    /** The servers now, backups and down ones included. */
    public List<UpstreamServer> servers() { return servers.all; }
    public UpstreamTimeoutsConfig timeouts() { return config.timeouts(); }
    public RetryPolicy retries() { return retries; }
    /** Whether requests in flight are counted per server (least_conn, least_time, random, max_connections). */
    public boolean tracksLoad() { return tracksLoad; }
    /** Whether response times are measured per server (least_time). */
    public boolean tracksLatency() { return config.balance() == UpstreamConfig.Balance.LEAST_TIME; }
    /** Where requests wait for a server below max_connections, or {@code null} when no server has a limit. */
    public CapacityQueue queue() { return queue; }

    /**
     * The server for an attempt: the primary server the sticky cookie names if {@code usable}
     * accepts it, else the balancer's choice among the primaries, else among the backups;
     * {@code null} when {@code usable} accepts none.
     */
    public UpstreamServer choose(Exchange exchange, Predicate<UpstreamServer> usable) {
        ServerSet set = servers;
        if (sticky != null) {
            UpstreamServer pinned = sticky.pinned(exchange, set.routes);
            if (pinned != null && !pinned.isBackup() && usable.test(pinned)) {
                return pinned;
            }
        }
        UpstreamServer s = set.primary.choose(exchange, usable);
        return s != null || set.backup == null ? s : set.backup.choose(exchange, usable);
    }

    /**
     * Queues a request that found no server only because each usable one is at max_connections;
     * false when there is no such server or the queue is full (answer 503 now).
     */
    public boolean waitForSlot(CapacityQueue.Waiter waiter) {
        if (queue == null || !hasServer(true) || !queue.offer(waiter)) {
            return false;
        }
        if (hasServer(false)) {
            // A slot freed between the choice and the queueing: its wake-up went to nobody.
            queue.slotFreed();
        }
        return true;
    }

    private boolean hasServer(boolean full) {
        for (UpstreamServer s : servers.all) {
            if (full ? s.isFull() : s.isAvailable()) {
                return true;
            }
        }
        return false;
    }

    /** The response came from {@code server}: with a sticky cookie, pins the client to it. */
    public void onResponse(Exchange exchange, HttpResponse response, UpstreamServer server) {
        if (sticky != null && !server.isBackup()) {
            sticky.onResponse(exchange, response, server, servers.routes);
        }
    }

    /** Stops health checks and re-resolution and closes every pooled connection. */
    public void close() {
        if (refresh != null) {
            refresh.cancel(false);
        }
        if (checker != null) {
            checker.stop();
        }
        for (UpstreamServer s : servers.all) {
            s.pool().close();
        }
    }
}
