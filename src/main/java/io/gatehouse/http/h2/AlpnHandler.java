package io.gatehouse.http.h2;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;

/**
 * Waits for the TLS handshake of a listener that offers {@code h2} and installs HTTP/2 or HTTP/1.1
 * by the protocol ALPN chose; clients without ALPN get HTTP/1.1. Leaves the pipeline when done.
 */
final class AlpnHandler extends ApplicationProtocolNegotiationHandler {

    private final ProtocolChoice choice;

    AlpnHandler(ProtocolChoice choice) {
        super(ApplicationProtocolNames.HTTP_1_1);
        this.choice = choice;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) throws Exception {
        super.handlerAdded(ctx);
        choice.start(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) throws Exception {
        choice.stop();
        super.handlerRemoved(ctx);
    }

    @Override
    protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
        choice.choose(ctx, ApplicationProtocolNames.HTTP_2.equals(protocol));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Failed handshakes and resets are routine on a public port (scanners, old clients): no log line each.
        ctx.close();
    }
}
