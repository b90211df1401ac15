package io.gatehouse.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.AsciiString;
import java.util.List;

/**
 * Removes the headers that describe one connection rather than the message (RFC 9110 7.6.1):
 * the fixed list and every header named in {@code Connection}.
 */
public final class HopByHopHeaders {

    private static final AsciiString PROXY_CONNECTION = AsciiString.cached("proxy-connection");
    private static final AsciiString[] FIXED = {
        HttpHeaderNames.CONNECTION, HttpHeaderNames.KEEP_ALIVE, PROXY_CONNECTION, HttpHeaderNames.TE,
        HttpHeaderNames.TRAILER, HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderNames.UPGRADE,
        HttpHeaderNames.PROXY_AUTHENTICATE, HttpHeaderNames.PROXY_AUTHORIZATION,
    };

    private HopByHopHeaders() {
    }

    /**
     * Whether the sender keeps the connection open after this message (RFC 9112 section 9.3). Most
     * messages carry no {@code Connection} header: one lookup answers, where Netty's check reads the
     * header twice and splits its values.
     */
    public static boolean keepsAlive(HttpMessage message) {
        if (!message.headers().contains(HttpHeaderNames.CONNECTION)) {
            return message.protocolVersion().isKeepAliveDefault();
        }
        return HttpUtil.isKeepAlive(message);
    }

    /** Strips them in place; on requests call it before anything adds headers of its own. */
    public static void strip(HttpHeaders headers) {
        if (headers.contains(HttpHeaderNames.CONNECTION)) {
            List<String> values = headers.getAll(HttpHeaderNames.CONNECTION);
            for (String value : values) {
                for (String token : value.split(",")) {
                    String name = token.trim();
                    // Framing and routing headers are never hop-by-hop, whatever a peer claims.
                    if (!name.isEmpty() && !isProtected(name)) {
                        headers.remove(name);
                    }
                }
            }
        }
        for (AsciiString name : FIXED) {
            headers.remove(name);
        }
    }

    private static boolean isProtected(String name) {
        return HttpHeaderNames.CONTENT_LENGTH.contentEqualsIgnoreCase(name)
                || HttpHeaderNames.HOST.contentEqualsIgnoreCase(name);
    }
}
