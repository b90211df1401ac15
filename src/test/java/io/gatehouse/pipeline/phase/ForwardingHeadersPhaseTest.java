package io.gatehouse.pipeline.phase;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.gatehouse.pipeline.ClientInfo;
import io.gatehouse.pipeline.Exchange;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The forwarding headers the phase writes, and RFC 7239 quoting of {@code Forwarded} elements. */
class ForwardingHeadersPhaseTest {

    @Test
    void ipv4AndTokenHostAreBare() {
        assertEquals("for=192.0.2.43;host=example.com;proto=http",
                ForwardingHeadersPhase.forwardedElement("192.0.2.43", "example.com", "http"));
    }

    @Test
    void ipv6IsBracketedAndQuoted() {
        // RFC 7239 section 6: an IPv6 node is "[" IPv6 "]", and ":" and "[" force a quoted-string.
        assertEquals("for=\"[::1]\";proto=https", ForwardingHeadersPhase.forwardedElement("::1", null, "https"));
        assertEquals("for=\"[2001:db8:cafe:0:0:0:0:17]\";host=example.com;proto=http",
                ForwardingHeadersPhase.forwardedElement("2001:db8:cafe:0:0:0:0:17", "example.com", "http"));
    }

    @Test
    void hostWithPortOrBracketsIsQuoted() {
        assertEquals("for=10.0.0.1;host=\"example.com:8080\";proto=http",
                ForwardingHeadersPhase.forwardedElement("10.0.0.1", "example.com:8080", "http"));
        assertEquals("for=10.0.0.1;host=\"[::1]:8443\";proto=https",
                ForwardingHeadersPhase.forwardedElement("10.0.0.1", "[::1]:8443", "https"));
    }

    @Test
    void quotedHostEscapesQuoteAndBackslash() {
        assertEquals("for=10.0.0.1;host=\"a\\\"b\\\\c\";proto=http",
                ForwardingHeadersPhase.forwardedElement("10.0.0.1", "a\"b\\c", "http"));
    }

    @Test
    void missingOrEmptyHostIsLeftOut() {
        assertEquals("for=10.0.0.1;proto=http", ForwardingHeadersPhase.forwardedElement("10.0.0.1", null, "http"));
        assertEquals("for=10.0.0.1;proto=http", ForwardingHeadersPhase.forwardedElement("10.0.0.1", "", "http"));
    }

    @Test
    void appendedJoinsEveryEarlierLine() {
        assertEquals("x", ForwardingHeadersPhase.appended(List.of(), "x"));
        assertEquals("a, b, c, x", ForwardingHeadersPhase.appended(List.of("a, b", "c"), "x"));
    }

    @Test
    void phaseAppendsAndOverwritesOnTheRequest() {
        HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/");
        request.headers()
                .set("Host", "shop.example.com")
                .add("X-Forwarded-For", "203.0.113.1")
                .add("X-Forwarded-For", "203.0.113.2")
                .set("X-Real-IP", "6.6.6.6")
                .set("X-Forwarded-Proto", "https")
                .set("X-Forwarded-Host", "evil.example")
                .set("X-Forwarded-Port", "1")
                .set("Forwarded", "for=unknown")
                .set("Via", "1.0 fred");
        ClientInfo client = ClientInfo.of(new InetSocketAddress("0:0:0:0:0:0:0:1", 40000), "https", 8443);
        new ForwardingHeadersPhase().onRequest(new Exchange(null, null, request, client));

        HttpHeaders h = request.headers();
        assertEquals(List.of("203.0.113.1, 203.0.113.2, 0:0:0:0:0:0:0:1"), h.getAll("X-Forwarded-For"));
        assertEquals(List.of("0:0:0:0:0:0:0:1"), h.getAll("X-Real-IP"));
        assertEquals(List.of("https"), h.getAll("X-Forwarded-Proto"));
        assertEquals(List.of("shop.example.com"), h.getAll("X-Forwarded-Host"));
        assertEquals(List.of("8443"), h.getAll("X-Forwarded-Port"));
        assertEquals(List.of("for=unknown, for=\"[0:0:0:0:0:0:0:1]\";host=shop.example.com;proto=https"),
                h.getAll("Forwarded"));
        assertEquals(List.of("1.0 fred, 1.1 gatehouse"), h.getAll("Via"));
    }

    @Test
    void phaseDropsAClientXForwardedHostWhenThereIsNoHost() {
        HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_0, HttpMethod.GET, "/");
        request.headers().set("X-Forwarded-Host", "evil.example");
        ClientInfo client = ClientInfo.of(new InetSocketAddress("127.0.0.1", 40000), "http", 80);
        new ForwardingHeadersPhase().onRequest(new Exchange(null, null, request, client));

        assertNull(request.headers().get("X-Forwarded-Host"));
        assertEquals("for=127.0.0.1;proto=http", request.headers().get("Forwarded"));
        // Via names the hop as HTTP/1.1 whatever the client spoke.
        assertEquals("1.1 gatehouse", request.headers().get("Via"));
    }

    @Test
    void requestsOnOneConnectionGetTheElementOfTheirOwnHost() {
        ClientInfo client = ClientInfo.of(new InetSocketAddress("192.0.2.8", 40000), "http", 80);
        ForwardingHeadersPhase phase = new ForwardingHeadersPhase();
        String[] hosts = {"a.example", "a.example", "b.example", null, "a.example"};
        for (String host : hosts) {
            HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/");
            if (host != null) {
                request.headers().set("Host", host);
            }
            phase.onRequest(new Exchange(null, null, request, client));
            assertEquals(host == null ? "for=192.0.2.8;proto=http" : "for=192.0.2.8;host=" + host + ";proto=http",
                    request.headers().get("Forwarded"));
        }
    }
}
