package io.gatehouse.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.uring.IoUring;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TransportTest {

    private final String before = System.getProperty(Transport.PROPERTY);

    @AfterEach
    void restore() {
        if (before == null) {
            System.clearProperty(Transport.PROPERTY);
        } else {
            System.setProperty(Transport.PROPERTY, before);
        }
    }

    private static String epollOrNio() {
        return Epoll.isAvailable() ? "epoll" : "nio";
    }

    private static String theDefault() {
        return IoUring.isAvailable() ? "io_uring" : epollOrNio();
    }

    @Test
    void choosesIoUringThenEpollThenNioByDefault() {
        System.clearProperty(Transport.PROPERTY);
        assertEquals(theDefault(), Transport.detect().name());
    }

    @Test
    void ioUringPoolsItsBuffersAndTheOthersUseNettysDefault() {
        assumeTrue(IoUring.isAvailable(), "io_uring is not available here");
        System.setProperty(Transport.PROPERTY, "io_uring");
        ByteBufAllocator ioUring = Transport.detect().allocator();
        PooledByteBufAllocator pooled = assertInstanceOf(PooledByteBufAllocator.class, ioUring);
        assertEquals(1 << 20, pooled.chunkSize());
        System.setProperty(Transport.PROPERTY, "nio");
        assertSame(ByteBufAllocator.DEFAULT, Transport.detect().allocator());
    }

    @Test
    void theNamedTransportWins() {
        System.setProperty(Transport.PROPERTY, "NIO");
        assertEquals("nio", Transport.detect().name());
        System.setProperty(Transport.PROPERTY, "io_uring");
        assertEquals(theDefault(), Transport.detect().name());
        System.setProperty(Transport.PROPERTY, "epoll");
        assertEquals(epollOrNio(), Transport.detect().name());
    }

    @Test
    void anUnknownNameFallsBackToTheDefault() {
        System.setProperty(Transport.PROPERTY, "kqueue");
        assertEquals(theDefault(), Transport.detect().name());
    }
}
