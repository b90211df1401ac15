package io.gatehouse.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Durations as users write them, and the messages for those that are not. */
class DurationsTest {

    @Test
    void readsEachUnit() {
        assertEquals(Duration.ofMillis(250), Durations.parse("250ms"));
        assertEquals(Duration.ofSeconds(5), Durations.parse("5s"));
        assertEquals(Duration.ofMinutes(2), Durations.parse("2m"));
        assertEquals(Duration.ofHours(1), Durations.parse("1h"));
        assertEquals(Duration.ofDays(1), Durations.parse("1d"));
        assertEquals(Duration.ZERO, Durations.parse("0s"));
    }

    @Test
    void readsCombinationsFromTheLargestUnitDown() {
        assertEquals(Duration.ofSeconds(90), Durations.parse("1m30s"));
        assertEquals(Duration.ofMinutes(90), Durations.parse("1h30m"));
        assertEquals(Duration.ofMillis(1500), Durations.parse("1s500ms"));
        assertEquals(Duration.ofDays(2).plusHours(3).plusMinutes(4).plusSeconds(5).plusMillis(6),
                Durations.parse("2d3h4m5s6ms"));
    }

    @Test
    void rejectsTextThatIsNotADuration() {
        for (String text : new String[] {"5 sec", "5", "", "5S", "1.5s", "s", "30s1m", "1m1m", "5ms5s", " 5s", "5s "}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parse(text), text);
            assertEquals('"' + text + "\" is not a duration; use e.g. 5s, 250ms", e.getMessage());
        }
    }

    @Test
    void rejectsNegativeDurations() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parse("-5s"));
        assertEquals("\"-5s\" is not a duration: it cannot be negative", e.getMessage());
    }

    @Test
    void rejectsDurationsTooLongToRepresent() {
        for (String text : new String[] {"99999999999999999999s", "9999999999999999d", "110000d", "366d",
                "365d1ms", "9223372036854775807ms"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parse(text));
            assertEquals('"' + text + "\" is too long a duration; at most 365d", e.getMessage());
        }
        assertEquals(Duration.ofDays(365), Durations.parse("365d"));
    }
}
