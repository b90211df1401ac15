package io.gatehouse.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.testing.ProxyHarness;
import io.gatehouse.testing.RawBackend;
import io.gatehouse.testing.RawClient;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every response carries a {@code Date} (RFC 9110 6.6.1): the upstream's own, or one Gatehouse adds. */
class DateHeaderIT {

    private static final String UPSTREAM_DATE = "Sun, 06 Nov 1994 08:49:37 GMT";
    private static final Pattern DATE = Pattern.compile("\r\nDate: ([^\r]+)\r\n", Pattern.CASE_INSENSITIVE);

    private static String dateOf(String response) {
        Matcher m = DATE.matcher(response);
        assertTrue(m.find(), "no Date in:\n" + response);
        return m.group(1);
    }

    private static void assertNow(String date) {
        Instant sent = ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        assertTrue(Duration.between(sent, Instant.now()).abs().toSeconds() <= 5, date);
        assertTrue(date.matches("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT"), date);
    }

    @Test
    void aResponseWithoutDateGetsOneAndAnUpstreamDateIsKept() throws Exception {
        try (RawBackend backend = RawBackend.start((s, b) -> {
                 String request;
                 while ((request = b.readRequest(s)) != null) {
                     String date = request.startsWith("GET /dated ") ? "Date: " + UPSTREAM_DATE + "\r\n" : "";
                     RawBackend.send(s, "HTTP/1.1 200 OK\r\n" + date + "Content-Length: 2\r\n\r\nok");
                 }
             });
             ProxyHarness proxy = ProxyHarness.inFrontOf(backend.port(), "");
             RawClient c = new RawClient(proxy.port())) {
            assertNow(dateOf(c.send("GET /undated HTTP/1.1\r\nHost: a\r\n\r\n").readResponse()));
            assertEquals(UPSTREAM_DATE, dateOf(c.send("GET /dated HTTP/1.1\r\nHost: a\r\n\r\n").readResponse()));
        }
    }

    @Test
    void gatehousesOwnAnswersCarryADate() throws Exception {
        try (ProxyHarness proxy = ProxyHarness.inFrontOf(1, ""); // nothing listens on port 1: 502
             RawClient c = new RawClient(proxy.port())) {
            String reply = c.send("GET /x HTTP/1.1\r\nHost: a\r\n\r\n").readResponse();
            assertTrue(reply.startsWith("HTTP/1.1 502 "), reply);
            assertNow(dateOf(reply));
            String bad = c.send("GET /x HTTP/1.1\r\n\r\n").readResponse();
            assertTrue(bad.startsWith("HTTP/1.1 400 "), bad);
            assertNow(dateOf(bad));
        }
    }
}
