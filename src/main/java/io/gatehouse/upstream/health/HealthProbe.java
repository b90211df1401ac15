package io.gatehouse.upstream.health;

import io.gatehouse.config.HealthCheckConfig;
import io.gatehouse.tls.UpstreamTls;
import io.gatehouse.upstream.UpstreamServer;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.net.ConnectException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One active check of one server on the health event loop: a TCP connect, or an HTTP GET of the
 * check path whose response status must be in the expected range. Bounded by the check timeout;
 * the connection is closed when the result is known.
 */
final class HealthProbe extends ChannelInboundHandlerAdapter {

    /** Receives the result once. */
    interface Result {
        void done(boolean passed, String why);
    }

    private final UpstreamServer server;
    private final HealthCheckConfig config;
    private final Result result;
    private ScheduledFuture<?> deadline;
    private Channel channel;
    private boolean finished;

    private HealthProbe(UpstreamServer server, HealthCheckConfig config, Result result) {
        this.server = server;
        this.config = config;
        this.result = result;
    }

    /** Starts a check; {@code tls} for an https server, else {@code null}. */
    static void run(Bootstrap bootstrap, UpstreamServer server, HealthCheckConfig config, UpstreamTls tls,
                    Result result) {
        HealthProbe probe = new HealthProbe(server, config, result);
        boolean http = config.type() == HealthCheckConfig.Type.HTTP;
        long timeout = config.timeout().toNanos();
        probe.deadline = bootstrap.config().group().next().schedule(
                () -> probe.finish(probe.channel, false, "no answer within " + ServerHealth.text(timeout)),
                timeout, TimeUnit.NANOSECONDS);
        ChannelFuture connect = bootstrap.clone().handler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                if (http) {
                    if (tls != null) {
                        ch.pipeline().addLast(tls.newHandler(ch.alloc(), server.address(), config.timeout().toMillis()));
                    }
                    ch.pipeline().addLast(new HttpClientCodec());
                }
                ch.pipeline().addLast(probe);
            }
        }).connect(server.socketAddress());
        probe.channel = connect.channel();
        connect.addListener((ChannelFuture f) -> {
            if (!f.isSuccess()) {
                probe.finish(f.channel(), false, reason(f.cause()));
            } else if (!http) {
                probe.finish(f.channel(), true, "connected");
            }
        });
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        // A tcp check passes on connect (see run); only an http check asks for a response.
        if (config.type() == HealthCheckConfig.Type.HTTP) {
            sendRequest(ctx);
        }
        ctx.fireChannelActive();
    }

    private void sendRequest(ChannelHandlerContext ctx) {
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, config.path());
        request.headers()
                .set(HttpHeaderNames.HOST, server.hostHeader())
                .set(HttpHeaderNames.USER_AGENT, "gatehouse-health-check")
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE)
                .set(HttpHeaderNames.CONTENT_LENGTH, 0);
        ctx.writeAndFlush(request).addListener((ChannelFuture f) -> {
            if (!f.isSuccess()) {
                finish(ctx.channel(), false, reason(f.cause()));
            }
        });
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof HttpResponse response) {
                int status = response.status().code();
                if (response.decoderResult().isFailure()) {
                    finish(ctx.channel(), false, "invalid response");
                } else {
                    boolean passed = status >= config.expectStatusMin() && status <= config.expectStatusMax();
                    finish(ctx.channel(), passed, "status " + status);
                }
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        finish(ctx.channel(), false, "closed without a response");
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        finish(ctx.channel(), false, reason(cause));
    }

    private void finish(Channel ch, boolean passed, String why) {
        if (finished) {
            return;
        }
        finished = true;
        deadline.cancel(false);
        ch.close();
        result.done(passed, why);
    }

    /** A short reason for a log line: "connection refused", or the innermost message. */
    private static String reason(Throwable cause) {
        if (cause instanceof ConnectException && String.valueOf(cause.getMessage()).contains("refused")) {
            return "connection refused";
        }
        Throwable t = cause;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    }
}
