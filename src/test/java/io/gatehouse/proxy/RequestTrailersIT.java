package io.gatehouse.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.testing.ProxyHarness;
import io.gatehouse.testing.RawBackend;
import io.gatehouse.testing.RawClient;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A client's trailer section reaches the upstream without the fields a trailer may not carry. */
class RequestTrailersIT {

    @Test
    void forgedRoutingAuthenticationAndForwardingTrailersAreDroppedAndOthersForwarded() throws Exception {
        CompletableFuture<String> body = new CompletableFuture<>();
        try (RawBackend backend = RawBackend.start((s, b) -> {
            b.readRequest(s);
            body.complete(readUntilBlankLine(s.getInputStream()));
            RawBackend.send(s, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
            s.getInputStream().read();
        }); ProxyHarness proxy = ProxyHarness.withUpstream("backend", "servers: [127.0.0.1:%d]".formatted(backend.port()));
             RawClient client = new RawClient(proxy.port())) {
            String answer = client.send("""
                    POST /upload HTTP/1.1\r
                    Host: a\r
                    Transfer-Encoding: chunked\r
                    \r
                    3\r
                    abc\r
                    0\r
                    Host: evil.example\r
                    Authorization: Bearer x\r
                    Cookie: sess=evil\r
                    X-Forwarded-For: 6.6.6.6\r
                    Content-Type: text/evil\r
                    X-Checksum: abc\r
                    \r
                    """).readResponse();
            assertTrue(answer.startsWith("HTTP/1.1 200 "), answer);
            String forwarded = body.get(5, TimeUnit.SECONDS).toLowerCase();
            assertTrue(forwarded.contains("\r\nx-checksum: abc\r\n"), forwarded);
            for (String name : new String[] {"host", "authorization", "cookie", "x-forwarded-for", "content-type"}) {
                assertFalse(forwarded.contains("\r\n" + name + ":"), name + " in " + forwarded);
            }
            assertEquals(1, backend.connections());
        }
    }

    /** The chunked body and trailer section, up to the blank line that ends them. */
    private static String readUntilBlankLine(InputStream in) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        String text = "";
        while (!text.endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            bytes.write(b);
            text = bytes.toString(StandardCharsets.ISO_8859_1);
        }
        return "\r\n" + text;
    }
}
