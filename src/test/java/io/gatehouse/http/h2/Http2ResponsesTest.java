package io.gatehouse.http.h2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.util.AsciiString;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Response heads and trailers as HTTP/2 fields. */
class Http2ResponsesTest {

    @Test
    void namesAreLowerCasedAndUsualOnesAreTheSharedConstants() {
        assertSame(HttpHeaderNames.CONTENT_TYPE, Http2Responses.lowerCase(new AsciiString("Content-Type")));
        assertSame(HttpHeaderNames.SET_COOKIE, Http2Responses.lowerCase("SET-COOKIE"));
        assertEquals(new AsciiString("x-custom-thing"), Http2Responses.lowerCase(new AsciiString("X-Custom-Thing")));
        assertEquals(new AsciiString("content-typo"), Http2Responses.lowerCase("Content-Typo"));
    }

    @Test
    void theHeadKeepsEveryFieldInOrderExceptConnectionSpecificOnes() {
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CREATED);
        head.headers().add("Content-Type", "text/plain").add("Set-Cookie", "a=1").add("set-cookie", "b=2")
                .add("Transfer-Encoding", "chunked").add("Keep-Alive", "timeout=5").add("Upgrade", "h2c")
                .add("X-Thing", "Mixed Case Value");

        Http2Headers h2 = Http2Responses.head(head);

        assertEquals("201", h2.status().toString());
        assertEquals(List.of(":status=201", "content-type=text/plain", "set-cookie=a=1", "set-cookie=b=2",
                "x-thing=Mixed Case Value"), fields(h2));
    }

    @Test
    void aConnectionHeaderAlsoDropsTheFieldsItNames() {
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers().add("Connection", "x-hop").add("X-Hop", "1").add("X-Kept", "2");

        assertEquals(List.of(":status=200", "x-kept=2"), fields(Http2Responses.head(head)));
    }

    @Test
    void trailersCarryNoStatus() {
        HttpHeaders trailers = new DefaultHttpHeaders().add("Grpc-Status", "0").add("grpc-message", "ok");

        assertEquals(List.of("grpc-status=0", "grpc-message=ok"), fields(Http2Responses.trailers(trailers)));
    }

    private static List<String> fields(Http2Headers h2) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<CharSequence, CharSequence> f : h2) {
            out.add(f.getKey() + "=" + f.getValue());
        }
        return out;
    }
}
