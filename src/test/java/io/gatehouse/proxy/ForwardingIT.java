package io.gatehouse.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.testing.BackendBehindProxy;
import io.gatehouse.testing.RawClient;
import io.gatehouse.testing.TestBackend;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** Plain forwarding: methods, bodies both ways, keep-alive and pipelining, HTTP/1.0 clients. */
class ForwardingIT extends BackendBehindProxy {

    ForwardingIT() {
        super("b1", "");
    }

    @Test
    void getIsForwardedAndAnswered() throws Exception {
        HttpResponse<String> r = proxy.get("/hello?x=1");
        assertEquals(200, r.statusCode());
        assertEquals("b1 GET /hello?x=1", r.body());
        TestBackend.Received got = backend.take();
        assertEquals("/hello?x=1", got.uri());
    }

    @Test
    void postBodyReachesBackendWhole() throws Exception {
        backend.answer(ex -> TestBackend.reply(ex, 201, "got " + ex.getRequestHeaders().getFirst("Content-Length")));
        String body = "x".repeat(100_000);
        HttpResponse<String> r = proxy.client().send(HttpRequest.newBuilder(proxy.uri("/upload"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, r.statusCode());
        assertEquals(body, backend.take().bodyText());
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        try (RawClient c = new RawClient(proxy.port())) {
            c.send("GET /one HTTP/1.1\r\nHost: a\r\n\r\nGET /two HTTP/1.1\r\nHost: a\r\n\r\n"
                    + "GET /three HTTP/1.1\r\nHost: a\r\n\r\n");
            assertTrue(c.readResponse().endsWith("b1 GET /one"));
            assertTrue(c.readResponse().endsWith("b1 GET /two"));
            assertTrue(c.readResponse().endsWith("b1 GET /three"));
        }
    }

    @Test
    void http10ClientGetsAnAnswerAndTheConnectionCloses() throws Exception {
        try (RawClient c = new RawClient(proxy.port())) {
            String all = c.send("GET /old HTTP/1.0\r\n\r\n").readAll();
            assertTrue(all.startsWith("HTTP/1.1 200"), all);
            assertTrue(all.endsWith("b1 GET /old"), all);
        }
    }
}
