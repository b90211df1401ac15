package io.gatehouse.server;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
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
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The socket implementation: Linux io_uring when the kernel allows it, else epoll when its native
 * library loads, else JDK NIO; or the one {@value #PROPERTY} names. Client and upstream channels
 * share one event loop group, so a request's upstream channel can live on its client channel's
 * loop. {@code deferAccept} is the listener option for the kernel's deferred accept
 * ({@code TCP_DEFER_ACCEPT}), or null where the transport has none. {@code allocator} is the buffer
 * allocator for every channel of this transport.
 */
public record Transport(
        String name,
        IoHandlerFactory ioHandlerFactory,
        Class<? extends ServerChannel> serverChannel,
        Class<? extends SocketChannel> socketChannel,
        ChannelOption<Integer> deferAccept,
        ByteBufAllocator allocator) {

    private static final Logger log = LoggerFactory.getLogger(Transport.class);

    /** The system property that chooses a transport: {@code io_uring}, {@code epoll} or {@code nio}. */
    public static final String PROPERTY = "gatehouse.transport";

    /** Netty's system property that names a buffer allocator; when set, every transport uses it. */
    static final String ALLOCATOR_PROPERTY = "io.netty.allocator.type";

    /** Netty's system property for the pooled allocator's chunk size (a page times 2 to this power). */
    static final String MAX_ORDER_PROPERTY = "io.netty.allocator.maxOrder";

    /**
     * 1 MiB chunks, a quarter of Netty's default: 10 to 15 MiB less memory for about 3 % more CPU
     * per 64 KiB response (PERFORMANCE.md).
     */
    static final int IO_URING_MAX_ORDER = 7;

    /**
     * io_uring, then epoll, then NIO, whichever this machine can use first; or the transport
     * {@value #PROPERTY} names. A named transport this machine cannot use is logged, and so is an
     * io_uring that cannot make an event loop; then the next one in that order is taken.
     */
    public static Transport detect() {
        String wanted = System.getProperty(PROPERTY, "").trim().toLowerCase(Locale.ROOT);
        return switch (wanted) {
            case "", "io_uring" -> ioUringOrNext(!wanted.isEmpty());
            case "epoll" -> epollOrNio(true);
            case "nio" -> nio();
            default -> {
                log.warn("{}={}: unknown transport (io_uring, epoll or nio); using the default", PROPERTY, wanted);
                yield ioUringOrNext(false);
            }
        };
    }

    private static Transport ioUringOrNext(boolean named) {
        if (!IoUring.isAvailable()) {
            if (named) {
                log.warn("{}=io_uring: not available here ({}); using the next transport", PROPERTY,
                        IoUring.unavailabilityCause());
            }
            return epollOrNio(false);
        }
        try {
            IoHandlerFactory factory = IoUringIoHandler.newFactory();
            makeOneEventLoop(factory);
            return new Transport("io_uring", factory,
                    IoUringServerSocketChannel.class, IoUringSocketChannel.class, IoUringChannelOption.TCP_DEFER_ACCEPT,
                    IoUringAllocator.INSTANCE);
        } catch (RuntimeException e) {
            // Netty wraps the reason in "failed to create a child event loop".
            Throwable reason = e.getCause() != null ? e.getCause() : e;
            log.warn("io_uring: no event loop can be made here ({}); using the next transport", reason.toString());
            return epollOrNio(false);
        }
    }

    /**
     * Netty finds io_uring available when the kernel makes it a one-entry ring, but an event loop's
     * ring is larger, and kernels before 5.12 count rings against the locked-memory limit (64 KiB
     * on many systems). So one event loop is made and shut down again before io_uring is chosen:
     * a few milliseconds at start, instead of a start that fails.
     */
    private static void makeOneEventLoop(IoHandlerFactory factory) {
        new MultiThreadIoEventLoopGroup(1, factory).shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
    }

    /**
     * io_uring hands each receive buffer to the kernel until the receive completes. With Netty's
     * default (adaptive) allocator that cost 40 % more CPU per 64 KiB response than epoll, much of
     * it making and zeroing new chunks for those buffers; the pooled allocator reuses its chunks.
     * One per process, like Netty's own default. An allocator named with
     * {@value #ALLOCATOR_PROPERTY} wins, and a chunk size set with {@value #MAX_ORDER_PROPERTY} too.
     */
    static final class IoUringAllocator {
        static final ByteBufAllocator INSTANCE = create();

        private IoUringAllocator() {
        }

        private static ByteBufAllocator create() {
            if (System.getProperty(ALLOCATOR_PROPERTY) != null) {
                return ByteBufAllocator.DEFAULT;
            }
            int maxOrder = System.getProperty(MAX_ORDER_PROPERTY) != null
                    ? PooledByteBufAllocator.defaultMaxOrder() : IO_URING_MAX_ORDER;
            return new PooledByteBufAllocator(PooledByteBufAllocator.defaultPreferDirect(),
                    PooledByteBufAllocator.defaultNumHeapArena(), PooledByteBufAllocator.defaultNumDirectArena(),
                    PooledByteBufAllocator.defaultPageSize(), maxOrder,
                    PooledByteBufAllocator.defaultSmallCacheSize(), PooledByteBufAllocator.defaultNormalCacheSize(),
                    PooledByteBufAllocator.defaultUseCacheForAllThreads());
        }
    }

    private static Transport epollOrNio(boolean named) {
        if (Epoll.isAvailable()) {
            return new Transport("epoll", EpollIoHandler.newFactory(),
                    EpollServerSocketChannel.class, EpollSocketChannel.class, EpollChannelOption.TCP_DEFER_ACCEPT,
                    ByteBufAllocator.DEFAULT);
        }
        if (named) {
            log.warn("{}=epoll: not available here ({}); using nio", PROPERTY, Epoll.unavailabilityCause());
        }
        return nio();
    }

    private static Transport nio() {
        return new Transport("nio", NioIoHandler.newFactory(),
                NioServerSocketChannel.class, NioSocketChannel.class, null, ByteBufAllocator.DEFAULT);
    }

    /** A group of event loops; {@code threads} 0 means one per available core. */
    public EventLoopGroup newGroup(String threadPrefix, int threads) {
        int n = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        return new MultiThreadIoEventLoopGroup(n, new DefaultThreadFactory(threadPrefix, true), ioHandlerFactory);
    }
}
