package io.gatehouse.http.h2;

import io.gatehouse.pipeline.phase.RequestIdPhase;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http2.Http2HeadersEncoder;
import io.netty.util.AsciiString;

/**
 * The response headers HPACK sends as never-indexed literals (RFC 7541 section 7.1.3) instead of
 * adding them to the connection's table: {@code x-request-id}, new in every response, would only
 * push out entries that the next response could have reused; {@code set-cookie} carries secrets
 * that a shared table would let a compression attack guess at.
 */
final class NeverIndexed implements Http2HeadersEncoder.SensitivityDetector {

    static final NeverIndexed HEADERS = new NeverIndexed();

    private NeverIndexed() {
    }

    @Override
    public boolean isSensitive(CharSequence name, CharSequence value) {
        return AsciiString.contentEqualsIgnoreCase(name, RequestIdPhase.X_REQUEST_ID)
                || AsciiString.contentEqualsIgnoreCase(name, HttpHeaderNames.SET_COOKIE);
    }
}
