package io.gatehouse.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

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

    @Test
    void choosesEpollByDefault() {
        System.clearProperty(Transport.PROPERTY);
        assertEquals(epollOrNio(), Transport.detect().name());
    }

    @Test
    void theNamedTransportWins() {
        System.setProperty(Transport.PROPERTY, "NIO");
        assertEquals("nio", Transport.detect().name());
        System.setProperty(Transport.PROPERTY, "io_uring");
        assertEquals(IoUring.isAvailable() ? "io_uring" : epollOrNio(), Transport.detect().name());
    }

    @Test
    void anUnknownNameFallsBackToTheDefault() {
        System.setProperty(Transport.PROPERTY, "kqueue");
        assertEquals(epollOrNio(), Transport.detect().name());
    }
}
