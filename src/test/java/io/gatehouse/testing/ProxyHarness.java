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

    /** A one-route proxy in front of one server, with extra top-level YAML appended. */
    public static ProxyHarness inFrontOf(int backendPort, String extraYaml) throws Exception {
        return start("""
                listeners:
                  - address: 127.0.0.1:0
                upstreams:
                  backend:
                    servers:
                      - address: 127.0.0.1:%d
                routes:
                  - upstream: backend
                """.formatted(backendPort) + extraYaml);
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
