package io.gatehouse.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Reads {@code upstreams}: named groups of servers, with their pool settings and timeouts. */
final class UpstreamsReader {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]+");

    private UpstreamsReader() {}

    /** The upstreams in file order. */
    static Map<String, UpstreamConfig> read(MapReader root) {
        MapReader upstreams = root.mapping("upstreams");
        Map<String, UpstreamConfig> result = new LinkedHashMap<>();
        for (YamlNode.Entry entry : upstreams.entries()) {
            String name = entry.key();
            String path = upstreams.pathOf(name);
            if (!NAME.matcher(name).matches()) {
                upstreams.values().problems().add(entry.keyMark(), path,
                        "an upstream name may use only letters, digits, \"_\", \".\" and \"-\"");
            }
            result.put(name, upstream(name, MapReader.of(entry.value(), path, upstreams.values())));
        }
        return result;
    }

    private static UpstreamConfig upstream(String name, MapReader upstream) {
        List<ServerConfig> servers = new ArrayList<>();
        List<YamlNode> items = upstream.nonEmptyList("servers", "needs at least one server, e.g. - 127.0.0.1:4000");
        for (int i = 0; i < items.size(); i++) {
            String path = Problems.item(upstream.pathOf("servers"), i);
            ServerConfig server = server(items.get(i), path, upstream.values());
            if (server != null) {
                servers.add(server);
            }
        }
        int keepalive = upstream.wholeNumber("keepalive", UpstreamConfig.DEFAULT_KEEPALIVE, 0, Integer.MAX_VALUE);
        Duration idleTimeout = upstream.duration("idle_timeout", UpstreamConfig.DEFAULT_IDLE_TIMEOUT, false);
        MapReader timeouts = upstream.mapping("timeouts");
        UpstreamTimeoutsConfig defaults = UpstreamTimeoutsConfig.DEFAULTS;
        UpstreamTimeoutsConfig timeoutsConfig = new UpstreamTimeoutsConfig(
                timeouts.duration("connect", defaults.connect(), false),
                timeouts.duration("read", defaults.read(), false),
                timeouts.duration("send", defaults.send(), false));
        timeouts.finish();
        upstream.finish();
        return new UpstreamConfig(name, servers, keepalive, idleTimeout, timeoutsConfig);
    }

    /** A server is {@code {address, weight}} or, in short, just its address. */
    private static ServerConfig server(YamlNode node, String path, Values values) {
        if (node instanceof YamlNode.Scalar && !node.isNull()) {
            HostPort address = values.hostPort(node, path);
            return isUsable(address, node, path, values)
                    ? new ServerConfig(address, ServerConfig.DEFAULT_WEIGHT) : null;
        }
        MapReader server = MapReader.of(node, path, values);
        YamlNode addressNode = server.required("address");
        HostPort address = addressNode == null ? null : values.hostPort(addressNode, server.pathOf("address"));
        int weight = server.wholeNumber("weight", ServerConfig.DEFAULT_WEIGHT, 1, Integer.MAX_VALUE);
        server.finish();
        return isUsable(address, addressNode, server.pathOf("address"), values)
                ? new ServerConfig(address, weight) : null;
    }

    /** A server address needs a host and a real port; {@code address} is null when already reported. */
    private static boolean isUsable(HostPort address, YamlNode node, String path, Values values) {
        if (address == null) {
            return false;
        }
        if (address.host().isEmpty()) {
            values.report(node, path, '"' + address.toString() + "\" needs a host, e.g. 127.0.0.1" + address);
            return false;
        }
        if (address.port() == 0) {
            values.report(node, path, "a server needs a port from 1 to 65535, got 0");
            return false;
        }
        return true;
    }
}
