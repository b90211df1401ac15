package io.gatehouse.http.h2;

import io.gatehouse.pipeline.phase.RequestIdPhase;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.HttpConversionUtil;
import io.netty.util.AsciiString;
import java.util.Iterator;
import java.util.Map;

/**
 * A response head, or trailers, as HTTP/2 header fields (RFC 9113 section 8.2): names in lower case,
 * connection-specific fields left out. Servers spell names their own way ({@code Content-Type});
 * the usual ones become Netty's lower-case constants, whose hash is already known, so that neither
 * this copy nor HPACK lowers or hashes them again.
 */
final class Http2Responses {

    private static final AsciiString[] USUAL_NAMES = {
        HttpHeaderNames.ACCEPT_RANGES, HttpHeaderNames.ACCESS_CONTROL_ALLOW_CREDENTIALS,
        HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS,
        HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, HttpHeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS,
        HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, HttpHeaderNames.AGE, HttpHeaderNames.ALLOW,
        HttpHeaderNames.CACHE_CONTROL, HttpHeaderNames.CONTENT_DISPOSITION, HttpHeaderNames.CONTENT_ENCODING,
        HttpHeaderNames.CONTENT_LANGUAGE, HttpHeaderNames.CONTENT_LENGTH, HttpHeaderNames.CONTENT_LOCATION,
        HttpHeaderNames.CONTENT_RANGE, HttpHeaderNames.CONTENT_SECURITY_POLICY, HttpHeaderNames.CONTENT_TYPE,
        HttpHeaderNames.DATE, HttpHeaderNames.ETAG, HttpHeaderNames.EXPIRES, HttpHeaderNames.LAST_MODIFIED,
        HttpHeaderNames.LOCATION, HttpHeaderNames.PRAGMA, HttpHeaderNames.RETRY_AFTER, HttpHeaderNames.SERVER,
        HttpHeaderNames.SET_COOKIE, HttpHeaderNames.VARY, HttpHeaderNames.VIA, HttpHeaderNames.WWW_AUTHENTICATE,
        HttpHeaderNames.X_FRAME_OPTIONS, RequestIdPhase.X_REQUEST_ID.toLowerCase(),
        AsciiString.cached("strict-transport-security"), AsciiString.cached("x-content-type-options"),
        AsciiString.cached("grpc-status"), AsciiString.cached("grpc-message"),
    };
    /** Fields HTTP/2 has no place for; the proxy has stripped them from upstream responses already. */
    private static final AsciiString[] CONNECTION_SPECIFIC = {
        HttpHeaderNames.CONNECTION, HttpHeaderNames.KEEP_ALIVE, AsciiString.cached("proxy-connection"),
        HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderNames.UPGRADE, HttpHeaderNames.TE, HttpHeaderNames.HOST,
    };
    private static final int MASK = 127;
    /** The names above by their case-insensitive hash, open addressing. */
    private static final AsciiString[] BY_HASH = new AsciiString[MASK + 1];

    static {
        for (AsciiString[] names : new AsciiString[][] {USUAL_NAMES, CONNECTION_SPECIFIC}) {
            for (AsciiString name : names) {
                int i = name.hashCode() & MASK;
                while (BY_HASH[i] != null) {
                    i = (i + 1) & MASK;
                }
                BY_HASH[i] = name;
            }
        }
    }

    private Http2Responses() {
    }

    /**
     * The fields of a response head, {@code :status} first. A {@code 204} loses its {@code
     * Content-Length} (RFC 9110 section 8.6), as Netty's HTTP/1.1 encoder removes it for HTTP/1.1
     * clients.
     */
    static Http2Headers head(HttpResponse head) {
        HttpHeaders fields = head.headers();
        Http2Headers out;
        if (fields.contains(HttpHeaderNames.CONNECTION)) {
            // Rare (proxied responses lose it on the way): Netty's conversion also drops what it names.
            out = HttpConversionUtil.toHttp2Headers(head, false);
        } else {
            out = new DefaultHttp2Headers(false, fields.size() + 1);
            out.status(head.status().codeAsText());
            copy(fields, out);
        }
        if (head.status().code() == HttpResponseStatus.NO_CONTENT.code()) {
            out.remove(HttpHeaderNames.CONTENT_LENGTH);
        }
        return out;
    }

    /** The trailer fields of a response body. */
    static Http2Headers trailers(HttpHeaders trailers) {
        if (trailers.contains(HttpHeaderNames.CONNECTION)) {
            return HttpConversionUtil.toHttp2Headers(trailers, false);
        }
        Http2Headers out = new DefaultHttp2Headers(false, trailers.size());
        copy(trailers, out);
        return out;
    }

    private static void copy(HttpHeaders in, Http2Headers out) {
        Iterator<Map.Entry<CharSequence, CharSequence>> fields = in.iteratorCharSequence();
        while (fields.hasNext()) {
            Map.Entry<CharSequence, CharSequence> field = fields.next();
            AsciiString name = lowerCase(field.getKey());
            if (!isConnectionSpecific(name)) {
                out.add(name, field.getValue());
            }
        }
    }

    /** {@code name} in lower case: one of the constants above when it is one of theirs. */
    static AsciiString lowerCase(CharSequence name) {
        AsciiString ascii = AsciiString.of(name);
        for (int i = ascii.hashCode() & MASK; BY_HASH[i] != null; i = (i + 1) & MASK) {
            if (BY_HASH[i].contentEqualsIgnoreCase(ascii)) {
                return BY_HASH[i];
            }
        }
        return ascii.toLowerCase();
    }

    private static boolean isConnectionSpecific(AsciiString name) {
        for (AsciiString c : CONNECTION_SPECIFIC) {
            if (c == name) {
                return true;
            }
        }
        return false;
    }
}
