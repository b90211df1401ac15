package io.gatehouse.http.h2;

import io.gatehouse.http.h1.Http1ServerHandler;
import io.gatehouse.server.Gateway;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;

/**
 * Sets up the child channel of each HTTP/2 stream a client opens: frames become the HTTP objects of
 * one request, served by the same exchange handler as HTTP/1.x.
 */
final class Http2StreamInitializer extends ChannelInitializer<Http2StreamChannel> {

    private final Gateway gateway;
    private final String scheme;

    Http2StreamInitializer(Gateway gateway, String scheme) {
        this.gateway = gateway;
        this.scheme = scheme;
    }

    @Override
    protected void initChannel(Http2StreamChannel ch) {
        ch.pipeline().addLast(new Http2StreamFrameToHttpObjectCodec(true),
                new StreamMessageAdapter(),
                Http1ServerHandler.forHttp2Stream(gateway, scheme));
    }
}
