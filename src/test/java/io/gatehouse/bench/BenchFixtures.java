package io.gatehouse.bench;

import io.gatehouse.config.ConfigException;
import io.gatehouse.config.ConfigLoader;
import io.gatehouse.config.GatehouseConfig;
import io.gatehouse.config.RouteConfig;
import io.gatehouse.pipeline.ClientInfo;
import io.gatehouse.route.Route;
import io.gatehouse.route.Router;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The configurations, request heads and response heads the microbenchmarks share, built the way
 * the proxy builds them: YAML through {@link ConfigLoader}, routes as {@code Gateway} makes them
 * (without upstream pools, which no request phase touches).
 */
final class BenchFixtures {

    /** A client on a plain HTTP listener. */
    static final ClientInfo CLIENT = ClientInfo.of(new InetSocketAddress("203.0.113.7", 51234), "http", 8080);

    private static final String HEAD = """
            listeners:
              - address: 127.0.0.1:8080
            upstreams:
              api: {servers: [127.0.0.1:4000]}
              web: {servers: [127.0.0.1:4001]}
            access_log: {path: "off"}
            routes:
            """;

    /**
     * A small, typical route table. A request to {@code /api/...} passes three routes, then
     * matches {@code api}, which strips the prefix and rewrites request and response headers.
     */
    static final String TYPICAL = HEAD + """
              - name: admin
                match: {host: admin.example.com}
                upstream: api
              - name: static
                match: {path_prefix: /static/, methods: [GET, HEAD]}
                upstream: web
              - name: versioned
                match: {path_regex: "^/v[0-9]+/"}
                upstream: api
              - name: api
                match: {path_prefix: /api/, methods: [GET, POST, PUT, DELETE]}
                upstream: api
                strip_prefix: /api
                request_headers:
                  remove: [Cookie]
                  set: {X-Env: prod}
                  add: {X-Tag: edge}
                response_headers:
                  remove: [Server]
                  set: {X-Frame-Options: DENY}
              - name: default
                upstream: web
            """;

    private BenchFixtures() {
    }

    /**
     * One hundred routes; route {@code i} has condition kind {@code i % 6}: exact host, path
     * prefix with methods, exact path, anchored path regex, path prefix with a header, wildcard
     * host with a path prefix. No route matches everything.
     */
    static String hundredRoutes() {
        StringBuilder yaml = new StringBuilder(HEAD);
        for (int i = 0; i < 100; i++) {
            String match = switch (i % 6) {
                case 0 -> "{host: svc" + i + ".example.com}";
                case 1 -> "{path_prefix: /api/v" + i + "/, methods: [GET, POST]}";
                case 2 -> "{path: /exact/" + i + "}";
                case 3 -> "{path_regex: \"^/items/" + i + "/[0-9]+$\"}";
                case 4 -> "{path_prefix: /tenant/" + i + "/, headers: {X-Tenant: t" + i + "}}";
                default -> "{host: \"*.zone" + i + ".example.com\", path_prefix: /}";
            };
            yaml.append("  - name: r").append(i).append("\n    match: ").append(match)
                    .append("\n    upstream: ").append(i % 2 == 0 ? "api" : "web").append('\n');
        }
        return yaml.toString();
    }

    static GatehouseConfig config(String yaml) {
        try {
            return ConfigLoader.parse(yaml, null);
        } catch (ConfigException e) {
            throw new IllegalStateException("benchmark config is invalid: " + e.getMessage(), e);
        }
    }

    static List<Route> routes(GatehouseConfig config) {
        List<Route> routes = new ArrayList<>();
        for (RouteConfig r : config.routes()) {
            routes.add(new Route(r, null));
        }
        return routes;
    }

    static Router router(GatehouseConfig config) {
        return new Router(routes(config));
    }

    static Route route(GatehouseConfig config, String name) {
        return routes(config).stream().filter(r -> r.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no route " + name));
    }

    /** A browser-like GET as the HTTP/1.1 decoder hands it over (validating header container). */
    static HttpRequest request(String method, String uri, String host, String... extraHeaders) {
        HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.valueOf(method), uri);
        request.headers()
                .add("Host", host)
                .add("User-Agent", "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0")
                .add("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
                .add("Accept-Language", "en-US,en;q=0.5")
                .add("Accept-Encoding", "gzip, deflate, br")
                .add("Connection", "keep-alive")
                .add("Cookie", "session=6f1c2a9e4b7d4c0f8e3a5b1d2c9f7a6e; theme=dark")
                .add("Referer", "https://www.example.com/account")
                .add("X-Forwarded-For", "198.51.100.23");
        for (int i = 0; i < extraHeaders.length; i += 2) {
            request.headers().add(extraHeaders[i], extraHeaders[i + 1]);
        }
        return request;
    }

    /** The typical request: a JSON API call that the {@code api} route of {@link #TYPICAL} serves. */
    static HttpRequest typicalRequest() {
        return request("GET", "/api/users/42/orders?page=2", "www.example.com", "Accept", "application/json");
    }

    /** A fresh, independent copy: what each benchmark operation rewrites in place. */
    static HttpRequest copy(HttpRequest template) {
        return new DefaultHttpRequest(template.protocolVersion(), template.method(), template.uri(),
                template.headers().copy());
    }

    /** A typical upstream response head, chunked, with keep-alive headers to strip. */
    static HttpResponse typicalResponse() {
        HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        response.headers()
                .add("Server", "nginx/1.22.1")
                .add("Date", "Tue, 03 Jun 2025 10:15:30 GMT")
                .add("Content-Type", "application/json; charset=utf-8")
                .add("Transfer-Encoding", "chunked")
                .add("Connection", "keep-alive")
                .add("Keep-Alive", "timeout=60")
                .add("Cache-Control", "no-store")
                .add("Vary", "Accept-Encoding")
                .add("X-Request-Id", "5d1f0c3b9a8e4f7d8c2b1a0e9f8d7c6b");
        return response;
    }

    static HttpResponse copy(HttpResponse template) {
        return new DefaultHttpResponse(template.protocolVersion(), template.status(), template.headers().copy());
    }

    /** Fails a benchmark's setup when its fixture no longer measures what its name says. */
    static void check(boolean condition, String what) {
        if (!condition) {
            throw new IllegalStateException("benchmark fixture broken: " + what);
        }
    }
}
