package io.gatehouse.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NettyDefaultsTest {

    private final Map<String, String> before = new HashMap<>();

    NettyDefaultsTest() {
        NettyDefaults.DEFAULTS.keySet().forEach(name -> before.put(name, System.getProperty(name)));
        NettyDefaults.OLDER_NAMES.values().forEach(names -> names.forEach(name -> before.put(name, System.getProperty(name))));
    }

    @AfterEach
    void restore() {
        before.forEach((name, value) -> {
            if (value == null) {
                System.clearProperty(name);
            } else {
                System.setProperty(name, value);
            }
        });
    }

    @Test
    void nettysFlightRecorderEventsAndLeakDetectorAreOffByDefault() {
        before.keySet().forEach(System::clearProperty);
        NettyDefaults.apply();
        assertEquals("false", System.getProperty(NettyDefaults.JFR_EVENTS));
        assertEquals("disabled", System.getProperty(NettyDefaults.LEAK_DETECTION));
    }

    @Test
    void aValueGivenByTheUserWins() {
        System.setProperty(NettyDefaults.JFR_EVENTS, "true");
        System.setProperty(NettyDefaults.LEAK_DETECTION, "paranoid");
        NettyDefaults.apply();
        assertEquals("true", System.getProperty(NettyDefaults.JFR_EVENTS));
        assertEquals("paranoid", System.getProperty(NettyDefaults.LEAK_DETECTION));
    }

    @Test
    void theLeakDetectorsOlderPropertyNameWinsToo() {
        before.keySet().forEach(System::clearProperty);
        System.setProperty("io.netty.leakDetectionLevel", "paranoid");
        NettyDefaults.apply();
        assertNull(System.getProperty(NettyDefaults.LEAK_DETECTION), "Netty reads the older name when the new one is absent");
        assertEquals("false", System.getProperty(NettyDefaults.JFR_EVENTS));
    }
}
