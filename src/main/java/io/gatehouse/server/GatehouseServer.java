package io.gatehouse.server;

import io.gatehouse.config.GatehouseConfig;
import io.gatehouse.config.ListenerConfig;
import io.gatehouse.http.h1.Http1ServerHandler;
import io.gatehouse.http.h2.Http2LifecycleHandler;
import io.gatehouse.listener.ListenerInitializer;
import io.gatehouse.tls.CertificateWatcher;
import io.gatehouse.tls.ServerTls;
import javax.net.ssl.SSLException;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running proxy: its event loops, one server channel per listener, and the gateway they serve.
 * Stops gracefully: stop accepting, let in-flight requests finish up to the drain timeout, exit.
 */
public final class GatehouseServer {

    private static final Logger log = LoggerFactory.getLogger(GatehouseServer.class);

    private final Transport transport;
    private final EventLoopGroup group;
    private final Gateway gateway;
    private final ChannelGroup clients = new DefaultChannelGroup("clients", GlobalEventExecutor.INSTANCE);
    private final List<Channel> serverChannels = new ArrayList<>();
    private final CertificateWatcher certificateWatcher = new CertificateWatcher();

    private GatehouseServer(Transport transport, EventLoopGroup group, Gateway gateway) {
        this.transport = transport;
        this.group = group;
        this.gateway = gateway;
    }

    /**
     * Builds the gateway and binds every listener.
     *
     * @throws StartupException with a one-line message for the user (port in use, unresolvable host)
     */
    public static GatehouseServer start(GatehouseConfig config) throws StartupException {
        Transport transport = Transport.detect();
        Gateway gateway;
        try {
            gateway = Gateway.build(config, transport);
        } catch (IOException e) {
            throw new StartupException(e.getMessage(), e);
        }
        EventLoopGroup group = transport.newGroup("gatehouse-io", Integer.getInteger("gatehouse.threads", 0));
        GatehouseServer server = new GatehouseServer(transport, group, gateway);
        try {
            for (int i = 0; i < config.listeners().size(); i++) {
                server.bind(i, config.listeners().get(i));
            }
        } catch (StartupException | RuntimeException e) {
            server.stopNow();
            throw e;
        }
        server.certificateWatcher.start();
        return server;
    }

    private void bind(int index, ListenerConfig listener) throws StartupException {
        ServerTls tls = null;
        if (listener.isTls()) {
            try {
                tls = ServerTls.build(listener.tls(), listener.http2());
            } catch (SSLException e) {
                throw new StartupException("listeners[" + index + "].tls: " + e.getMessage(), e);
            }
            certificateWatcher.watch(listener.name(), tls);
        }
        ServerBootstrap b = new ServerBootstrap()
                .group(group)
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 4096)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.AUTO_READ, true)
                .childOption(ChannelOption.ALLOCATOR, transport.allocator())
                // No TCP_NODELAY option: Netty already sets it on every socket it makes, and setting
                // it again would cost one more system call per accepted connection.
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(32 << 10, 64 << 10))
                .childHandler(new ListenerInitializer(listener, tls, gateway, clients));
        if (transport.deferAccept() != null) {
            // HTTP clients speak first: the kernel hands a connection over once its first bytes are
            // in (or after a second), so accepting it and reading the request are one wake-up.
            b.option(transport.deferAccept(), 1);
        }
        InetSocketAddress address = listener.address().host().isEmpty()
                ? new InetSocketAddress(listener.address().port())
                : new InetSocketAddress(listener.address().host(), listener.address().port());
        if (address.isUnresolved()) {
            throw new StartupException("listeners[" + index + "].address: cannot resolve host \""
                    + listener.address().host() + "\"; check the name, or use an IP address", null);
        }
        try {
            Channel ch = b.bind(address).syncUninterruptibly().channel();
            serverChannels.add(ch);
            InetSocketAddress bound = (InetSocketAddress) ch.localAddress();
            String kind = tls != null ? "https, " + tls.providerName()
                    : listener.redirectHttps() != 0 ? "http, redirect to https:" + listener.redirectHttps() : "http";
            log.info("listening on {}:{} ({})", hostText(listener), bound.getPort(), kind);
        } catch (Exception e) {
            String why = e instanceof BindException ? "address already in use or not available"
                    : e.getMessage() != null ? e.getMessage() : e.toString();
            throw new StartupException("listeners[" + index + "].address: cannot listen on " + listener.address()
                    + ": " + why + "; stop the other process or choose another address", e);
        }
    }

    private static String hostText(ListenerConfig listener) {
        return listener.address().host().isEmpty() ? "0.0.0.0" : listener.address().hostForUrl();
    }

    /** The addresses actually bound, in listener order (useful with port 0). */
    public List<InetSocketAddress> boundAddresses() {
        List<InetSocketAddress> out = new ArrayList<>();
        for (Channel ch : serverChannels) {
            out.add((InetSocketAddress) ch.localAddress());
        }
        return out;
    }

    public String transportName() {
        return transport.name();
    }

    /** Stops accepting, lets open requests finish for up to {@code drain}, then closes everything. */
    public void shutdown(Duration drain) {
        for (Channel ch : serverChannels) {
            ch.close().syncUninterruptibly();
        }
        gateway.startDraining();
        for (Channel ch : clients) {
            ch.eventLoop().execute(() -> {
                Http1ServerHandler h = ch.pipeline().get(Http1ServerHandler.class);
                if (h != null) {
                    h.drain();
                }
                Http2LifecycleHandler h2 = ch.pipeline().get(Http2LifecycleHandler.class);
                if (h2 != null) {
                    h2.drain();
                }
            });
        }
        long deadline = System.nanoTime() + drain.toNanos();
        while (!clients.isEmpty() && System.nanoTime() < deadline) {
            sleep(20);
        }
        if (!clients.isEmpty()) {
            log.warn("drain timeout: closing {} connections with requests still in flight", clients.size());
        }
        stopNow();
    }

    private void stopNow() {
        certificateWatcher.close();
        clients.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        gateway.close();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
