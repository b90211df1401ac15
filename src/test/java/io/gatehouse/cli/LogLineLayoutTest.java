package io.gatehouse.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

/** The log line: time with offset, padded level, message, then a stack trace when there is one. */
class LogLineLayoutTest {

    private final LoggerContext context = new LoggerContext();
    private final Logger logger = context.getLogger("test");
    private final LogLineLayout layout = new LogLineLayout();

    private String line(Level level, String message, Throwable thrown, Object... args) {
        LoggingEvent event = new LoggingEvent(Logger.class.getName(), logger, level, message, thrown, args);
        event.setTimeStamp(1_700_000_000_123L);
        return layout.doLayout(event);
    }

    @Test
    void aLineHoldsTimeLevelAndFormattedMessage() {
        String line = line(Level.INFO, "listening on {} and {}", null, ":8080", ":8443");

        String time = line.substring(0, line.indexOf(' '));
        assertEquals(1_700_000_000_123L, OffsetDateTime.parse(time).toInstant().toEpochMilli());
        assertTrue(time.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.123([+-]\\d\\d:\\d\\d|Z)"), time);
        assertEquals(" INFO  listening on :8080 and :8443" + System.lineSeparator(), line.substring(time.length()));
    }

    @Test
    void levelsArePaddedToFiveCharacters() {
        assertTrue(line(Level.WARN, "w", null).contains(" WARN  w"));
        assertTrue(line(Level.ERROR, "e", null).contains(" ERROR e"));
    }

    @Test
    void aThrowableFollowsOnTheNextLines() {
        String line = line(Level.ERROR, "reload failed", new IllegalStateException("bad file"));

        String[] lines = line.split(System.lineSeparator());
        assertTrue(lines[0].endsWith(" ERROR reload failed"), lines[0]);
        assertEquals("java.lang.IllegalStateException: bad file", lines[1]);
        assertTrue(lines[2].startsWith("\tat io.gatehouse.cli.LogLineLayoutTest"), lines[2]);
        assertTrue(line.endsWith(System.lineSeparator()));
        assertFalse(line.endsWith(System.lineSeparator() + System.lineSeparator()), "no blank line after the trace");
    }
}
