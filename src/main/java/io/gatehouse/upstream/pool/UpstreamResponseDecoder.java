package io.gatehouse.upstream.pool;

import io.gatehouse.http.DecodedHeaders;
import io.gatehouse.http.KnownHeaderNames;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.util.AsciiString;

/**
 * Decodes an upstream server's responses, knowing which request each one answers: a response to
 * {@code HEAD} has no body whatever its headers say. An upstream connection carries one request at
 * a time, so the last request written is the one answered ({@link UpstreamRequestEncoder} tells).
 * The usual header names come from {@link KnownHeaderNames}; the others are checked as they are
 * decoded ({@link DecodedHeaders}).
 *
 * <p>This and its encoder do what Netty's {@code HttpClientCodec} does for Gatehouse, as two plain
 * handlers: the combined codec wraps both in an extra handler context that every read and write
 * passes through.
 */
final class UpstreamResponseDecoder extends HttpResponseDecoder {

    /** The method of the request whose final response comes next, or {@code null}. */
    private HttpMethod awaited;

    UpstreamResponseDecoder(HttpDecoderConfig config) {
        super(config);
    }

    /** A request went out: its final response comes next. */
    void requestSent(HttpMethod method) {
        awaited = method;
    }

    @Override
    protected AsciiString splitHeaderName(byte[] bytes, int start, int length) {
        return DecodedHeaders.name(bytes, start, length);
    }

    @Override
    protected boolean isContentAlwaysEmpty(HttpMessage message) {
        HttpResponse response = (HttpResponse) message;
        if (response.status().codeClass() == HttpStatusClass.INFORMATIONAL) {
            // Interim responses come before the final one, which still answers the same request.
            return super.isContentAlwaysEmpty(message);
        }
        HttpMethod method = awaited;
        awaited = null;
        if (HttpMethod.HEAD.equals(method)) {
            return true;
        }
        if (HttpMethod.CONNECT.equals(method) && response.status().codeClass() == HttpStatusClass.SUCCESS) {
            // A tunnel follows: no body, and the connection never carries another HTTP request.
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            return true;
        }
        return super.isContentAlwaysEmpty(message);
    }
}
