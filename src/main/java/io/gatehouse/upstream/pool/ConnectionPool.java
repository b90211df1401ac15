package io.gatehouse.upstream.pool;

import io.gatehouse.config.UpstreamConfig;
import io.gatehouse.http.DecodedHeaders;
import io.gatehouse.server.Transport;
import io.gatehouse.tls.UpstreamTls;
import io.gatehouse.upstream.UpstreamServer;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoop;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.ssl.SslHandler;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Keep-alive connections to one upstream server. Each event loop has its own idle list, so a
 * request's upstream connection lives on its client connection's loop and needs no locking.
 * Idle connections are reused most-recent-first (the least likely to have been closed by the
 * server), capped at {@code keepalive} per loop (after a burst, the extra ones stay one second
 * in case it comes again), and closed after {@code idle_timeout}.
 * Connections to an https server speak TLS: a new one is ready once its handshake succeeded.
 */
public final class ConnectionPool {

    /** Largest response head accepted from an upstream server. */
    static final int MAX_RESPONSE_HEADER_SIZE = 64 << 10;
    /** How long connections beyond {@code keepalive} may stay idle before they are closed. */
    static final long EXCESS_IDLE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final UpstreamServer server;
    private final int maxIdle;
    private final long idleTimeoutNanos;
    private final int connectTimeoutMillis;
    private final Transport transport;
    private final UpstreamTls tls;
    private final Map<EventLoop, LoopPool> loops = new ConcurrentHashMap<>();

    /** @param tls the upstream's TLS for an https server, or {@code null} for plain HTTP */
    public ConnectionPool(UpstreamServer server, UpstreamConfig config, Transport transport, UpstreamTls tls) {
        this.server = server;
        this.tls = tls;
        this.maxIdle = config.keepalive();
        this.idleTimeoutNanos = config.idleTimeout().toNanos();
        this.connectTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, config.timeouts().connect().toMillis());
        this.transport = transport;
    }

    /** The most recently used idle connection that is still open, or {@code null}. Call on {@code loop}. */
    public UpstreamConnection pollIdle(EventLoop loop) {
        LoopPool lp = loops.get(loop);
        if (lp == null) {
            return null;
        }
        UpstreamConnection c;
        while ((c = lp.idle.pollLast()) != null) {
            if (c.channel().isActive()) {
                return c;
            }
        }
        return null;
    }

    /**
     * Opens a new connection on {@code loop}; its {@link UpstreamConnection} is in its pipeline. The
     * future succeeds when the connection can carry a request: with TLS, after the handshake.
     */
    public ChannelFuture connect(EventLoop loop) {
        Bootstrap bootstrap = loops.computeIfAbsent(loop, this::newLoopPool).bootstrap;
        ChannelFuture connected = bootstrap.connect(server.socketAddress());
        if (tls == null) {
            return connected;
        }
        ChannelPromise ready = connected.channel().newPromise();
        connected.addListener((ChannelFuture f) -> {
            if (!f.isSuccess()) {
                ready.tryFailure(f.cause());
                return;
            }
            f.channel().pipeline().get(SslHandler.class).handshakeFuture().addListener(handshake -> {
                if (handshake.isSuccess()) {
                    ready.trySuccess();
                } else {
                    tls.logHandshakeFailure(server, handshake.cause());
                    ready.tryFailure(handshake.cause());
                }
            });
        });
        return ready;
    }

    /** The connection object of a channel made by {@link #connect}. */
    public static UpstreamConnection connectionOf(Channel channel) {
        return channel.pipeline().get(UpstreamConnection.class);
    }

    /**
     * Takes a connection back after a complete exchange. Beyond {@code keepalive} idle connections,
     * the extra ones are closed only once they have stayed unused for {@link #EXCESS_IDLE_NANOS}: a
     * burst that comes again at once finds its connections still open instead of opening new ones.
     */
    void release(UpstreamConnection c, long now) {
        Channel ch = c.channel();
        LoopPool lp = loops.get(ch.eventLoop());
        if (lp == null || lp.closed || !ch.isActive() || maxIdle == 0) {
            ch.close();
            return;
        }
        c.idleSince(now);
        lp.idle.addLast(c);
        if (lp.idle.size() > maxIdle && lp.trim == null) {
            lp.trim = ch.eventLoop().schedule(lp.trimmer, EXCESS_IDLE_NANOS, TimeUnit.NANOSECONDS);
        }
        if (lp.sweep == null) {
            lp.sweep = ch.eventLoop().schedule(lp.sweeper, idleTimeoutNanos, TimeUnit.NANOSECONDS);
        }
    }

    /** Closes the oldest idle connections beyond {@code keepalive} that stayed unused for the grace time. */
    private void trim(LoopPool lp) {
        lp.trim = null;
        long now = System.nanoTime();
        UpstreamConnection oldest;
        while (lp.idle.size() > maxIdle && now - (oldest = lp.idle.peekFirst()).idleSince() >= EXCESS_IDLE_NANOS) {
            lp.idle.pollFirst();
            oldest.channel().close();
        }
        if (lp.idle.size() > maxIdle) {
            long wait = lp.idle.peekFirst().idleSince() + EXCESS_IDLE_NANOS - now;
            lp.trim = lp.loop.schedule(lp.trimmer, wait, TimeUnit.NANOSECONDS);
        }
    }

    /**
     * Closes the connections idle for idle_timeout. The idle list is ordered by release time (reuse
     * takes from the newest end), so the expired ones are at its oldest end; one scheduled sweep per
     * loop replaces a timer per released connection.
     */
    private void sweep(LoopPool lp) {
        lp.sweep = null;
        long now = System.nanoTime();
        UpstreamConnection oldest;
        while ((oldest = lp.idle.peekFirst()) != null && now - oldest.idleSince() >= idleTimeoutNanos) {
            lp.idle.pollFirst().channel().close();
        }
        if (oldest != null) {
            long wait = oldest.idleSince() + idleTimeoutNanos - now;
            lp.sweep = lp.loop.schedule(lp.sweeper, wait, TimeUnit.NANOSECONDS);
        }
    }

    void forget(UpstreamConnection c) {
        LoopPool lp = loops.get(c.channel().eventLoop());
        if (lp != null) {
            lp.idle.remove(c);
        }
    }

    /** Closes every idle connection and keeps none from now on. */
    public void close() {
        for (LoopPool lp : loops.values()) {
            lp.loop.execute(() -> {
                lp.closed = true;
                UpstreamConnection c;
                while ((c = lp.idle.pollLast()) != null) {
                    c.channel().close();
                }
            });
        }
    }

    private LoopPool newLoopPool(EventLoop loop) {
        Bootstrap bootstrap = new Bootstrap()
                .group(loop)
                .channel(transport.socketChannel())
                .option(ChannelOption.AUTO_READ, true)
                .option(ChannelOption.ALLOCATOR, transport.allocator())
                // TCP_NODELAY is Netty's default for every socket: not set again (a system call each).
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(32 << 10, 64 << 10))
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        HttpDecoderConfig decoder = new HttpDecoderConfig()
                                .setMaxHeaderSize(MAX_RESPONSE_HEADER_SIZE)
                                .setMaxInitialLineLength(8 << 10)
                                .setMaxChunkSize(64 << 10)
                                .setHeadersFactory(DecodedHeaders.FACTORY);
                        if (tls != null) {
                            ch.pipeline().addLast(tls.newHandler(ch.alloc(), server.address(), connectTimeoutMillis));
                        }
                        UpstreamResponseDecoder responses = new UpstreamResponseDecoder(decoder);
                        ch.pipeline().addLast(responses, new UpstreamRequestEncoder(responses));
                        ch.pipeline().addLast(new UpstreamConnection(ConnectionPool.this, responses));
                    }
                });
        LoopPool lp = new LoopPool(loop, bootstrap);
        lp.sweeper = () -> sweep(lp);
        lp.trimmer = () -> trim(lp);
        return lp;
    }

    /** One event loop's idle connections to this server. Touched only on that loop. */
    private static final class LoopPool {
        final EventLoop loop;
        final Bootstrap bootstrap;
        final ArrayDeque<UpstreamConnection> idle = new ArrayDeque<>();
        Runnable sweeper;
        ScheduledFuture<?> sweep;
        Runnable trimmer;
        ScheduledFuture<?> trim;
        boolean closed;

        LoopPool(EventLoop loop, Bootstrap bootstrap) {
            this.loop = loop;
            this.bootstrap = bootstrap;
        }
    }
}
