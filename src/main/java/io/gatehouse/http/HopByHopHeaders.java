package io.gatehouse.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.util.AsciiString;
import java.util.ArrayList;
import java.util.Iterator;
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
        removeFixed(headers);
        return persists(message, options);
    }

    /**
     * Strips the fixed list from a trailer section: fields that manage the connection are not
     * allowed there (RFC 9110 section 6.5.1), and one passed on could be read by the next hop.
     */
    public static void stripTrailers(HttpHeaders trailers) {
        if (!trailers.isEmpty()) {
            removeFixed(trailers);
        }
    }

    private static void removeFixed(HttpHeaders headers) {
        for (AsciiString name : FIXED) {
            headers.remove(name);
        }
    }

    private static boolean persists(HttpMessage message, int options) {
        return (options & CLOSE) == 0
                && (message.protocolVersion().isKeepAliveDefault() || (options & KEEP_ALIVE) != 0);
    }

    /**
     * The {@link #CLOSE} and {@link #KEEP_ALIVE} options of the {@code Connection} header; with
     * {@code remove}, also removes the headers it names. Most messages have no such header: one
     * lookup answers. The values are walked in the map itself, not copied into a list.
     */
    private static int connectionOptions(HttpHeaders headers, boolean remove) {
        if (!headers.contains(HttpHeaderNames.CONNECTION)) {
            return 0;
        }
        int options = 0;
        List<String> named = null;
        for (Iterator<? extends CharSequence> values = headers.valueCharSequenceIterator(HttpHeaderNames.CONNECTION);
                values.hasNext(); ) {
            String value = values.next().toString(); // decoded values are strings already
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
                int option = option(value, from, to);
                options |= option;
                if (remove && option == 0 && to > from) {
                    named = named == null ? new ArrayList<>(2) : named;
                    named.add(value.substring(from, to));
                }
                start = end + 1;
            }
        }
        // Removed after the walk: the map may not change under its own value iterator.
        if (remove && (options & CLOSE) != 0) {
            headers.remove(HttpHeaderValues.CLOSE); // "close" also names a header, if there is one
        }
        if (named != null) {
            for (String name : named) {
                // Framing and routing headers are never hop-by-hop, whatever a peer claims.
                if (!isProtected(name)) {
                    headers.remove(name);
                }
            }
        }
        return options;
    }

    /** Nearly every message says just {@code keep-alive} or {@code close}, which cost no copy. */
    private static int option(String value, int from, int to) {
        if (regionIs(value, from, to, HttpHeaderNames.KEEP_ALIVE)) {
            return KEEP_ALIVE; // the header of that name is in the fixed list
        }
        if (regionIs(value, from, to, HttpHeaderValues.CLOSE)) {
            return CLOSE;
        }
        return 0;
    }

    private static boolean regionIs(String value, int from, int to, AsciiString word) {
        int length = to - from;
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
