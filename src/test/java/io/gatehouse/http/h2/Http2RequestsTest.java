package io.gatehouse.http.h2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Headers;
import java.util.List;
import org.junit.jupiter.api.Test;

/** HTTP/2 request heads as the HTTP/1.1 messages the exchange logic serves (RFC 9113 section 8.3.1). */
class Http2RequestsTest {

    private static Http2Headers get(String path) {
        return new DefaultHttp2Headers().method("GET").scheme("https").path(path).authority("example.com:8443");
    }

    @Test
    void pseudoHeadersBecomeTheRequestLineAndHost() {
        HttpRequest request = Http2Requests.toHttp1(get("/a?b=c").add("accept", "text/plain"), true);

        assertEquals(HttpMethod.GET, request.method());
        assertEquals("/a?b=c", request.uri());
        assertEquals(HttpVersion.HTTP_1_1, request.protocolVersion());
        HttpHeaders headers = request.headers();
        assertEquals("example.com:8443", headers.get("host"));
        assertEquals("text/plain", headers.get("accept"));
        assertEquals(2, headers.size(), headers.toString());
    }

    @Test
    void authorityWinsOverAHostField() {
        HttpRequest request = Http2Requests.toHttp1(get("/").add("host", "other.example"), true);

        assertEquals(List.of("example.com:8443"), request.headers().getAll("host"));
    }

    @Test
    void cookieFieldsAreJoinedIntoOne() {
        HttpRequest request = Http2Requests.toHttp1(get("/").add("cookie", "a=1").add("cookie", "b=2"), true);

        assertEquals(List.of("a=1; b=2"), request.headers().getAll("cookie"));
    }

    @Test
    void aBodyOfUnknownLengthIsChunkedAndOneOfKnownLengthIsNot() {
        assertEquals("chunked", Http2Requests.toHttp1(get("/").method("POST"), false).headers().get("transfer-encoding"));
        HttpHeaders known = Http2Requests.toHttp1(get("/").method("POST").add("content-length", "5"), false).headers();
        assertNull(known.get("transfer-encoding"));
        assertFalse(Http2Requests.toHttp1(get("/"), true).headers().contains("transfer-encoding"));
    }

    @Test
    void connectTargetsTheAuthority() {
        Http2Headers connect = new DefaultHttp2Headers().method("CONNECT").authority("db.internal:5432");

        assertEquals("db.internal:5432", Http2Requests.toHttp1(connect, true).uri());
    }

    @Test
    void aMethodThatIsNoTokenIsRefused() {
        Http2Headers spaced = new DefaultHttp2Headers(false).method("GE T").scheme("https").path("/").authority("example.com");

        assertThrows(IllegalArgumentException.class, () -> Http2Requests.toHttp1(spaced, true));
    }

    @Test
    void aPathThatIsNotAnAbsolutePathIsRefused() {
        // An absolute URI would otherwise give its host to the request, whatever :authority says.
        for (String path : new String[] {"http://admin.internal/secret", "https://admin.internal", "echo", "*"}) {
            assertThrows(IllegalArgumentException.class, () -> Http2Requests.toHttp1(get(path), true), path);
        }
        assertEquals("*", Http2Requests.toHttp1(get("*").method("OPTIONS"), true).uri());
        assertEquals("//admin.internal/secret", Http2Requests.toHttp1(get("//admin.internal/secret"), true).uri());
    }

    @Test
    void aValueEndingInWhitespaceIsRefusedInHeadersAndTrailers() {
        for (String value : new String[] {"v ", "v\t"}) {
            assertThrows(IllegalArgumentException.class, () -> Http2Requests.toHttp1(get("/").add("x-a", value), true));
            assertThrows(IllegalArgumentException.class,
                    () -> Http2Requests.trailersToHttp1(new DefaultHttp2Headers().add("x-a", value)));
        }
        assertEquals("v w", Http2Requests.toHttp1(get("/").add("x-a", "v w"), true).headers().get("x-a"));
    }

    @Test
    void trailersLoseNothingButPseudoHeaders() {
        HttpHeaders trailers = Http2Requests.trailersToHttp1(new DefaultHttp2Headers().add("x-checksum", "abc"));

        assertEquals("abc", trailers.get("x-checksum"));
        assertEquals(1, trailers.size());
    }
}
