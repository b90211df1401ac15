package io.gatehouse.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;

class ProtocolUpgradeTest {

    private static HttpRequest request(HttpVersion version, String... headers) {
        HttpRequest r = new DefaultHttpRequest(version, HttpMethod.GET, "/ws");
        for (int i = 0; i < headers.length; i += 2) {
            r.headers().add(headers[i], headers[i + 1]);
        }
        return r;
    }

    @Test
    void aWebSocketHandshakeAsksToSwitch() {
        assertEquals("websocket", ProtocolUpgrade.requested(
                request(HttpVersion.HTTP_1_1, "Connection", "keep-alive, Upgrade", "Upgrade", "websocket")));
        assertEquals("websocket", ProtocolUpgrade.requested(
                request(HttpVersion.HTTP_1_1, "Connection", "upgrade", "Upgrade", "websocket", "Content-Length", "0")));
    }

    @Test
    void notWithoutBothHeadersOnHttp11WithoutABody() {
        assertNull(ProtocolUpgrade.requested(request(HttpVersion.HTTP_1_1, "Upgrade", "websocket")));
        assertNull(ProtocolUpgrade.requested(request(HttpVersion.HTTP_1_1, "Connection", "upgrade")));
        assertNull(ProtocolUpgrade.requested(
                request(HttpVersion.HTTP_1_0, "Connection", "upgrade", "Upgrade", "websocket")));
        assertNull(ProtocolUpgrade.requested(
                request(HttpVersion.HTTP_1_1, "Connection", "upgrade", "Upgrade", "websocket", "Content-Length", "5")));
        assertNull(ProtocolUpgrade.requested(request(HttpVersion.HTTP_1_1, "Connection", "upgrade",
                "Upgrade", "websocket", "Transfer-Encoding", "chunked")));
    }

    @Test
    void neverToH2c() {
        assertNull(ProtocolUpgrade.requested(
                request(HttpVersion.HTTP_1_1, "Connection", "Upgrade, HTTP2-Settings", "Upgrade", "h2c")));
        assertNull(ProtocolUpgrade.requested(
                request(HttpVersion.HTTP_1_1, "Connection", "upgrade", "Upgrade", "websocket, H2C")));
    }

    @Test
    void onlyA101NamingTheProtocolAccepts() {
        HttpResponse switched = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.SWITCHING_PROTOCOLS);
        assertNull(ProtocolUpgrade.accepted(switched));
        switched.headers().set("Upgrade", "websocket");
        assertEquals("websocket", ProtocolUpgrade.accepted(switched));
        HttpResponse ok = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        ok.headers().set("Upgrade", "websocket");
        assertNull(ProtocolUpgrade.accepted(ok));
    }
}
