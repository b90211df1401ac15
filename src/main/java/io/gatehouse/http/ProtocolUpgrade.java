package io.gatehouse.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

/**
 * HTTP/1.1 protocol upgrades (RFC 9110 section 7.8), such as WebSocket: which requests ask for one,
 * and which answers accept it. {@code Upgrade} and {@code Connection} are hop-by-hop headers, so
 * they are stripped like the others and then set again on the upgrade request and on its
 * {@code 101 Switching Protocols} answer.
 */
public final class ProtocolUpgrade {

    private ProtocolUpgrade() {
    }

    /**
     * The protocols a request asks to switch to (its {@code Upgrade} value), or {@code null}. Only
     * an HTTP/1.1 request without a body can switch: it names {@code upgrade} in {@code Connection}
     * and asks for something other than {@code h2c} (HTTP/2 is spoken to clients by the proxy
     * itself, never tunnelled). Read it before the hop-by-hop headers are stripped.
     */
    public static String requested(HttpRequest request) {
        HttpHeaders h = request.headers();
        String protocols = h.get(HttpHeaderNames.UPGRADE);
        if (protocols == null || protocols.isBlank() || !HttpVersion.HTTP_1_1.equals(request.protocolVersion())
                || !h.containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true)
                || h.contains(HttpHeaderNames.TRANSFER_ENCODING)
                || !isZeroOrAbsent(h.get(HttpHeaderNames.CONTENT_LENGTH))) {
            return null;
        }
        for (String protocol : protocols.split(",")) {
            if (protocol.trim().regionMatches(true, 0, "h2c", 0, 3)) {
                return null;
            }
        }
        return protocols;
    }

    private static boolean isZeroOrAbsent(String contentLength) {
        return contentLength == null || contentLength.equals("0");
    }

    /**
     * The protocol an upstream switched to, or {@code null} when {@code response} does not accept
     * the upgrade: it must be a {@code 101} that names a protocol in {@code Upgrade}.
     */
    public static String accepted(HttpResponse response) {
        if (response.status().code() != HttpResponseStatus.SWITCHING_PROTOCOLS.code()) {
            return null;
        }
        String protocol = response.headers().get(HttpHeaderNames.UPGRADE);
        return protocol == null || protocol.isBlank() ? null : protocol;
    }

    /** Sets the two headers that carry the upgrade again, after the hop-by-hop headers were stripped. */
    public static void restore(HttpHeaders headers, String protocols) {
        headers.set(HeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
        headers.set(HeaderNames.UPGRADE, protocols);
    }
}
