package io.gatehouse.http.h2;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gatehouse.http.h2.StreamHistory.Fate;
import org.junit.jupiter.api.Test;

class StreamHistoryTest {

    private final StreamHistory history = new StreamHistory();

    @Test
    void aStreamThatEndedNormallyIsRemembered() {
        history.opened(1);
        history.closed(1, false);

        assertEquals(Fate.ENDED, history.fate(1));
        assertEquals(Fate.UNKNOWN, history.fate(3));
    }

    @Test
    void aResetStreamIsNotCountedAsEnded() {
        history.opened(1);
        history.opened(3);
        history.closed(1, true);
        history.resetByClient(3);
        history.closed(3, false);

        assertEquals(Fate.UNKNOWN, history.fate(1));
        assertEquals(Fate.UNKNOWN, history.fate(3));
    }

    @Test
    void idsTheClientJumpedOverAreSkipped() {
        history.opened(1);
        history.opened(9);

        assertEquals(Fate.SKIPPED, history.fate(3));
        assertEquals(Fate.SKIPPED, history.fate(7));
        assertEquals(Fate.UNKNOWN, history.fate(9));
        assertEquals(Fate.UNKNOWN, history.fate(11));
    }

    @Test
    void aFirstStreamAboveOneSkipsTheLowerIds() {
        history.opened(5);

        assertEquals(Fate.SKIPPED, history.fate(1));
        assertEquals(Fate.SKIPPED, history.fate(3));
    }

    @Test
    void onlyTheRecentEndedStreamsAreKept() {
        for (int id = 1; id <= 2 * (StreamHistory.ENDED_KEPT + 1); id += 2) {
            history.opened(id);
            history.closed(id, false);
        }

        assertEquals(Fate.UNKNOWN, history.fate(1), "the oldest was forgotten");
        assertEquals(Fate.ENDED, history.fate(3));
        assertEquals(Fate.ENDED, history.fate(2 * StreamHistory.ENDED_KEPT + 1));
    }
}
