package io.gatehouse.proxy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.testing.ProxyHarness;
import io.gatehouse.testing.RawBackend;
import io.gatehouse.testing.RawClient;
import org.junit.jupiter.api.Test;

/** How an upstream's response head is passed on when it is valid but not quite as sent. */
class ResponseHeadsIT {

    /** The raw response the client gets for a GET when the upstream answers {@code response}. */
    private static String relay(String response) throws Exception {
        try (RawBackend backend = RawBackend.start((s, b) -> {
            b.readRequest(s);
            RawBackend.send(s, response);
            s.getInputStream().read();
        }); ProxyHarness proxy = ProxyHarness.withUpstream("backend", "servers: [127.0.0.1:%d]".formatted(backend.port()));
             RawClient client = new RawClient(proxy.port())) {
            return client.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n").readResponse();
        }
    }

    @Test
    void whitespaceBetweenAFieldNameAndItsColonIsRemoved() throws Exception {
        // RFC 9112 section 5.1: a proxy removes it before forwarding.
        String answer = relay("HTTP/1.1 200 OK\r\nX-Spaced : yes\r\nContent-Length: 2\r\n\r\nok");

        assertTrue(answer.startsWith("HTTP/1.1 200 "), answer);
        assertTrue(answer.contains("\r\nX-Spaced: yes\r\n"), answer);
    }
}
