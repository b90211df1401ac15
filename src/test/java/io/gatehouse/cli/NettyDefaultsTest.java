package io.gatehouse.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NettyDefaultsTest {

    private final String before = System.getProperty(NettyDefaults.JFR_EVENTS);

    @AfterEach
    void restore() {
        if (before == null) {
            System.clearProperty(NettyDefaults.JFR_EVENTS);
        } else {
            System.setProperty(NettyDefaults.JFR_EVENTS, before);
        }
    }

    @Test
    void nettysFlightRecorderEventsAreOffByDefault() {
        System.clearProperty(NettyDefaults.JFR_EVENTS);
        NettyDefaults.apply();
        assertEquals("false", System.getProperty(NettyDefaults.JFR_EVENTS));
    }

    @Test
    void aValueGivenByTheUserWins() {
        System.setProperty(NettyDefaults.JFR_EVENTS, "true");
        NettyDefaults.apply();
        assertEquals("true", System.getProperty(NettyDefaults.JFR_EVENTS));
    }
}
