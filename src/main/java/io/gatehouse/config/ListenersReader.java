package io.gatehouse.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Reads {@code listeners}: each listener's name, address, connection limit and TLS; no two may collide. */
final class ListenersReader {

    private static final Set<String> ALL_INTERFACES = Set.of("", "0.0.0.0", "::");

    private ListenersReader() {}

    /** @param directory the config file's directory for relative certificate paths, or {@code null} */
    static List<ListenerConfig> read(MapReader root, java.nio.file.Path directory) {
        List<YamlNode> items = root.nonEmptyList("listeners", "needs at least one listener, e.g. - address: :8080");
        List<ListenerConfig> listeners = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        UniqueNames names = new UniqueNames();
        for (int i = 0; i < items.size(); i++) {
            String path = Problems.item("listeners", i);
            MapReader listener = MapReader.of(items.get(i), path, root.values());
            String name = names.read(listener, "listener-" + (i + 1));
            YamlNode addressNode = listener.required("address");
            HostPort address = addressNode == null
                    ? null : root.values().hostPort(addressNode, listener.pathOf("address"));
            int maxConnections = listener.wholeNumber(
                    "max_connections", ListenerConfig.DEFAULT_MAX_CONNECTIONS, 1, Integer.MAX_VALUE);
            TlsConfig tls = listener.node("tls") == null ? null
                    : TlsReader.read(listener.mapping("tls"), directory);
            boolean http2 = listener.bool("http2", true);
            int redirectHttps = listener.wholeNumber("redirect_https", 0, 1, 65535);
            if (redirectHttps != 0 && tls != null) {
                listener.report("redirect_https", "a TLS listener cannot redirect to HTTPS; remove tls or redirect_https");
            }
            listener.finish();
            if (address != null) {
                String taken = takenBy(address, listeners, paths);
                if (taken != null) {
                    listener.report("address", address + " is already taken by " + taken);
                }
                listeners.add(new ListenerConfig(name, address, maxConnections, tls, http2, redirectHttps));
                paths.add(path);
            }
        }
        return listeners;
    }

    /**
     * The earlier listener on the same port, as "listeners[0] (:8080)", or {@code null}. Two listeners
     * collide when their hosts are equal or either is all interfaces; port 0 never collides.
     */
    private static String takenBy(HostPort address, List<ListenerConfig> earlier, List<String> earlierPaths) {
        String host = address.host().toLowerCase(Locale.ROOT);
        for (int j = 0; j < earlier.size() && address.port() != 0; j++) {
            HostPort other = earlier.get(j).address();
            String otherHost = other.host().toLowerCase(Locale.ROOT);
            boolean overlaps = host.equals(otherHost)
                    || ALL_INTERFACES.contains(host) || ALL_INTERFACES.contains(otherHost);
            if (other.port() == address.port() && overlaps) {
                return earlierPaths.get(j) + " (" + other + ")";
            }
        }
        return null;
    }
}
