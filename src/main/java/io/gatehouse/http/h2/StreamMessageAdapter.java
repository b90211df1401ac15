package io.gatehouse.http.h2;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;

/**
 * Fits one HTTP/2 stream's converted messages to the exchange handler. A request whose HEADERS frame
 * ended the stream arrives as one full request and is passed on as a head and a last body piece,
 * as HTTP/1.x delivers it. A local reply to {@code HEAD} loses its body, which HTTP/2 must not send
 * (RFC 9110 section 9.3.2); the HTTP/1.x encoder does the same by itself.
 */
final class StreamMessageAdapter extends ChannelDuplexHandler {

    private boolean head;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request) {
            head = HttpMethod.HEAD.equals(request.method());
        }
        if (msg instanceof FullHttpRequest full) {
            ctx.fireChannelRead(new DefaultHttpRequest(full.protocolVersion(), full.method(), full.uri(), full.headers()));
            ctx.fireChannelRead(new DefaultLastHttpContent(full.content(), full.trailingHeaders()));
            return;
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (head && msg instanceof FullHttpResponse full && full.content().isReadable()) {
            FullHttpResponse empty = full.replace(Unpooled.EMPTY_BUFFER);
            full.release();
            ctx.write(empty, promise);
            return;
        }
        ctx.write(msg, promise);
    }
}
