package io.gatehouse.http.h1;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;

/**
 * A request refused for its request line (a malformed or unsupported version, say), carrying the
 * method, target and version as they were received, so that the access log shows what the client
 * sent rather than a made-up line. Nothing of it is forwarded: it only ever gets a local answer.
 */
final class RefusedRequestLine extends DefaultFullHttpRequest {

    private final String receivedVersion;

    private RefusedRequestLine(HttpMethod method, String target, String receivedVersion,
                               HttpHeadersFactory headers, HttpHeadersFactory trailers) {
        super(HttpVersion.HTTP_1_0, method, target, Unpooled.EMPTY_BUFFER, headers, trailers);
        this.receivedVersion = receivedVersion;
    }

    /**
     * The request for a split request line ({@code method target version}, as Netty splits it), or
     * {@code null} when its method is not a token either.
     */
    static RefusedRequestLine of(String[] line, HttpHeadersFactory headers, HttpHeadersFactory trailers) {
        HttpMethod method;
        try {
            method = HttpMethod.valueOf(line[0]);
        } catch (IllegalArgumentException e) {
            return null;
        }
        return new RefusedRequestLine(method, line[1], line[2], headers, trailers);
    }

    /** The version as received, which may be no HTTP version at all ({@code FOO/1.1}, empty). */
    String receivedVersion() {
        return receivedVersion;
    }
}
