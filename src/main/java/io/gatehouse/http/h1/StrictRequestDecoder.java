package io.gatehouse.http.h1;

import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequestDecoder;

/**
 * Netty's request decoder with one leniency removed: a request with both Content-Length and
 * Transfer-Encoding is a failed decode (answered 400), not silently reframed as chunked
 * (RFC 9112 6.1: a server MAY reject it; a proxy should, as the two framings invite smuggling).
 */
final class StrictRequestDecoder extends HttpRequestDecoder {

    StrictRequestDecoder(HttpDecoderConfig config) {
        super(config);
    }

    @Override
    protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
        throw new IllegalArgumentException("both Content-Length and Transfer-Encoding");
    }
}
