package io.gatehouse.http.h1;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Sits before the HTTP decoder and tells the connection handler that bytes arrived, so an idle
 * keep-alive connection switches from the keepalive timeout to the (shorter) request-head timeout.
 */
public final class RequestStartDetector extends ChannelInboundHandlerAdapter {

    private final Http1ServerHandler handler;

    public RequestStartDetector(Http1ServerHandler handler) {
        this.handler = handler;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        handler.onRequestBytes();
        ctx.fireChannelRead(msg);
    }
}
