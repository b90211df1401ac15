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

    private static String fastest() {
        return IoUring.isAvailable() ? "io_uring" : Epoll.isAvailable() ? "epoll" : "nio";
    }

    @Test
    void choosesTheFastestAvailableByDefault() {
        System.clearProperty(Transport.PROPERTY);
        assertEquals(fastest(), Transport.detect().name());
    }

    @Test
    void theNamedTransportWins() {
        System.setProperty(Transport.PROPERTY, "NIO");
        assertEquals("nio", Transport.detect().name());
        System.setProperty(Transport.PROPERTY, "epoll");
        assertEquals(Epoll.isAvailable() ? "epoll" : "nio", Transport.detect().name());
    }

    @Test
    void anUnknownNameFallsBackToTheDefault() {
        System.setProperty(Transport.PROPERTY, "kqueue");
        assertEquals(fastest(), Transport.detect().name());
    }
}
