package io.gatehouse.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Listener and server addresses, and the messages for malformed ones. */
class HostPortTest {

    @Test
    void readsHostAndPort() {
        assertEquals(new HostPort("127.0.0.1", 8080), HostPort.parse("127.0.0.1:8080"));
        assertEquals(new HostPort("api.internal", 4000), HostPort.parse("api.internal:4000"));
        assertEquals(new HostPort("localhost", 0), HostPort.parse("localhost:0"));
        assertEquals(new HostPort("h", 65535), HostPort.parse("h:65535"));
    }

    @Test
    void emptyHostMeansAllInterfaces() {
        HostPort any = HostPort.parse(":8080");
        assertEquals(new HostPort("", 8080), any);
        assertEquals(":8080", any.toString());
    }

    @Test
    void ipv6LiteralsAreStoredWithoutBrackets() {
        HostPort loopback = HostPort.parse("[::1]:9000");
        assertEquals(new HostPort("::1", 9000), loopback);
        assertEquals("[::1]", loopback.hostForUrl());
        assertEquals("[::1]:9000", loopback.toString());
        assertEquals(new HostPort("fe80::1%eth0", 80), HostPort.parse("[fe80::1%eth0]:80"));
    }

    @Test
    void rejectsAddressesWithoutAPort() {
        for (String text : new String[] {"localhost", "[::1]", "[::1]80", "", "8080"}) {
            assertEquals('"' + text + "\" is not host:port; use e.g. 127.0.0.1:8080, :8080 or [::1]:8080",
                    message(text), text);
        }
    }

    @Test
    void rejectsBadPorts() {
        for (String text : new String[] {"localhost:", "localhost:http", "1.2.3.4:65536", "h:-1", "h:123456"}) {
            assertEquals('"' + text + "\": the port must be a number from 0 to 65535", message(text), text);
        }
    }

    @Test
    void explainsCommonMistakes() {
        assertEquals("\"http://127.0.0.1:3000\" is not host:port; leave out the \"http://\"",
                message("http://127.0.0.1:3000"));
        assertEquals("\"::1:80\": write an IPv6 address in brackets, e.g. [::1]:8080", message("::1:80"));
        assertEquals("\"bad host:80\": \"bad host\" is not a valid host name", message("bad host:80"));
        assertEquals("\"[zz]:80\": \"zz\" is not an IPv6 address", message("[zz]:80"));
    }

    private static String message(String text) {
        return assertThrows(IllegalArgumentException.class, () -> HostPort.parse(text), text).getMessage();
    }
}
