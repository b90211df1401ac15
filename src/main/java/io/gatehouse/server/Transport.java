package io.gatehouse.server;

import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringChannelOption;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The socket implementation: Linux epoll when the native library loads, else JDK NIO, or io_uring
 * when named. Client and upstream channels share one event loop group, so a request's upstream
 * channel can live on its client channel's loop. {@code deferAccept} is the listener option for
 * the kernel's deferred accept ({@code TCP_DEFER_ACCEPT}), or null where the transport has none.
 */
public record Transport(
        String name,
        IoHandlerFactory ioHandlerFactory,
        Class<? extends ServerChannel> serverChannel,
        Class<? extends SocketChannel> socketChannel,
        ChannelOption<Integer> deferAccept) {

    private static final Logger log = LoggerFactory.getLogger(Transport.class);

    /** The system property that chooses a transport: {@code epoll}, {@code io_uring} or {@code nio}. */
    public static final String PROPERTY = "gatehouse.transport";

    /**
     * Linux epoll when its native library loads, else JDK NIO; or the transport {@value #PROPERTY}
     * names. A named transport this machine cannot use is logged, and epoll or NIO is taken.
     * io_uring is chosen only by name. With Netty's default allocator it costs less CPU per small
     * request than epoll, but 40 % more per 64 KiB response; with the pooled allocator that extra
     * cost goes, but the proxy holds 20 to 25 MiB more memory (see PERFORMANCE.md).
     */
    public static Transport detect() {
        String wanted = System.getProperty(PROPERTY, "").trim().toLowerCase(Locale.ROOT);
        return switch (wanted) {
            case "", "epoll" -> epollOrNio(!wanted.isEmpty());
            case "io_uring" -> ioUringOrDefault();
            case "nio" -> nio();
            default -> {
                log.warn("{}={}: unknown transport (epoll, io_uring or nio); using the default", PROPERTY, wanted);
                yield epollOrNio(false);
            }
        };
    }

    private static Transport ioUringOrDefault() {
        if (IoUring.isAvailable()) {
            return new Transport("io_uring", IoUringIoHandler.newFactory(),
                    IoUringServerSocketChannel.class, IoUringSocketChannel.class, IoUringChannelOption.TCP_DEFER_ACCEPT);
        }
        log.warn("{}=io_uring: not available here ({}); using the default", PROPERTY, IoUring.unavailabilityCause());
        return epollOrNio(false);
    }

    private static Transport epollOrNio(boolean named) {
        if (Epoll.isAvailable()) {
            return new Transport("epoll", EpollIoHandler.newFactory(),
                    EpollServerSocketChannel.class, EpollSocketChannel.class, EpollChannelOption.TCP_DEFER_ACCEPT);
        }
        if (named) {
            log.warn("{}=epoll: not available here ({}); using nio", PROPERTY, Epoll.unavailabilityCause());
        }
        return nio();
    }

    private static Transport nio() {
        return new Transport("nio", NioIoHandler.newFactory(),
                NioServerSocketChannel.class, NioSocketChannel.class, null);
    }

    /** A group of event loops; {@code threads} 0 means one per available core. */
    public EventLoopGroup newGroup(String threadPrefix, int threads) {
        int n = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        return new MultiThreadIoEventLoopGroup(n, new DefaultThreadFactory(threadPrefix, true), ioHandlerFactory);
    }
}
