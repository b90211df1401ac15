package io.gatehouse.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.testing.ProxyHarness;
import io.gatehouse.testing.RawClient;
import io.gatehouse.testing.TestBackend;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Route selection by host, path, method and headers, file order, 404, strip_prefix and preserve_host. */
class RoutingIT {

    private TestBackend a;
    private TestBackend b;
    private TestBackend c;
    private ProxyHarness proxy;

    @BeforeEach
    void startBackends() throws Exception {
        a = TestBackend.start("a");
        b = TestBackend.start("b");
        c = TestBackend.start("c");
    }

    @AfterEach
    void stop() {
        if (proxy != null) {
            proxy.close();
        }
        a.close();
        b.close();
        c.close();
    }

    /** Starts the proxy with upstreams a, b and c (one backend each) and the given routes block. */
    private void routes(String routes) throws Exception {
        proxy = ProxyHarness.start("""
                listeners:
                  - address: 127.0.0.1:0
                upstreams:
                  a: {servers: [{address: 127.0.0.1:%d}]}
                  b: {servers: [{address: 127.0.0.1:%d}]}
                  c: {servers: [{address: 127.0.0.1:%d}]}
                routes:
                """.formatted(a.port(), b.port(), c.port()) + routes.stripIndent());
    }

    /** The body of a GET sent with this exact Host header (the JDK client cannot set Host). */
    private String getWithHost(String host, String target) throws Exception {
        return raw("GET " + target, "Host: " + host + "\r\n");
    }

    /** The body answered to a raw request line plus header lines (each ending in CRLF). */
    private String raw(String requestLine, String headerLines) throws Exception {
        try (RawClient client = new RawClient(proxy.port())) {
            String response = client.send(requestLine + " HTTP/1.1\r\n" + headerLines + "\r\n").readResponse();
            assertTrue(response.startsWith("HTTP/1.1 200 "), response);
            return response.substring(response.indexOf("\r\n\r\n") + 4);
        }
    }

    private String send(String method, String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(proxy.uri(path)).timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            request.headers(headers);
        }
        HttpResponse<String> response = proxy.client().send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }

    private String get(String path, String... headers) throws Exception {
        return send("GET", path, headers);
    }

    @Test
    void exactHostIgnoresPortAndCase() throws Exception {
        routes("""
                - match: {host: api.example.com}
                  upstream: a
                - match: {host: WWW.Example.COM}
                  upstream: b
                - upstream: c
                """);
        assertEquals("a GET /", getWithHost("api.example.com", "/"));
        assertEquals("b GET /", getWithHost("www.example.com", "/"));
        assertEquals("a GET /x", getWithHost("API.Example.COM:8080", "/x"));
        assertEquals("c GET /", getWithHost("web.example.com", "/"));
        assertEquals("c GET /", getWithHost("api.example.com.evil.net", "/"));
        assertEquals("c GET /", getWithHost("xapi.example.com", "/"));
    }

    @Test
    void absoluteFormTargetRoutesByItsAuthorityNotTheHostHeader() throws Exception {
        routes("""
                - match: {host: api.example.com}
                  upstream: a
                - upstream: c
                """);
        // RFC 9112 section 3.2.2: the authority of an absolute-form target replaces the Host header.
        assertEquals("a GET /x?y=1", raw("GET http://api.example.com:8080/x?y=1", "Host: other.example.com\r\n"));
        assertEquals("api.example.com:8080", a.take().header("Host"));
        assertEquals("c GET /x", raw("GET http://other.example.com/x", "Host: api.example.com\r\n"));
    }

    @Test
    void wildcardHostMatchesSubdomainsButNotTheDomainItself() throws Exception {
        routes("""
                - match: {host: "*.example.com"}
                  upstream: a
                - upstream: c
                """);
        assertEquals("a GET /", getWithHost("www.example.com", "/"));
        assertEquals("a GET /", getWithHost("Shop.EXAMPLE.com:8443", "/"));
        // Like nginx's "*.example.com": any depth of subdomain.
        assertEquals("a GET /", getWithHost("a.b.example.com", "/"));
        assertEquals("c GET /", getWithHost("example.com", "/"));
        assertEquals("c GET /", getWithHost("badexample.com", "/"));
        assertEquals("c GET /", getWithHost("www.example.com.evil.net", "/"));
    }

    @Test
    void exactPathIgnoresTheQueryOnly() throws Exception {
        routes("""
                - match: {path: /exact}
                  upstream: a
                - upstream: c
                """);
        assertEquals("a GET /exact", get("/exact"));
        assertEquals("a GET /exact?q=1", get("/exact?q=1"));
        assertEquals("c GET /exact/", get("/exact/"));
        assertEquals("c GET /exactly", get("/exactly"));
        assertEquals("c GET /Exact", get("/Exact"));
    }

    @Test
    void pathPrefixMatchesTheStartOfThePath() throws Exception {
        routes("""
                - match: {path_prefix: /api/}
                  upstream: a
                - upstream: c
                """);
        assertEquals("a GET /api/", get("/api/"));
        assertEquals("a GET /api/users/7?full=1", get("/api/users/7?full=1"));
        assertEquals("c GET /api", get("/api"));
        assertEquals("c GET /apix/", get("/apix/"));
        assertEquals("c GET /v1/api/", get("/v1/api/"));
    }

    @Test
    void pathRegexSearchesThePath() throws Exception {
        routes("""
                - match: {path_regex: "^/v[0-9]+/"}
                  upstream: a
                - match: {path_regex: "\\\\.php$"}
                  upstream: b
                - upstream: c
                """);
        assertEquals("a GET /v1/users", get("/v1/users"));
        assertEquals("a GET /v12/", get("/v12/"));
        assertEquals("c GET /vx/", get("/vx/"));
        assertEquals("c GET /x/v1/", get("/x/v1/"));
        // Unanchored patterns match anywhere in the path, as nginx's "location ~" does; the query is not part of it.
        assertEquals("b GET /blog/index.php", get("/blog/index.php"));
        assertEquals("c GET /index.php.txt", get("/index.php.txt"));
        assertEquals("c GET /page?file=x.php", get("/page?file=x.php"));
    }

    @Test
    void methodsListsTheMethodsThatMatch() throws Exception {
        routes("""
                - match: {methods: [GET, POST]}
                  upstream: a
                - upstream: c
                """);
        assertEquals("a GET /m", send("GET", "/m"));
        assertEquals("a POST /m", send("POST", "/m"));
        assertEquals("c DELETE /m", send("DELETE", "/m"));
        assertEquals("c PUT /m", send("PUT", "/m"));
    }

    @Test
    void headerMustHaveTheExactValue() throws Exception {
        routes("""
                - match: {headers: {X-Canary: "1"}}
                  upstream: a
                - upstream: c
                """);
        assertEquals("a GET /h", get("/h", "X-Canary", "1"));
        assertEquals("a GET /h", get("/h", "x-canary", "1"));
        assertEquals("c GET /h", get("/h", "X-Canary", "2"));
        assertEquals("c GET /h", get("/h", "X-Canary", "10"));
        assertEquals("c GET /h", get("/h"));
    }

    @Test
    void everyConditionMustHold() throws Exception {
        routes("""
                - match:
                    host: api.example.com
                    path_prefix: /api/
                    methods: [POST]
                    headers: {X-Canary: "1"}
                  upstream: a
                - upstream: c
                """);
        String all = "Host: api.example.com\r\nX-Canary: 1\r\nContent-Length: 0\r\n";
        assertEquals("a POST /api/x", raw("POST /api/x", all));
        assertEquals("c POST /api/x", raw("POST /api/x", all.replace("api.example.com", "web.example.com")));
        assertEquals("c POST /web/x", raw("POST /web/x", all));
        assertEquals("c PUT /api/x", raw("PUT /api/x", all));
        assertEquals("c POST /api/x", raw("POST /api/x", all.replace("X-Canary: 1\r\n", "")));
    }

    @Test
    void firstMatchInFileOrderWins() throws Exception {
        routes("""
                - match: {path_prefix: /api/}
                  upstream: a
                - match: {path_prefix: /api/users}
                  upstream: b
                - upstream: c
                """);
        assertEquals("a GET /api/users", get("/api/users"));
        assertEquals("c GET /other", get("/other"));
        assertNull(b.poll(100), "the second route must never be reached");
    }

    @Test
    void moreSpecificRouteWinsOnlyWhenItComesFirst() throws Exception {
        routes("""
                - match: {path_prefix: /api/users}
                  upstream: b
                - match: {path_prefix: /api/}
                  upstream: a
                """);
        assertEquals("b GET /api/users/1", get("/api/users/1"));
        assertEquals("a GET /api/orders", get("/api/orders"));
    }

    @Test
    void noMatchingRouteIs404WithTheRequestId() throws Exception {
        routes("""
                - match: {host: api.example.com}
                  upstream: a
                """);
        HttpResponse<String> r = proxy.get("/nowhere");
        assertEquals(404, r.statusCode());
        String id = r.headers().firstValue("X-Request-Id").orElseThrow();
        assertTrue(id.matches("[0-9a-f]{32}"), id);
        assertTrue(r.body().startsWith("404 Not Found"), r.body());
        assertTrue(r.body().contains(id), r.body());
        assertTrue(r.body().length() < 200, r.body());
        assertEquals(r.body().length(), Integer.parseInt(r.headers().firstValue("Content-Length").orElseThrow()));

        HttpResponse<String> withId = proxy.client().send(HttpRequest.newBuilder(proxy.uri("/nowhere"))
                .header("X-Request-Id", "trace-42").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(404, withId.statusCode());
        assertEquals("trace-42", withId.headers().firstValue("X-Request-Id").orElseThrow());
        assertTrue(withId.body().contains("trace-42"), withId.body());
        assertNull(a.poll(100), "nothing may be forwarded");
    }

    @Test
    void stripPrefixRemovesThePrefixAndKeepsTheQuery() throws Exception {
        routes("""
                - match: {path_prefix: /api}
                  upstream: a
                  strip_prefix: /api
                - upstream: c
                """);
        assertEquals("a GET /users", get("/api/users"));
        assertEquals("/users", a.take().uri());
        assertEquals("a GET /", get("/api"));
        assertEquals("a GET /", get("/api/"));
        assertEquals("a GET /users?sort=name&page=2", get("/api/users?sort=name&page=2"));
        assertEquals("a GET /?x=1", get("/api?x=1"));
        assertEquals("c GET /other/api", get("/other/api"));
    }

    @Test
    void stripPrefixWithTrailingSlashStillSendsAnAbsolutePath() throws Exception {
        routes("""
                - match: {path_prefix: /static/}
                  upstream: a
                  strip_prefix: /static/
                """);
        assertEquals("a GET /css/site.css", get("/static/css/site.css"));
        assertEquals("a GET /", get("/static/"));
    }

    @Test
    void preserveHostSendsTheHostAsReceivedByDefault() throws Exception {
        routes("""
                - match: {path: /default}
                  upstream: a
                - match: {path: /explicit}
                  upstream: b
                  preserve_host: true
                """);
        assertEquals("a GET /default", getWithHost("Shop.Example.com:8443", "/default"));
        assertEquals("Shop.Example.com:8443", a.take().header("Host"));
        assertEquals("b GET /explicit", getWithHost("shop.example.com", "/explicit"));
        assertEquals("shop.example.com", b.take().header("Host"));
    }

    @Test
    void preserveHostFalseSendsTheServersAddress() throws Exception {
        routes("""
                - upstream: a
                  preserve_host: false
                """);
        assertEquals("a GET /p", getWithHost("shop.example.com", "/p"));
        TestBackend.Received got = a.take();
        assertEquals("127.0.0.1:" + a.port(), got.header("Host"));
        assertEquals("shop.example.com", got.header("X-Forwarded-Host"));
    }
}
