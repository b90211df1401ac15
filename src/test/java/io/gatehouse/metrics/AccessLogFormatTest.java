package io.gatehouse.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class AccessLogFormatTest {

    private static final Pattern TIME = Pattern.compile("^\\{\"time\":\"([^\"]+)\"");

    private static String jsonTime(long epochMillis) {
        AccessLogEntry entry = new AccessLogEntry(epochMillis, "203.0.113.7", "GET", "/", "HTTP/1.1", 200, 30,
                null, null, 4_000_000, null, -1, -1, -1, "id", null);
        StringBuilder sb = new StringBuilder();
        AccessLogFormat.JSON.append(sb, entry);
        Matcher m = TIME.matcher(sb);
        assertTrue(m.find(), sb.toString());
        return m.group(1);
    }

    @Test
    void jsonTimeIsUtcWithMillisecondsEvenOnAWholeSecond() {
        Instant whole = Instant.parse("2026-11-23T10:00:00Z");
        assertEquals("2026-11-23T10:00:00.000Z", jsonTime(whole.toEpochMilli()));
        assertEquals("2026-11-23T10:00:00.120Z", jsonTime(whole.toEpochMilli() + 120));
        assertEquals("2026-11-23T10:00:00.007Z", jsonTime(whole.toEpochMilli() + 7));
    }
}
