package io.gatehouse.http.h2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.testing.ProxyHarness;
import io.gatehouse.testing.RawBackend;
import io.netty.handler.codec.http2.Http2Headers;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** HTTP/2 requests in front of a raw HTTP/1.1 upstream: what is refused, and what the client gets back. */
class Http2ToUpstreamIT {

    private static final String NO_CONTENT = "HTTP/1.1 204 No Content\r\nContent-Length: 0\r\nX-Kept: 1\r\n\r\n";

    private static RawBackend answering(String response) throws Exception {
        return RawBackend.start((s, b) -> {
            while (b.readRequest(s) != null) {
                RawBackend.send(s, response);
            }
        });
    }

    private static ProxyHarness proxyTo(RawBackend backend) throws Exception {
        return ProxyHarness.withUpstream("backend", "servers: [127.0.0.1:%d]".formatted(backend.port()));
    }

    @Test
    void anAbsoluteUriInThePathIsResetAndNeverForwarded() throws Exception {
        try (RawBackend backend = answering(NO_CONTENT); ProxyHarness proxy = proxyTo(backend);
             H2cClient client = H2cClient.connect(proxy.port())) {
            H2cClient.Call call = client.send(H2cClient.headers("GET", "http://admin.internal/secret"), null);

            assertThrows(ExecutionException.class, call::status); // the stream is reset: no response
            assertEquals(204, client.send(H2cClient.headers("GET", "/after"), null).status());
            assertFalse(backend.received().contains("admin.internal"), backend.received());
            assertTrue(backend.received().contains("GET /after HTTP/1.1"), backend.received());
        }
    }

    @Test
    void a204LosesItsContentLength() throws Exception {
        // RFC 9110 section 8.6: not allowed on a 204 (Netty's HTTP/1.1 encoder removes it itself).
        try (RawBackend backend = answering(NO_CONTENT); ProxyHarness proxy = proxyTo(backend);
             H2cClient client = H2cClient.connect(proxy.port())) {
            H2cClient.Call call = client.send(H2cClient.headers("GET", "/none"), null);

            assertEquals(204, call.status());
            Http2Headers head = call.head.get();
            assertEquals("1", head.get("x-kept").toString());
            assertFalse(head.contains("content-length"), head.toString());
        }
    }
}
