package io.gatehouse.upstream.balance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.config.HashKeyConfig;
import io.gatehouse.config.StickyConfig;
import io.gatehouse.pipeline.ClientInfo;
import io.gatehouse.pipeline.Exchange;
import io.gatehouse.upstream.TestServers;
import io.gatehouse.upstream.Upstream;
import io.gatehouse.upstream.UpstreamServer;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The sticky cookie: which server it names, when a response sets it, and the keys hashing reads from a request. */
class StickyCookieTest {

    private static Exchange exchange(String cookie, String scheme) {
        HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/cart?id=7");
        request.headers().set("Host", "shop.example").set("X-User", "alice");
        if (cookie != null) {
            request.headers().set("Cookie", cookie);
        }
        return new Exchange(null, null, request, ClientInfo.of(new InetSocketAddress("192.0.2.9", 5000), scheme, 80));
    }

    @Test
    void theResponseNamesTheServerAndTheNextRequestFindsIt() {
        List<UpstreamServer> servers = TestServers.weighted(1, 1, 1);
        StickyCookie sticky = new StickyCookie(new StickyConfig("gh_route", Duration.ofHours(1)));
        StickyCookie.Routes routes = StickyCookie.routes(servers);
        HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        sticky.onResponse(exchange(null, "https"), response, servers.get(2), routes);
        String setCookie = response.headers().get("Set-Cookie");
        assertTrue(setCookie.matches("gh_route=[0-9a-f]+; Path=/; Max-Age=3600; HttpOnly; SameSite=Lax; Secure"),
                setCookie);
        String value = setCookie.substring("gh_route=".length(), setCookie.indexOf(';'));
        assertEquals(servers.get(2), sticky.pinned(exchange("a=1; gh_route=" + value, "http"), routes));
    }

    @Test
    void aRequestAlreadyPinnedThereGetsNoNewCookie() {
        List<UpstreamServer> servers = TestServers.weighted(1, 1);
        StickyCookie sticky = new StickyCookie(new StickyConfig("gh_route", null));
        StickyCookie.Routes routes = StickyCookie.routes(servers);
        HttpResponse first = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        sticky.onResponse(exchange(null, "http"), first, servers.get(0), routes);
        String cookie = first.headers().get("Set-Cookie");
        assertTrue(cookie.endsWith("; Path=/; HttpOnly; SameSite=Lax"), "a session cookie over http: " + cookie);
        HttpResponse again = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        sticky.onResponse(exchange(cookie.substring(0, cookie.indexOf(';')), "http"), again, servers.get(0), routes);
        assertNull(again.headers().get("Set-Cookie"));
    }

    @Test
    void anUnknownValuePinsNothing() {
        StickyCookie sticky = new StickyCookie(new StickyConfig("gh_route", null));
        assertNull(sticky.pinned(exchange("gh_route=feedface", "http"), StickyCookie.routes(TestServers.weighted(1))));
        assertNull(sticky.pinned(exchange(null, "http"), StickyCookie.routes(TestServers.weighted(1))));
    }

    @Test
    void hashKeysComeFromTheRequest() {
        Exchange e = exchange("session=s-42", "http");
        assertEquals("/cart?id=7", HashKey.of(new HashKeyConfig(HashKeyConfig.Kind.URI, null)).from(e));
        assertEquals("192.0.2.9", HashKey.CLIENT_IP.from(e));
        assertEquals("alice", HashKey.of(new HashKeyConfig(HashKeyConfig.Kind.HEADER, "x-user")).from(e));
        assertEquals("s-42", HashKey.of(new HashKeyConfig(HashKeyConfig.Kind.COOKIE, "session")).from(e));
        assertNull(HashKey.of(new HashKeyConfig(HashKeyConfig.Kind.HEADER, "X-Missing")).from(e));
    }

    @Test
    void requestsWithoutAKeyAreSpreadRoundRobin() {
        List<UpstreamServer> servers = TestServers.weighted(1, 1);
        ConsistentHash ring = new ConsistentHash(servers,
                HashKey.of(new HashKeyConfig(HashKeyConfig.Kind.HEADER, "X-Missing")));
        UpstreamServer a = ring.choose(exchange(null, "http"), Upstream.AVAILABLE);
        UpstreamServer b = ring.choose(exchange(null, "http"), Upstream.AVAILABLE);
        assertTrue(a != b, "alternates");
    }
}
