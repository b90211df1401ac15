package io.gatehouse.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.testing.ProxyHarness;
import io.gatehouse.testing.TestBackend;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The sticky cookie: set on the response, pins the client, and moves it when its server is gone. */
class StickyIT {

    private static HttpResponse<String> get(ProxyHarness proxy, String cookie) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(proxy.uri("/cart")).timeout(Duration.ofSeconds(10));
        if (cookie != null) {
            r.header("Cookie", cookie);
        }
        return proxy.client().send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** "gh_route=VALUE" from the response's Set-Cookie, if it has one. */
    private static Optional<String> cookie(HttpResponse<String> r) {
        return r.headers().firstValue("Set-Cookie").map(v -> v.substring(0, v.indexOf(';')));
    }

    @Test
    void aClientStaysOnItsServerUntilThatServerIsDown() throws Exception {
        TestBackend a = TestBackend.start("a");
        TestBackend b = TestBackend.start("b");
        TestBackend c = TestBackend.start("c");
        try (a; b; c; ProxyHarness proxy = ProxyHarness.inFrontOf("sticky: {cookie: gh_route, ttl: 1h}", a, b, c)) {
            HttpResponse<String> first = get(proxy, null);
            String setCookie = first.headers().firstValue("Set-Cookie").orElseThrow();
            assertTrue(setCookie.matches("gh_route=[0-9a-f]+; Path=/; Max-Age=3600; HttpOnly; SameSite=Lax"), setCookie);
            String pin = cookie(first).orElseThrow();
            String server = first.body().substring(0, 1);
            for (int i = 0; i < 10; i++) {
                HttpResponse<String> again = get(proxy, "theme=dark; " + pin);
                assertEquals(server, again.body().substring(0, 1), "pinned");
                assertEquals(Optional.empty(), cookie(again), "already pinned there: no new cookie");
            }
            TestBackend pinned = server.equals("a") ? a : server.equals("b") ? b : c;
            pinned.close();
            HttpResponse<String> moved = get(proxy, pin);
            assertEquals(200, moved.statusCode(), "the connect error is retried elsewhere");
            String newServer = moved.body().substring(0, 1);
            assertNotEquals(server, newServer);
            String newPin = cookie(moved).orElseThrow();
            assertNotEquals(pin, newPin);
            for (int i = 0; i < 5; i++) {
                assertEquals(newServer, get(proxy, newPin).body().substring(0, 1), "pinned to the new server");
                assertNotEquals(server, get(proxy, pin).body().substring(0, 1), "the old pin falls back");
            }
        }
    }
}
