package io.gatehouse.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.AsciiString;

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
            for (String value : headers.getAll(HttpHeaderNames.CONNECTION)) {
                removeNamedIn(headers, value);
            }
        }
        for (AsciiString name : FIXED) {
            headers.remove(name);
        }
    }

    /**
     * Removes the headers named by one comma-separated {@code Connection} value. Walks the value in
     * place: nearly every message says just {@code keep-alive} or {@code close}, which cost no copy.
     */
    private static void removeNamedIn(HttpHeaders headers, String value) {
        int start = 0;
        while (start <= value.length()) {
            int comma = value.indexOf(',', start);
            int end = comma < 0 ? value.length() : comma;
            int from = start;
            int to = end;
            while (from < to && isOws(value.charAt(from))) {
                from++;
            }
            while (to > from && isOws(value.charAt(to - 1))) {
                to--;
            }
            removeToken(headers, value, from, to);
            start = end + 1;
        }
    }

    private static void removeToken(HttpHeaders headers, String value, int from, int to) {
        int length = to - from;
        if (length == 0 || regionIs(value, from, length, HttpHeaderNames.KEEP_ALIVE)) {
            return; // nothing named, or a header in the fixed list
        }
        if (regionIs(value, from, length, HttpHeaderValues.CLOSE)) {
            headers.remove(HttpHeaderValues.CLOSE);
            return;
        }
        String name = value.substring(from, to);
        // Framing and routing headers are never hop-by-hop, whatever a peer claims.
        if (!isProtected(name)) {
            headers.remove(name);
        }
    }

    private static boolean regionIs(String value, int from, int length, AsciiString word) {
        return length == word.length() && value.regionMatches(true, from, word.toString(), 0, length);
    }

    private static boolean isOws(char c) {
        return c == ' ' || c == '\t';
    }

    private static boolean isProtected(String name) {
        return HttpHeaderNames.CONTENT_LENGTH.contentEqualsIgnoreCase(name)
                || HttpHeaderNames.HOST.contentEqualsIgnoreCase(name);
    }
}
