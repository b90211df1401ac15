package io.gatehouse.upstream;

import io.gatehouse.config.HostPort;
import io.gatehouse.config.ServerConfig;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The IP addresses of an upstream's configured servers. An IP address is taken as written. A host
 * name is resolved to its first address once, at start; or, with {@code resolve}, to all its
 * addresses, and again on every {@link #refresh}, where a failed lookup keeps the addresses found
 * last. Lookups block: they run at start or on the gatehouse-dns thread, never on an event loop.
 */
final class ServerAddresses {

    private static final Logger log = LoggerFactory.getLogger(ServerAddresses.class);

    /** Looks a host name up; {@code InetAddress::getAllByName} outside tests. */
    interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final String upstream;
    private final List<ServerConfig> servers;
    private final boolean all;
    private final Resolver resolver;
    private final List<List<InetAddress>> current = new ArrayList<>();
    private final boolean[] failing;

    /**
     * Resolves every server once.
     *
     * @param all true with {@code resolve}: every address of a name, and a name that does not
     *            resolve yet is logged rather than refused
     * @throws UnknownHostException without {@code resolve}, naming a host that does not resolve
     */
    ServerAddresses(String upstream, List<ServerConfig> servers, boolean all, Resolver resolver)
            throws UnknownHostException {
        this.upstream = upstream;
        this.servers = servers;
        this.all = all;
        this.resolver = resolver;
        this.failing = new boolean[servers.size()];
        for (int i = 0; i < servers.size(); i++) {
            String host = servers.get(i).address().host();
            List<InetAddress> found = List.of();
            try {
                found = lookUp(servers.get(i).address());
            } catch (UnknownHostException e) {
                if (!all) {
                    throw new UnknownHostException("upstreams." + upstream + ".servers: cannot resolve host \""
                            + host + "\"; check the name, or use an IP address");
                }
                failing[i] = true;
                log.warn("upstream {}: cannot resolve {} yet; it gets requests once it resolves", upstream, host);
            }
            current.add(found);
        }
    }

    /** The addresses of each configured server, in config order. */
    List<List<InetAddress>> current() {
        return current;
    }

    /** Looks every host name up again; true when any server's addresses changed. Blocking. */
    boolean refresh() {
        boolean changed = false;
        for (int i = 0; i < servers.size(); i++) {
            String host = servers.get(i).address().host();
            if (servers.get(i).address().isIpLiteral()) {
                continue;
            }
            try {
                List<InetAddress> found = lookUp(servers.get(i).address());
                if (failing[i]) {
                    failing[i] = false;
                    log.info("upstream {}: {} resolves again", upstream, host);
                }
                if (!found.equals(current.get(i))) {
                    log.info("upstream {}: {} now resolves to {} (was {})", upstream, host, text(found),
                            text(current.get(i)));
                    current.set(i, found);
                    changed = true;
                }
            } catch (UnknownHostException e) {
                if (!failing[i]) {
                    failing[i] = true;
                    log.warn("upstream {}: cannot resolve {}; keeping {}", upstream, host, text(current.get(i)));
                }
            }
        }
        return changed;
    }

    /** An IP address as written; a name's addresses in a stable order (with {@code resolve}), or its first. */
    private List<InetAddress> lookUp(HostPort address) throws UnknownHostException {
        if (address.isIpLiteral()) {
            return List.of(InetAddress.getByName(address.host()));
        }
        InetAddress[] found = resolver.resolve(address.host());
        if (found.length == 0) {
            throw new UnknownHostException(address.host());
        }
        if (!all) {
            return List.of(found[0]);
        }
        InetAddress[] sorted = found.clone();
        Arrays.sort(sorted, Comparator.comparing(InetAddress::getHostAddress));
        return List.of(sorted).stream().distinct().toList();
    }

    private static String text(List<InetAddress> addresses) {
        if (addresses.isEmpty()) {
            return "nothing";
        }
        StringBuilder b = new StringBuilder();
        for (InetAddress a : addresses) {
            b.append(b.length() == 0 ? "" : ", ").append(a.getHostAddress());
        }
        return b.toString();
    }
}
