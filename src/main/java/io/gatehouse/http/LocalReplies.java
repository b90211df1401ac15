package io.gatehouse.http;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

/** Responses the proxy makes itself (errors, 404): a short plain-text body naming the request id. */
public final class LocalReplies {

    private LocalReplies() {
    }

    /** {@code 502 Bad Gateway} with body "502 Bad Gateway\nrequest id: ...\n". */
    public static FullHttpResponse error(ByteBufAllocator alloc, int status, String requestId) {
        HttpResponseStatus s = HttpResponseStatus.valueOf(status);
        String text = s.code() + " " + s.reasonPhrase() + "\nrequest id: " + requestId + "\n";
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, s,
                ByteBufUtil.writeAscii(alloc, text));
        response.headers()
                .set(HeaderNames.CONTENT_TYPE, HttpHeaderValues.TEXT_PLAIN + "; charset=utf-8")
                .set(HeaderNames.CONTENT_LENGTH, response.content().readableBytes())
                .set(HeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE)
                .set(HeaderNames.DATE, HttpDates.now());
        return response;
    }
}
