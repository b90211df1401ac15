package io.gatehouse.testing;

import io.gatehouse.config.ConfigLoader;
import io.gatehouse.config.GatehouseConfig;
import io.gatehouse.server.GatehouseServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The real proxy, started in this JVM from a YAML config on an ephemeral port. Write
 * {@code address: 127.0.0.1:0} for the listener; backends' ports go in with String.format.
 */
public final class ProxyHarness implements AutoCloseable {

    private final GatehouseServer server;
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private ProxyHarness(GatehouseServer server) {
        this.server = server;
    }

    /** Starts a proxy from YAML text; access_log defaults to off unless the YAML says otherwise. */
    public static ProxyHarness start(String yaml) throws Exception {
        String text = yaml.contains("access_log:") ? yaml : yaml + "\naccess_log: {path: \"off\"}\n";
        GatehouseConfig config = ConfigLoader.parse(text, Path.of("test.yaml"));
        return new ProxyHarness(GatehouseServer.start(config));
    }

    /** A one-route proxy in front of one server (upstream {@code backend}), with extra top-level YAML appended. */
    public static ProxyHarness inFrontOf(int backendPort, String extraYaml) throws Exception {
        return withRoute(backendPort, "", extraYaml);
    }

    /**
     * As {@link #inFrontOf(int, String)}, with {@code routeYaml} as more keys of the one route, written from
     * column 0 (such as "match: {path_prefix: /ok/}" or request_headers:).
     */
    public static ProxyHarness withRoute(int backendPort, String routeYaml, String extraYaml) throws Exception {
        return start(config("", "backend", "servers: [127.0.0.1:" + backendPort + "]", routeYaml) + extraYaml);
    }

    /**
     * As {@link #inFrontOf(int, String)}, with {@code listenerYaml} as more keys of the one listener, written
     * from column 0 (such as "tls: {...}" or "max_connections: 5").
     */
    public static ProxyHarness withListener(int backendPort, String listenerYaml, String extraYaml) throws Exception {
        return start(config(listenerYaml, "backend", "servers: [127.0.0.1:" + backendPort + "]", "") + extraYaml);
    }

    /**
     * A one-route proxy in front of {@code servers}, which form upstream {@code api} in this order;
     * {@code upstreamOptions} are more keys of that upstream, one a line ("retries: {...}", or "" for none).
     */
    public static ProxyHarness inFrontOf(String upstreamOptions, TestBackend... servers) throws Exception {
        List<String> addresses = new ArrayList<>();
        for (TestBackend server : servers) {
            addresses.add("127.0.0.1:" + server.port());
        }
        return withUpstream("api", "servers: [" + String.join(", ", addresses) + "]\n" + upstreamOptions);
    }

    /**
     * A proxy with one listener on 127.0.0.1:0 and one route that sends everything to upstream {@code name};
     * {@code upstreamYaml} holds that upstream's keys (servers: and any others), written from column 0.
     */
    public static ProxyHarness withUpstream(String name, String upstreamYaml) throws Exception {
        return withUpstream(name, upstreamYaml, "");
    }

    /** As {@link #withUpstream(String, String)}, with top-level YAML (limits:, timeouts:, ...) appended. */
    public static ProxyHarness withUpstream(String name, String upstreamYaml, String topLevelYaml) throws Exception {
        return start(config("", name, upstreamYaml, "") + topLevelYaml);
    }

    /**
     * One listener on 127.0.0.1:0, upstream {@code name} and one route to it, each with the given keys
     * (written from column 0, "" for none).
     */
    private static String config(String listenerYaml, String name, String upstreamYaml, String routeYaml) {
        return "listeners:\n  - address: 127.0.0.1:0\n" + listenerYaml.indent(4)
                + "upstreams:\n  " + name + ":\n" + upstreamYaml.indent(4)
                + "routes:\n  - upstream: " + name + "\n" + routeYaml.indent(4);
    }

    public int port() {
        return port(0);
    }

    public int port(int listener) {
        return server.boundAddresses().get(listener).getPort();
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port() + path);
    }

    public HttpClient client() {
        return client;
    }

    /** GET through the proxy, body as a string. */
    public HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    public GatehouseServer server() {
        return server;
    }

    @Override
    public void close() {
        server.shutdown(Duration.ofSeconds(1));
    }
}
