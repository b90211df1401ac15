package io.gatehouse.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Relays raw bytes both ways between a client connection and an upstream connection after the
 * upstream switched protocols ({@code 101}, such as WebSocket). Each side is read only while the
 * other can take more, so a slow reader holds back the sender instead of filling memory. When
 * either side closes or fails, the other is closed once what was relayed to it has been written;
 * when no byte crossed in either direction for the idle time, both are closed. Both connections
 * are served by one event loop, the client's.
 */
public final class Tunnel {

    private final Channel upstream;
    private final long idleNanos;
    /** Tells the forwarding step that its upstream connection is gone (frees the server's slot). */
    private final Runnable upstreamClosed;
    private final Relay fromClient = new Relay(true);
    private final Relay fromUpstream = new Relay(false);
    private Channel client;
    private boolean started;
    private Consumer<Tunnel> closed;
    private long bytesFromUpstream;
    private long lastActivity;
    private ScheduledFuture<?> idleCheck;
    private Throwable failure;
    private boolean ended;

    Tunnel(Channel upstream, long idleNanos, Runnable upstreamClosed) {
        this.upstream = upstream;
        this.idleNanos = idleNanos;
        this.upstreamClosed = upstreamClosed;
    }

    /** The handler that takes what the upstream sends, for the upstream connection's pipeline. */
    ChannelHandler upstreamRelay() {
        return fromUpstream;
    }

    /** The handler that takes what the client sends, for the client connection's pipeline. */
    public ChannelHandler clientRelay() {
        return fromClient;
    }

    /**
     * Starts relaying; both relays are in place, and what each took so far (the bytes that came
     * right behind the request head or the {@code 101}, handed over as the HTTP decoders left)
     * goes on now. {@code closed} is told once, when the tunnel has ended (both connections closed
     * or closing).
     */
    public void start(Channel client, Consumer<Tunnel> closed) {
        this.client = client;
        this.closed = closed;
        started = true;
        fromClient.sendEarly();
        fromUpstream.sendEarly();
        lastActivity = System.nanoTime();
        idleCheck = client.eventLoop().schedule(this::checkIdle, idleNanos, TimeUnit.NANOSECONDS);
        client.config().setAutoRead(true);
        upstream.config().setAutoRead(true);
        if (!client.isActive() || !upstream.isActive()) {
            end(null);
        }
    }

    public long bytesFromUpstream() {
        return bytesFromUpstream;
    }

    /** Why the tunnel ended, or {@code null} for a close by either side or the idle time. */
    public Throwable failure() {
        return failure;
    }

    private void checkIdle() {
        if (ended) {
            return;
        }
        long idleFor = System.nanoTime() - lastActivity;
        if (idleFor >= idleNanos) {
            end(null);
        } else {
            idleCheck = client.eventLoop().schedule(this::checkIdle, idleNanos - idleFor, TimeUnit.NANOSECONDS);
        }
    }

    private void end(Throwable cause) {
        if (ended) {
            return;
        }
        ended = true;
        failure = cause;
        if (idleCheck != null) {
            idleCheck.cancel(false);
        }
        fromClient.dropEarly();
        fromUpstream.dropEarly();
        if (client != null) {
            closeAfterWrites(client);
        }
        closeAfterWrites(upstream);
        upstreamClosed.run();
        if (closed != null) {
            closed.accept(this);
        }
    }

    /**
     * Closes {@code channel} once what was relayed to it has been written, or after the idle time
     * when its peer does not read it (then it is closed with the rest unwritten).
     */
    private void closeAfterWrites(Channel channel) {
        if (channel.isActive()) {
            channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            Runnable forceClose = channel::close;
            channel.eventLoop().schedule(forceClose, idleNanos, TimeUnit.NANOSECONDS);
        } else {
            channel.close();
        }
    }

    /** One direction: reads from its own connection, writes to the other. */
    private final class Relay extends ChannelInboundHandlerAdapter {

        private final boolean isClient;
        /** Bytes taken before the tunnel started, in order. */
        private List<ByteBuf> early;

        Relay(boolean isClient) {
            this.isClient = isClient;
        }

        private Channel peer() {
            return isClient ? upstream : client;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            // What the HTTP decoders hand over as they leave is bytes; anything else (an empty
            // last piece after the 101) carries none.
            if (ended || !(msg instanceof ByteBuf bytes) || !bytes.isReadable()) {
                ReferenceCountUtil.release(msg);
                return;
            }
            if (!isClient) {
                bytesFromUpstream += bytes.readableBytes();
            }
            if (!started) {
                if (early == null) {
                    early = new ArrayList<>(2);
                }
                early.add(bytes);
                return;
            }
            Channel peer = peer();
            peer.write(bytes, peer.voidPromise());
        }

        void sendEarly() {
            if (early != null) {
                Channel peer = peer();
                early.forEach(bytes -> peer.write(bytes, peer.voidPromise()));
                early = null;
                peer.flush();
            }
        }

        void dropEarly() {
            if (early != null) {
                early.forEach(ByteBuf::release);
                early = null;
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            if (ended || !started) {
                return;
            }
            lastActivity = System.nanoTime();
            Channel peer = peer();
            peer.flush();
            if (!peer.isWritable()) {
                // The other side is slower: stop reading this one until it drains.
                ctx.channel().config().setAutoRead(false);
            }
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (started && !ended && ctx.channel().isWritable()) {
                peer().config().setAutoRead(true);
            }
            ctx.fireChannelWritabilityChanged();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            end(null);
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            end(cause);
        }
    }
}
