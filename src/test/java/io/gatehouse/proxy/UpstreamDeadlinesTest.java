package io.gatehouse.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.config.UpstreamTimeoutsConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class UpstreamDeadlinesTest {

    private static final long SECOND = 1_000_000_000L;
    private final UpstreamDeadlines deadlines = new UpstreamDeadlines(
            new UpstreamTimeoutsConfig(Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofSeconds(4)));

    @Test
    void readTimeoutCountsOnlyWhileAwaitingTheUpstream() {
        deadlines.readAt(0);
        assertNull(deadlines.expired(11 * SECOND, false));
        assertEquals("read", deadlines.expired(10 * SECOND, true));
        assertNull(deadlines.expired(10 * SECOND - 1, true));
        assertEquals(3 * SECOND, deadlines.untilNext(7 * SECOND, true));
    }

    @Test
    void eachReadRestartsTheReadClock() {
        deadlines.readAt(0);
        deadlines.readAt(8 * SECOND);
        assertNull(deadlines.expired(12 * SECOND, true));
        assertEquals(6 * SECOND, deadlines.untilNext(12 * SECOND, true));
    }

    @Test
    void sendStallKeepsItsFirstStartUntilResumed() {
        deadlines.readAt(0);
        assertTrue(deadlines.sendStalledAt(1 * SECOND));
        assertFalse(deadlines.sendStalledAt(3 * SECOND));
        assertEquals("send", deadlines.expired(5 * SECOND, false));
        assertEquals(1 * SECOND, deadlines.untilNext(4 * SECOND, false));
        deadlines.sendResumed();
        assertNull(deadlines.expired(5 * SECOND, false));
    }

    @Test
    void withNothingRunningTheNextWakeUpIsTheShorterTimeout() {
        assertEquals(4 * SECOND, deadlines.initialWait());
        assertEquals(4 * SECOND, deadlines.untilNext(0, false));
    }
}
