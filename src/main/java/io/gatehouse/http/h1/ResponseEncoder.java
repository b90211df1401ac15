package io.gatehouse.http.h1;

import io.gatehouse.http.HeaderBlock;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseEncoder;

/**
 * Netty's response encoder, told by the connection handler when the response answers a HEAD
 * request, so it writes no body framing even when the head announces one, and none after a
 * {@code 101 Switching Protocols} either. Header fields go out
 * through {@link HeaderBlock}.
 */
final class ResponseEncoder extends HttpResponseEncoder {

    private boolean answeringHead;

    /** Set before the response head is written; requests are answered one at a time. */
    void answeringHead(boolean answeringHead) {
        this.answeringHead = answeringHead;
    }

    @Override
    protected boolean isContentAlwaysEmpty(HttpResponse msg) {
        // After a 101 the bytes are the new protocol's, never a body of the 101 (Netty's encoder
        // allows one for an obsolete WebSocket draft).
        return answeringHead || msg.status().code() == 101 || super.isContentAlwaysEmpty(msg);
    }

    @Override
    protected void encodeHeaders(HttpHeaders headers, ByteBuf buf) {
        HeaderBlock.write(headers, buf);
    }
}
