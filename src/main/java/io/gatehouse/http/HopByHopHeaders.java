package io.gatehouse.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMessage;
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

    /** {@code Connection} options that decide whether the connection persists. */
    private static final int CLOSE = 1;
    private static final int KEEP_ALIVE = 2;

    /**
     * Whether the sender keeps the connection open after this message (RFC 9112 section 9.3):
     * not with {@code Connection: close}, and in HTTP/1.0 only with {@code Connection: keep-alive}.
     */
    public static boolean keepsAlive(HttpMessage message) {
        return persists(message, connectionOptions(message.headers(), false));
    }

    /**
     * Strips them in place; on requests call it before anything adds headers of its own.
     *
     * @return whether the sender keeps the connection open, as {@link #keepsAlive} says, read from
     *         the same pass over the {@code Connection} header
     */
    public static boolean strip(HttpMessage message) {
        HttpHeaders headers = message.headers();
        int options = connectionOptions(headers, true);
        for (AsciiString name : FIXED) {
            headers.remove(name);
        }
        return persists(message, options);
    }

    private static boolean persists(HttpMessage message, int options) {
        return (options & CLOSE) == 0
                && (message.protocolVersion().isKeepAliveDefault() || (options & KEEP_ALIVE) != 0);
    }

    /**
     * The {@link #CLOSE} and {@link #KEEP_ALIVE} options of the {@code Connection} header; with
     * {@code remove}, also removes the headers it names. Most messages have no such header: one
     * lookup answers.
     */
    private static int connectionOptions(HttpHeaders headers, boolean remove) {
        if (!headers.contains(HttpHeaderNames.CONNECTION)) {
            return 0;
        }
        int options = 0;
        for (String value : headers.getAll(HttpHeaderNames.CONNECTION)) {
            options |= tokensOf(headers, value, remove);
        }
        return options;
    }

    /**
     * Reads one comma-separated {@code Connection} value in place (nearly every message says just
     * {@code keep-alive} or {@code close}, which cost no copy) and returns its options.
     */
    private static int tokensOf(HttpHeaders headers, String value, boolean remove) {
        int options = 0;
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
            options |= token(headers, value, from, to, remove);
            start = end + 1;
        }
        return options;
    }

    private static int token(HttpHeaders headers, String value, int from, int to, boolean remove) {
        int length = to - from;
        if (length == 0) {
            return 0;
        }
        if (regionIs(value, from, length, HttpHeaderNames.KEEP_ALIVE)) {
            return KEEP_ALIVE; // the header of that name is in the fixed list
        }
        if (regionIs(value, from, length, HttpHeaderValues.CLOSE)) {
            if (remove) {
                headers.remove(HttpHeaderValues.CLOSE);
            }
            return CLOSE;
        }
        if (remove) {
            String name = value.substring(from, to);
            // Framing and routing headers are never hop-by-hop, whatever a peer claims.
            if (!isProtected(name)) {
                headers.remove(name);
            }
        }
        return 0;
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
