package io.gatehouse.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.testing.ProxyHarness;
import io.gatehouse.testing.RawClient;
import io.gatehouse.testing.TestBackend;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One access log line per request, in the combined and JSON formats, written to a file. */
class AccessLogIT {

    @TempDir
    Path dir;

    private List<String> linesOf(Path file, int expected) throws Exception {
        for (int i = 0; i < 100; i++) {
            if (Files.exists(file)) {
                List<String> lines = Files.readAllLines(file);
                if (lines.size() >= expected) {
                    return lines;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("access log " + file + " did not get " + expected + " lines");
    }

    private ProxyHarness proxy(TestBackend backend, Path log, String format) throws Exception {
        return ProxyHarness.start("""
                listeners:
                  - address: 127.0.0.1:0
                upstreams:
                  app:
                    servers: [{address: 127.0.0.1:%d}]
                routes:
                  - name: api
                    match: {path_prefix: /api/}
                    upstream: app
                access_log:
                  path: %s
                  format: %s
                """.formatted(backend.port(), log, format));
    }

    @Test
    void combinedLineHasRequestStatusBytesTimingsUpstreamAndRequestId() throws Exception {
        Path log = dir.resolve("logs/access.log");
        try (TestBackend backend = TestBackend.start("b"); ProxyHarness proxy = proxy(backend, log, "combined")) {
            HttpResponse<String> r = proxy.client().send(HttpRequest.newBuilder(proxy.uri("/api/x?q=1"))
                    .header("User-Agent", "tester/1.0").header("Referer", "http://ref/").build(),
                    HttpResponse.BodyHandlers.ofString());
            String id = r.headers().firstValue("X-Request-Id").orElseThrow();
            proxy.get("/nowhere");
            List<String> lines = linesOf(log, 2);
            String first = lines.get(0);
            String size = Integer.toString(r.body().length());
            assertTrue(first.matches("127\\.0\\.0\\.1 - - \\[[^]]+] \"GET /api/x\\?q=1 HTTP/1\\.1\" 200 " + size
                    + " \"http://ref/\" \"tester/1\\.0\" rt=\\d+\\.\\d{3} uct=\\d+\\.\\d{3} uht=\\d+\\.\\d{3}"
                    + " urt=\\d+\\.\\d{3} ua=127\\.0\\.0\\.1:" + backend.port() + " rid=" + id + " route=api"), first);
            assertTrue(lines.get(1).contains("\"GET /nowhere HTTP/1.1\" 404 "), lines.get(1));
            assertTrue(lines.get(1).contains(" uct=- uht=- urt=- ua=- "), lines.get(1));
        }
    }

    @Test
    void aRefusedRequestLineIsLoggedAsReceivedWithQuotesEscaped() throws Exception {
        Path log = dir.resolve("refused.log");
        try (TestBackend backend = TestBackend.start("b"); ProxyHarness proxy = proxy(backend, log, "combined")) {
            String[] lines = {"GET /api/a HTTP/2.0", "GET /api/b FOO/1.1", "GET /api/c http/1.1", "GET /api/d \"X/1\""};
            for (String line : lines) {
                try (RawClient c = new RawClient(proxy.port())) {
                    c.send(line + "\r\nHost: a\r\n\r\n").readResponse();
                }
            }
            List<String> logged = linesOf(log, lines.length);
            assertTrue(logged.get(0).contains("\"GET /api/a HTTP/2.0\" 505 "), logged.get(0));
            assertTrue(logged.get(1).contains("\"GET /api/b FOO/1.1\" 400 "), logged.get(1));
            assertTrue(logged.get(2).contains("\"GET /api/c http/1.1\" 400 "), logged.get(2));
            assertTrue(logged.get(3).contains("\"GET /api/d \\x22X/1\\x22\" 400 "), logged.get(3));
            assertEquals(0, backend.receivedCount());
        }
    }

    @Test
    void jsonLineIsOneObjectWithNamedFields() throws Exception {
        Path log = dir.resolve("access.json");
        try (TestBackend backend = TestBackend.start("b"); ProxyHarness proxy = proxy(backend, log, "json")) {
            HttpResponse<String> r = proxy.get("/api/\"quoted\"".replace("\"", "%22"));
            assertEquals(200, r.statusCode());
            String line = linesOf(log, 1).get(0);
            var node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(line);
            assertEquals("127.0.0.1", node.get("client").asText());
            assertEquals("GET", node.get("method").asText());
            assertEquals("/api/%22quoted%22", node.get("uri").asText());
            assertEquals(200, node.get("status").asInt());
            assertEquals(r.body().length(), node.get("bytes_sent").asInt());
            assertEquals("127.0.0.1:" + backend.port(), node.get("upstream_addr").asText());
            assertEquals(r.headers().firstValue("X-Request-Id").orElseThrow(), node.get("request_id").asText());
            assertEquals("api", node.get("route").asText());
            assertTrue(node.get("request_time").isNumber());
            assertTrue(node.get("upstream_header_time").isNumber());
        }
    }

    @Test
    void timingsCountFromTheUpstreamAttemptAndAPooledConnectionTakesNoTimeToGet() throws Exception {
        Path log = dir.resolve("timings.json");
        try (TestBackend backend = TestBackend.start("b"); ProxyHarness proxy = proxy(backend, log, "json")) {
            backend.answer(exchange -> {
                try {
                    Thread.sleep(150); // the response head comes 150 ms after the request
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                TestBackend.reply(exchange, 200, "late");
            });
            assertEquals(200, proxy.get("/api/a").statusCode());
            assertEquals(200, proxy.get("/api/b").statusCode());
            var second = new com.fasterxml.jackson.databind.ObjectMapper().readTree(linesOf(log, 2).get(1));
            double connect = second.get("upstream_connect_time").asDouble();
            double header = second.get("upstream_header_time").asDouble();
            double response = second.get("upstream_response_time").asDouble();
            double total = second.get("request_time").asDouble();
            assertEquals(0.0, connect, "the second request reuses the first one's upstream connection");
            assertTrue(header >= 0.15 && header < 5, "header time " + header);
            assertTrue(response >= header && total >= response, second.toString());
        }
    }
}
