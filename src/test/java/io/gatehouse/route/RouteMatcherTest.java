package io.gatehouse.route;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.config.HeaderRulesConfig;
import io.gatehouse.config.MatchConfig;
import io.gatehouse.config.RouteConfig;
import io.gatehouse.pipeline.ClientInfo;
import io.gatehouse.pipeline.Exchange;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Match conditions of one route, and the router's first-match rule, without a network. */
class RouteMatcherTest {

    private static final ClientInfo CLIENT = ClientInfo.of(new InetSocketAddress("127.0.0.1", 40000), "http", 8080);

    private static Exchange exchange(String method, String uri, String host, String... headers) {
        HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.valueOf(method), uri);
        if (host != null) {
            request.headers().set("Host", host);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.headers().add(headers[i], headers[i + 1]);
        }
        return new Exchange(null, null, request, CLIENT);
    }

    private static Exchange get(String uri) {
        return exchange("GET", uri, "example.com");
    }

    private static Exchange host(String host) {
        return exchange("GET", "/", host);
    }

    private static RouteMatcher matcher(String host, String path, String prefix, String regex,
                                        List<String> methods, Map<String, String> headers) {
        return RouteMatcher.compile(new MatchConfig(host, path, prefix, regex == null ? null : Pattern.compile(regex),
                methods, headers));
    }

    private static RouteMatcher hostIs(String host) {
        return matcher(host, null, null, null, List.of(), Map.of());
    }

    @Test
    void noConditionsMatchEverything() {
        assertTrue(RouteMatcher.compile(null).matches(get("/anything")));
        assertTrue(RouteMatcher.compile(MatchConfig.ALL).matches(exchange("DELETE", "/", null)));
    }

    @Test
    void exactHostIsComparedWithoutPortAndCase() {
        RouteMatcher m = hostIs("api.example.com");
        assertTrue(m.matches(host("api.example.com")));
        assertTrue(m.matches(host("API.Example.Com:8443")));
        assertTrue(m.matches(host("api.example.com.")), "a fully qualified name with the root dot");
        assertFalse(m.matches(host("www.example.com")));
        assertFalse(m.matches(host("api.example.com.evil")));
        assertFalse(m.matches(host(null)), "an HTTP/1.0 request without Host");
    }

    @Test
    void wildcardHostNeedsAtLeastOneMoreLabel() {
        RouteMatcher m = hostIs("*.example.com");
        assertTrue(m.matches(host("www.example.com")));
        assertTrue(m.matches(host("a.b.example.com:80")));
        assertTrue(m.matches(host("WWW.EXAMPLE.COM")));
        assertFalse(m.matches(host("example.com")));
        assertFalse(m.matches(host(".example.com")));
        assertFalse(m.matches(host("badexample.com")));
        assertFalse(m.matches(host("www.example.com.evil")));
        assertFalse(m.matches(host(null)));
    }

    @Test
    void ipv6HostIsComparedWithoutPort() {
        RouteMatcher m = hostIs("[::1]");
        assertTrue(m.matches(host("[::1]:8080")));
        assertTrue(m.matches(host("[::1]")));
        assertFalse(m.matches(host("[::2]")));
    }

    @Test
    void pathConditionsIgnoreTheQuery() {
        RouteMatcher exact = matcher(null, "/exact", null, null, List.of(), Map.of());
        assertTrue(exact.matches(get("/exact")));
        assertTrue(exact.matches(get("/exact?a=1")));
        assertFalse(exact.matches(get("/exact/")));
        assertFalse(exact.matches(get("/EXACT")));

        RouteMatcher prefix = matcher(null, null, "/api/", null, List.of(), Map.of());
        assertTrue(prefix.matches(get("/api/")));
        assertTrue(prefix.matches(get("/api/x?y")));
        assertFalse(prefix.matches(get("/api")));
        assertFalse(prefix.matches(get("/x?/api/")));

        RouteMatcher regex = matcher(null, null, null, "^/v[0-9]+/", List.of(), Map.of());
        assertTrue(regex.matches(get("/v2/users")));
        assertFalse(regex.matches(get("/x/v2/")));
        assertFalse(regex.matches(get("/?/v2/")));
        assertTrue(matcher(null, null, null, "\\.php$", List.of(), Map.of()).matches(get("/a/b.php?x=1")));
    }

    @Test
    void methodsAreCaseSensitive() {
        RouteMatcher m = matcher(null, null, null, null, List.of("GET", "POST"), Map.of());
        assertTrue(m.matches(exchange("GET", "/", "h")));
        assertTrue(m.matches(exchange("POST", "/", "h")));
        assertFalse(m.matches(exchange("HEAD", "/", "h")));
        assertFalse(m.matches(exchange("get", "/", "h")), "methods are case-sensitive (RFC 9110 9.1)");
    }

    @Test
    void headersNeedTheExactValueUnderAnyNameCase() {
        RouteMatcher m = matcher(null, null, null, null, List.of(), Map.of("X-Canary", "1", "X-Team", "blue"));
        assertTrue(m.matches(exchange("GET", "/", "h", "x-canary", "1", "X-TEAM", "blue")));
        assertFalse(m.matches(exchange("GET", "/", "h", "X-Canary", "1")));
        assertFalse(m.matches(exchange("GET", "/", "h", "X-Canary", "1 ", "X-Team", "blue")));
        assertFalse(m.matches(exchange("GET", "/", "h", "X-Canary", "2", "X-Team", "blue")));
        assertFalse(m.matches(exchange("GET", "/", "h", "X-Canary", "1", "X-Team", "Blue")));
    }

    @Test
    void everyConditionMustHold() {
        RouteMatcher m = matcher("*.example.com", null, "/api/", null, List.of("PUT"), Map.of("X-Canary", "1"));
        assertTrue(m.matches(exchange("PUT", "/api/x", "a.example.com", "X-Canary", "1")));
        assertFalse(m.matches(exchange("PUT", "/api/x", "example.com", "X-Canary", "1")));
        assertFalse(m.matches(exchange("PUT", "/web/x", "a.example.com", "X-Canary", "1")));
        assertFalse(m.matches(exchange("GET", "/api/x", "a.example.com", "X-Canary", "1")));
        assertFalse(m.matches(exchange("PUT", "/api/x", "a.example.com")));
    }

    @Test
    void routerReturnsTheFirstMatchInOrderOrNull() {
        Route api = route(new MatchConfig(null, null, "/api/", null, List.of(), Map.of()));
        Route users = route(new MatchConfig(null, null, "/api/users", null, List.of(), Map.of()));
        Route web = route(new MatchConfig("www.example.com", null, null, null, List.of(), Map.of()));
        Router router = new Router(List.of(api, users, web));
        assertSame(api, router.match(get("/api/users")));
        assertSame(users, new Router(List.of(users, api)).match(get("/api/users")));
        assertSame(web, router.match(exchange("GET", "/", "www.example.com")));
        assertNull(router.match(get("/other")));
        assertNull(new Router(List.of()).match(get("/")));
    }

    private static Route route(MatchConfig match) {
        return new Route(new RouteConfig("r", match, "u", null, true, HeaderRulesConfig.NONE, HeaderRulesConfig.NONE),
                null);
    }
}
