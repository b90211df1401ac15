package io.gatehouse.http.h2;

import io.gatehouse.server.Gateway;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.DefaultHttp2GoAwayFrame;
import io.netty.handler.codec.http2.DefaultHttp2WindowUpdateFrame;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2ConnectionAdapter;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life of one HTTP/2 client connection, after its frame codec and streams handler: widens
 * the connection's receive window, and ends the connection gracefully (GOAWAY, open streams finish,
 * then close) when the server drains or when no stream has been open for {@code timeouts.keepalive}
 * ({@code timeouts.client_header} before the first stream). Connection-level frames end here.
 */
public final class Http2LifecycleHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(Http2LifecycleHandler.class);
    private static final int CONNECTION_WINDOW_INCREMENT =
            Http2Codec.CONNECTION_WINDOW - Http2CodecUtil.DEFAULT_WINDOW_SIZE;

    private final Http2Connection connection;
    private final Gateway gateway;
    private final long firstStreamNanos;
    private final long idleNanos;
    private ChannelHandlerContext ctx;
    private boolean sawStream;
    private boolean goingAway;
    private long idleSince;
    private ScheduledFuture<?> idleCheck;
    private long checkAt;

    Http2LifecycleHandler(Http2Connection connection, Gateway gateway) {
        this.connection = connection;
        this.gateway = gateway;
        this.firstStreamNanos = gateway.timeouts().clientHeader().toNanos();
        this.idleNanos = gateway.timeouts().keepalive().toNanos();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        connection.addListener(new Http2ConnectionAdapter() {
            @Override
            public void onStreamActive(Http2Stream stream) {
                sawStream = true;
            }

            @Override
            public void onStreamClosed(Http2Stream stream) {
                if (connection.numActiveStreams() == 0) {
                    becameIdle();
                }
            }
        });
        ctx.writeAndFlush(new DefaultHttp2WindowUpdateFrame(CONNECTION_WINDOW_INCREMENT), ctx.voidPromise());
        if (gateway.isDraining()) {
            drain();
        } else {
            becameIdle();
        }
    }

    /**
     * Shutdown: tells the client with GOAWAY that no new stream will be served, and closes the
     * connection once the open ones end. Call on the connection's event loop.
     */
    public void drain() {
        if (goingAway) {
            return;
        }
        goingAway = true;
        ctx.writeAndFlush(new DefaultHttp2GoAwayFrame(Http2Error.NO_ERROR), ctx.voidPromise());
        closeWhenNoStreams();
    }

    private void becameIdle() {
        if (goingAway) {
            closeWhenNoStreams();
            return;
        }
        idleSince = System.nanoTime();
        long deadline = idleSince + (sawStream ? idleNanos : firstStreamNanos);
        // A pending check that comes later (client_header can exceed keepalive) is moved forward.
        if (idleCheck != null && deadline - checkAt < 0) {
            idleCheck.cancel(false);
            idleCheck = null;
        }
        if (idleCheck == null) {
            schedule(deadline - idleSince);
        }
    }

    private void schedule(long nanos) {
        checkAt = System.nanoTime() + nanos;
        idleCheck = ctx.executor().schedule(this::checkIdle, nanos, TimeUnit.NANOSECONDS);
    }

    /** Runs at the idle deadline; streams that opened since then reschedule it when they all end. */
    private void checkIdle() {
        idleCheck = null;
        if (goingAway || connection.numActiveStreams() > 0) {
            return;
        }
        long left = idleSince + (sawStream ? idleNanos : firstStreamNanos) - System.nanoTime();
        if (left > 0) {
            schedule(left);
        } else {
            drain();
        }
    }

    private void closeWhenNoStreams() {
        if (connection.numActiveStreams() == 0) {
            // Behind whatever is queued, so the last frames and the GOAWAY reach the client first.
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        // SETTINGS, PING and GOAWAY from the client: the codec has already acted on them.
        ReferenceCountUtil.release(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (idleCheck != null) {
            idleCheck.cancel(false);
            idleCheck = null;
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("HTTP/2 connection {} failed", ctx.channel(), cause);
        // Protocol errors are the codec's: it sends GOAWAY with the error code, then closes.
        if (Http2CodecUtil.getEmbeddedHttp2Exception(cause) == null) {
            ctx.close();
        }
    }
}
