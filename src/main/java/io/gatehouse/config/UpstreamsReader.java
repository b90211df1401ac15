package io.gatehouse.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Reads {@code upstreams}: named groups of servers, with their pool settings, timeouts and TLS. */
final class UpstreamsReader {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]+");

    private UpstreamsReader() {}

    /** The upstreams in file order; {@code directory} resolves relative TLS file paths, or is {@code null}. */
    static Map<String, UpstreamConfig> read(MapReader root, Path directory) {
        MapReader upstreams = root.mapping("upstreams");
        Map<String, UpstreamConfig> result = new LinkedHashMap<>();
        for (YamlNode.Entry entry : upstreams.entries()) {
            String name = entry.key();
            String path = upstreams.pathOf(name);
            if (!NAME.matcher(name).matches()) {
                upstreams.values().problems().add(entry.keyMark(), path,
                        "an upstream name may use only letters, digits, \"_\", \".\" and \"-\"");
            }
            result.put(name, upstream(name, MapReader.of(entry.value(), path, upstreams.values()), directory));
        }
        return result;
    }

    private static UpstreamConfig upstream(String name, MapReader upstream, Path directory) {
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
        UpstreamTlsConfig tls = UpstreamTlsConfig.DEFAULTS;
        if (upstream.node("tls") != null) {
            tls = UpstreamTlsReader.read(upstream.mapping("tls"), directory);
            if (!servers.isEmpty() && servers.stream().noneMatch(ServerConfig::tls)) {
                upstream.report("tls", "applies to https:// servers only, and this upstream has none;"
                        + " write the servers as https://host:port");
            }
        }
        upstream.finish();
        return new UpstreamConfig(name, servers, keepalive, idleTimeout, timeoutsConfig, tls);
    }

    /** A server is {@code {address, weight}} or, in short, just its address. */
    private static ServerConfig server(YamlNode node, String path, Values values) {
        if (node instanceof YamlNode.Scalar && !node.isNull()) {
            return server(node, path, values, ServerConfig.DEFAULT_WEIGHT);
        }
        MapReader server = MapReader.of(node, path, values);
        YamlNode addressNode = server.required("address");
        int weight = server.wholeNumber("weight", ServerConfig.DEFAULT_WEIGHT, 1, Integer.MAX_VALUE);
        server.finish();
        return addressNode == null ? null : server(addressNode, server.pathOf("address"), values, weight);
    }

    /**
     * Reads {@code host:port}, {@code http://host[:port]} or {@code https://host[:port]} (port 80 or
     * 443 when left out); {@code null} when the address is reported as wrong.
     */
    private static ServerConfig server(YamlNode node, String path, Values values, int weight) {
        String text = values.text(node, path);
        if (text == null) {
            return null;
        }
        boolean tls = text.startsWith("https://");
        String rest = text;
        if (tls || text.startsWith("http://")) {
            rest = text.substring(text.indexOf("://") + 3);
            rest = rest.endsWith("/") ? rest.substring(0, rest.length() - 1) : rest;
            if (rest.indexOf('/') >= 0) {
                values.report(node, path, '"' + text + "\": a server address has no path; remove \""
                        + rest.substring(rest.indexOf('/')) + '"');
                return null;
            }
            rest = rest.endsWith("]") || rest.indexOf(':') < 0 ? rest + (tls ? ":443" : ":80") : rest;
        } else if (text.contains("://")) {
            values.report(node, path, '"' + text + "\": a server address is host:port, http://host:port"
                    + " or https://host:port");
            return null;
        }
        HostPort address;
        try {
            address = HostPort.parse(rest);
        } catch (IllegalArgumentException e) {
            values.report(node, path, e.getMessage());
            return null;
        }
        return isUsable(address, node, path, values) ? new ServerConfig(address, weight, tls) : null;
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
