package io.gatehouse.listener;

import io.gatehouse.config.ListenerConfig;
import io.gatehouse.http.h1.Http1Codec;
import io.gatehouse.server.Gateway;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sets up each accepted client connection of one listener: the connection cap, the strict HTTP/1.x
 * codec and the connection handler. The gateway is read at accept time, so a reload affects new
 * connections only.
 */
public final class ListenerInitializer extends ChannelInitializer<SocketChannel> {

    private static final Logger log = LoggerFactory.getLogger(ListenerInitializer.class);

    private final ListenerConfig listener;
    private final Supplier<Gateway> gateway;
    private final ChannelGroup clients;
    private final ConnectionLimiter limiter;
    private long lastFullWarning;

    public ListenerInitializer(ListenerConfig listener, Supplier<Gateway> gateway, ChannelGroup clients) {
        this.listener = listener;
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
        Http1Codec.install(ch.pipeline(), gateway.get(), "http");
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
