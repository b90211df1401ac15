package io.gatehouse.listener;

import io.gatehouse.config.ListenerConfig;
import io.gatehouse.http.h1.Http1Codec;
import io.gatehouse.http.h2.Http2Codec;
import io.gatehouse.server.Gateway;
import io.gatehouse.tls.ServerTls;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sets up each accepted client connection of one listener: the connection cap, TLS (with SNI) on
 * HTTPS listeners, then HTTP/1.x, or with {@code http2} the handler that chooses between HTTP/2 and
 * HTTP/1.x.
 */
public final class ListenerInitializer extends ChannelInitializer<SocketChannel> {

    private static final Logger log = LoggerFactory.getLogger(ListenerInitializer.class);

    private final ListenerConfig listener;
    private final Gateway gateway;
    private final ChannelGroup clients;
    private final ConnectionLimiter limiter;
    private long lastFullWarning;

    private final ServerTls tls;

    /** @param tls the listener's TLS, or {@code null} for plain HTTP */
    public ListenerInitializer(ListenerConfig listener, ServerTls tls, Gateway gateway,
                               ChannelGroup clients) {
        this.listener = listener;
        this.tls = tls;
        this.gateway = gateway;
        this.clients = clients;
        this.limiter = new ConnectionLimiter(listener.maxConnections());
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        if (!limiter.tryAcquire()) {
            warnFull();
            ch.close();
            return;
        }
        ch.closeFuture().addListener(f -> limiter.release());
        clients.add(ch);
        if (tls != null) {
            tls.install(ch);
        }
        if (listener.redirectHttps() != 0) {
            Http1Codec.installRedirect(ch.pipeline(), gateway, listener.redirectHttps());
        } else if (listener.http2()) {
            Http2Codec.installNegotiating(ch.pipeline(), gateway, tls != null);
        } else {
            Http1Codec.install(ch.pipeline(), gateway, tls != null ? "https" : "http", null);
        }
    }

    private void warnFull() {
        long now = System.nanoTime();
        synchronized (this) {
            if (now - lastFullWarning < 10_000_000_000L && lastFullWarning != 0) {
                return;
            }
            lastFullWarning = now;
        }
        log.warn("listener {} is at max_connections ({}): closing new connections", listener.name(),
                listener.maxConnections());
    }
}
