package io.gatehouse.http.h2;

import io.gatehouse.http.h1.Http1Codec;
import io.gatehouse.server.Gateway;
import io.netty.channel.ChannelHandlerContext;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The protocol decision of one new TLS connection: installs the HTTP/2 or HTTP/1.1 handlers once
 * ALPN has told, and closes a connection that does not get there within {@code timeouts.client_header}.
 */
final class ProtocolChoice {

    private final Gateway gateway;
    private final String scheme;
    private ScheduledFuture<?> deadline;

    ProtocolChoice(Gateway gateway, String scheme) {
        this.gateway = gateway;
        this.scheme = scheme;
    }

    void start(ChannelHandlerContext ctx) {
        deadline = ctx.executor().schedule(() -> {
            ctx.close();
        }, gateway.timeouts().clientHeader().toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Installs the protocol's handlers after {@code ctx}, whose handler then leaves the pipeline. */
    void choose(ChannelHandlerContext ctx, boolean http2) {
        stop();
        if (http2) {
            Http2Codec.install(ctx.pipeline(), gateway, scheme);
        } else {
            Http1Codec.install(ctx.pipeline(), gateway, scheme, null);
            // The connection handler starts its timers and learns its client when the channel becomes active.
            ctx.fireChannelActive();
        }
    }

    void stop() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }
}
