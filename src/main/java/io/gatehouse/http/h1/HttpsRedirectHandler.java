package io.gatehouse.http.h1;

import io.gatehouse.http.HeaderNames;
import io.gatehouse.http.HttpDates;
import io.gatehouse.http.HopByHopHeaders;
import io.gatehouse.http.LocalReplies;
import io.gatehouse.pipeline.phase.RequestIdPhase;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;

/**
 * The whole behaviour of a {@code redirect_https} listener: every request is answered
 * {@code 308 Permanent Redirect} to the same host and target on the HTTPS port.
 */
final class HttpsRedirectHandler extends ChannelInboundHandlerAdapter {

    private final int httpsPort;

    HttpsRedirectHandler(int httpsPort) {
        this.httpsPort = httpsPort;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof HttpRequest request) {
                respond(ctx, request);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void respond(ChannelHandlerContext ctx, HttpRequest request) {
        String host = request.headers().get(HttpHeaderNames.HOST);
        if (request.decoderResult().isFailure() || host == null || !RequestChecks.isValidHost(host)
                || request.uri().isEmpty() || request.uri().charAt(0) != '/') {
            ctx.writeAndFlush(LocalReplies.error(ctx.alloc(), 400, RequestIdPhase.generate()))
                    .addListener(ChannelFutureListener.CLOSE);
            return;
        }
        String hostOnly = host.startsWith("[") ? host.substring(0, host.indexOf(']') + 1)
                : host.contains(":") ? host.substring(0, host.lastIndexOf(':')) : host;
        String location = "https://" + hostOnly + (httpsPort == 443 ? "" : ":" + httpsPort) + request.uri();
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.PERMANENT_REDIRECT);
        response.headers().set(HeaderNames.LOCATION, location).set(HeaderNames.CONTENT_LENGTH, 0)
                .set(HeaderNames.DATE, HttpDates.now());
        boolean keepAlive = HopByHopHeaders.keepsAlive(request) && HttpUtil.getContentLength(request, 0L) == 0
                && !HttpUtil.isTransferEncodingChunked(request);
        if (keepAlive) {
            ctx.writeAndFlush(response, ctx.voidPromise());
        } else {
            response.headers().set(HeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
