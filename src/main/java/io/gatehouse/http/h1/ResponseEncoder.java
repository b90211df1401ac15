package io.gatehouse.http.h1;

import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseEncoder;

/**
 * Netty's response encoder, told by the connection handler when the response answers a HEAD
 * request, so it writes no body framing even when the head announces one.
 */
final class ResponseEncoder extends HttpResponseEncoder {

    private boolean answeringHead;

    /** Set before the response head is written; requests are answered one at a time. */
    void answeringHead(boolean answeringHead) {
        this.answeringHead = answeringHead;
    }

    @Override
    protected boolean isContentAlwaysEmpty(HttpResponse msg) {
        return answeringHead || super.isContentAlwaysEmpty(msg);
    }
}
