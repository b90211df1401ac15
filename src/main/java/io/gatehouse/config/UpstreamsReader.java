package io.gatehouse.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads {@code upstreams}: named groups of servers, with their pool settings, timeouts and TLS;
 * {@link UpstreamPolicyReader} reads how servers are chosen, checked and retried.
 */
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
        UpstreamConfig.Balance balance = UpstreamPolicyReader.balance(upstream);
        HashKeyConfig hashKey = UpstreamPolicyReader.hashKey(upstream, balance);
        checkSlowStart(upstream, items, balance);
        Duration resolve = resolve(upstream, servers);
        UpstreamConfig config = new UpstreamConfig(name, servers, keepalive, idleTimeout, timeoutsConfig, tls,
                balance, hashKey, UpstreamPolicyReader.sticky(upstream), UpstreamPolicyReader.healthCheck(upstream),
                UpstreamPolicyReader.retries(upstream), UpstreamPolicyReader.outlierDetection(upstream),
                UpstreamPolicyReader.queue(upstream), resolve);
        upstream.finish();
        return config;
    }

    /** Hashing ignores weights that change over time, so slow_start cannot work with it. */
    private static void checkSlowStart(MapReader upstream, List<YamlNode> items, UpstreamConfig.Balance balance) {
        if (balance != UpstreamConfig.Balance.HASH && balance != UpstreamConfig.Balance.IP_HASH) {
            return;
        }
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i) instanceof YamlNode.Mapping server && server.entries().containsKey("slow_start")) {
                YamlNode value = server.entries().get("slow_start").value();
                upstream.values().report(value, Problems.item(upstream.pathOf("servers"), i) + ".slow_start",
                        "has no effect with balance " + balance.name().toLowerCase(Locale.ROOT)
                                + ", which keeps each key on its server; remove it");
            }
        }
    }

    /** {@code resolve}: only meaningful when some server is a host name. */
    private static Duration resolve(MapReader upstream, List<ServerConfig> servers) {
        Duration resolve = upstream.duration("resolve", null, false);
        if (resolve != null && !servers.isEmpty() && servers.stream().allMatch(s -> s.address().isIpLiteral())) {
            upstream.report("resolve", "applies to servers given by host name, and every server here is an"
                    + " IP address; remove it");
            return null;
        }
        return resolve;
    }

    /** A server is a mapping with its address and options or, in short, just its address. */
    private static ServerConfig server(YamlNode node, String path, Values values) {
        if (node instanceof YamlNode.Scalar && !node.isNull()) {
            return address(node, path, values, new ServerConfig(null, ServerConfig.DEFAULT_WEIGHT, false));
        }
        MapReader server = MapReader.of(node, path, values);
        YamlNode addressNode = server.required("address");
        ServerConfig options = new ServerConfig(null,
                server.wholeNumber("weight", ServerConfig.DEFAULT_WEIGHT, 1, Integer.MAX_VALUE),
                false,
                server.wholeNumber("max_fails", ServerConfig.DEFAULT_MAX_FAILS, 0, Integer.MAX_VALUE),
                server.duration("fail_timeout", ServerConfig.DEFAULT_FAIL_TIMEOUT, false),
                server.wholeNumber("max_connections", 0, 0, Integer.MAX_VALUE),
                server.duration("slow_start", Duration.ZERO, true),
                server.bool("backup", false),
                server.bool("down", false));
        if (options.backup() && options.down()) {
            server.report("down", "a server is either backup or down; remove one of them");
        }
        server.finish();
        return addressNode == null ? null : address(addressNode, server.pathOf("address"), values, options);
    }

    /**
     * Reads {@code host:port}, {@code http://host[:port]} or {@code https://host[:port]} (port 80 or
     * 443 when left out) into a server with the other settings of {@code options}; {@code null}
     * when the address is reported as wrong.
     */
    private static ServerConfig address(YamlNode node, String path, Values values, ServerConfig options) {
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
        return isUsable(address, node, path, values)
                ? new ServerConfig(address, options.weight(), tls, options.maxFails(), options.failTimeout(),
                        options.maxConnections(), options.slowStart(), options.backup(), options.down())
                : null;
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
