package io.gatehouse.upstream.pool;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpObject;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One connection to an upstream server: the last handler of its pipeline. While leased it passes
 * every event to its listener; while idle in the pool, any event (data, close, error) retires it.
 */
public final class UpstreamConnection extends ChannelInboundHandlerAdapter {

    private final ConnectionPool pool;
    private final UpstreamResponseDecoder responses;
    private Channel channel;
    private UpstreamListener listener;
    private long idleSince;
    private ScheduledFuture<?> wakeUp;
    private long wakeUpAt;
    private final Runnable wake = this::wake;
    private int completedRequests;

    UpstreamConnection(ConnectionPool pool, UpstreamResponseDecoder responses) {
        this.pool = pool;
        this.responses = responses;
    }

    public Channel channel() {
        return channel;
    }

    /** True once the connection has served a request: it may have been closed by the server since. */
    public boolean isReused() {
        return completedRequests > 0;
    }

    /** Takes the connection for one exchange. */
    public void attach(UpstreamListener listener) {
        this.listener = listener;
    }

    /**
     * Calls the listener's {@link UpstreamListener#onUpstreamTimer} within {@code delayNanos} of
     * {@code now} (the caller's {@link System#nanoTime()}). One scheduled task serves request after
     * request: a later deadline than the pending one schedules nothing, so timeouts cost no timer
     * work per request.
     */
    public void wakeWithin(long now, long delayNanos) {
        long at = now + delayNanos;
        if (wakeUp != null && wakeUpAt - at <= 0) {
            return;
        }
        if (wakeUp != null) {
            wakeUp.cancel(false);
        }
        wakeUpAt = at;
        wakeUp = channel.eventLoop().schedule(wake, delayNanos, TimeUnit.NANOSECONDS);
    }

    private void wake() {
        wakeUp = null;
        if (listener != null) {
            listener.onUpstreamTimer();
        }
    }

    /** Gives the connection back to the pool after a complete, reusable exchange that ended at {@code now}. */
    public void release(long now) {
        listener = null;
        completedRequests++;
        responses.responseEnded();
        if (responses.holdsUnreadBytes()) {
            // The server sent more than its response declared: the rest is not the next response.
            // Checked here, not left to the decoder's next turn, because a pipelined request of this
            // event loop could take the connection from the pool before that turn comes.
            channel.close();
            return;
        }
        channel.config().setAutoRead(true);
        pool.release(this, now);
    }

    /**
     * Takes the connection out of HTTP use for good, after its server switched protocols: the HTTP
     * codec leaves the pipeline and {@code relay} gets every byte read from now on, including any
     * that came right after the switch. The connection never returns to the pool; when it closes,
     * the pool just forgets it.
     */
    public void switchProtocols(ChannelHandler relay) {
        listener = null;
        if (wakeUp != null) {
            wakeUp.cancel(false);
            wakeUp = null;
        }
        ChannelPipeline pipeline = channel.pipeline();
        pipeline.addBefore(pipeline.context(this).name(), null, relay);
        pipeline.remove(UpstreamRequestEncoder.class);
        pipeline.remove(UpstreamResponseDecoder.class);
    }

    /** Closes the connection; it never returns to the pool. */
    public void discard() {
        listener = null;
        channel.close();
    }

    /** When the connection went back to the pool (System.nanoTime). */
    long idleSince() {
        return idleSince;
    }

    void idleSince(long nanos) {
        idleSince = nanos;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (listener != null && msg instanceof HttpObject http) {
            listener.onUpstreamMessage(http);
        } else {
            // Nothing may arrive on an idle connection: the server broke the protocol; retire it.
            ReferenceCountUtil.release(msg);
            ctx.close();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (listener != null) {
            listener.onUpstreamReadComplete();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (listener != null) {
            listener.onUpstreamWritabilityChanged(ctx.channel().isWritable());
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (wakeUp != null) {
            wakeUp.cancel(false);
            wakeUp = null;
        }
        UpstreamListener l = listener;
        listener = null;
        if (l != null) {
            l.onUpstreamClosed(null);
        } else {
            pool.forget(this);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        UpstreamListener l = listener;
        listener = null;
        ctx.close();
        if (l != null) {
            l.onUpstreamClosed(cause);
        }
    }
}
