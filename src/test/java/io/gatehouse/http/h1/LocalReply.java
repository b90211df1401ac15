package io.gatehouse.http.h1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.gatehouse.testing.RawClient;
import java.io.IOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;

/** Assertions on a raw response the proxy made itself, and on the connection closing after it. */
final class LocalReply {

    private LocalReply() {
    }

    /**
     * Asserts that {@code raw} is exactly one local error reply with {@code status}: the status line,
     * {@code Connection: close} when {@code closes}, and the body "STATUS REASON\nrequest id: ID\n"
     * naming the same id as the {@code X-Request-Id} header. Returns the request id.
     */
    static String assertError(String raw, int status, boolean closes) {
        int headEnd = raw.indexOf("\r\n\r\n");
        assertTrue(headEnd > 0, () -> "no complete response head in: " + show(raw));
        String head = raw.substring(0, headEnd + 2);
        String body = raw.substring(headEnd + 4);
        String statusLine = head.substring(0, head.indexOf("\r\n"));
        assertTrue(statusLine.startsWith("HTTP/1.1 " + status + " "), () -> "expected " + status + ": " + show(raw));
        String id = header(head, "X-Request-Id");
        assertNotNull(id, () -> "no X-Request-Id in: " + show(raw));
        assertTrue(id.matches("[0-9a-f]{32}"), () -> "generated request id expected, got " + id);
        assertEquals(statusLine.substring("HTTP/1.1 ".length()) + "\nrequest id: " + id + "\n", body,
                () -> "body of " + show(raw));
        assertEquals(String.valueOf(body.length()), header(head, "Content-Length"));
        if (closes) {
            assertEquals("close", header(head, "Connection"), () -> "Connection: close expected: " + show(raw));
        }
        return id;
    }

    /** The value of the one header named {@code name} (case-insensitive) in a raw head, or null. */
    static String header(String head, String name) {
        String found = null;
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
                assertNull(found, () -> "header " + name + " twice in: " + show(head));
                found = line.substring(colon + 1).trim();
            }
        }
        return found;
    }

    /** Asserts that the proxy closes the connection (end of stream) within {@code millis}, sending nothing more. */
    static void assertClosed(RawClient client, int millis) throws IOException {
        client.socket().setSoTimeout(millis);
        try {
            int b = client.socket().getInputStream().read();
            assertEquals(-1, b, "unexpected byte after the response: " + b);
        } catch (SocketTimeoutException e) {
            fail("connection still open after " + millis + " ms");
        } catch (SocketException e) {
            // A reset is a close too: the proxy discarded input the client had sent.
            assertTrue(String.valueOf(e.getMessage()).contains("reset"), e::toString);
        }
    }

    /** Text with CR and LF made visible, for failure messages. */
    static String show(String text) {
        return text.replace("\r", "\\r").replace("\n", "\\n\n");
    }
}
