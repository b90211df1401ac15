package io.gatehouse.http.h2;

/**
 * What became of the recent streams a client opened on one connection, for the frames that arrive
 * after a stream is gone: RFC 9113 section 5.1 asks a different answer for a stream that both
 * sides ended (connection error), one that was reset (stream error, or ignored), and an id the
 * client skipped and may never use again (section 5.1.1, connection error). Memory is bounded: only
 * the last {@value #ENDED_KEPT} ended streams and {@value #GAPS_KEPT} gaps are kept; about older
 * ids nothing is known and the lenient answer applies.
 */
final class StreamHistory {

    /** What is known of a stream id that has no open stream. */
    enum Fate {
        /** Both sides sent END_STREAM: any further frame is a connection error STREAM_CLOSED. */
        ENDED,
        /** Lower than a stream the client opened, and never used: a connection error PROTOCOL_ERROR. */
        SKIPPED,
        /** Reset, or too old to be remembered: a stream error at most. */
        UNKNOWN
    }

    static final int ENDED_KEPT = 32;
    static final int GAPS_KEPT = 8;

    private final int[] ended = new int[ENDED_KEPT];
    private int nextEnded;
    // Gaps in the client's stream ids, as inclusive ranges; a ring like ended.
    private final int[] gapFrom = new int[GAPS_KEPT];
    private final int[] gapTo = new int[GAPS_KEPT];
    private int nextGap;
    private int highestOpened;
    private int resetByClient;

    /** A client stream was opened; ids it jumped over can never be opened later. */
    void opened(int id) {
        int expected = highestOpened == 0 ? 1 : highestOpened + 2;
        if (id > expected) {
            gapFrom[nextGap] = expected;
            gapTo[nextGap] = id - 2;
            nextGap = (nextGap + 1) % GAPS_KEPT;
        }
        highestOpened = Math.max(highestOpened, id);
    }

    /** The client is resetting this stream; it closes right after. */
    void resetByClient(int id) {
        resetByClient = id;
    }

    /** A client stream closed; {@code resetSent} when Gatehouse reset it. */
    void closed(int id, boolean resetSent) {
        if (resetSent || id == resetByClient) {
            return;
        }
        ended[nextEnded] = id;
        nextEnded = (nextEnded + 1) % ENDED_KEPT;
    }

    Fate fate(int id) {
        if (id <= 0) {
            return Fate.UNKNOWN;
        }
        for (int ended : ended) {
            if (ended == id) {
                return Fate.ENDED;
            }
        }
        for (int i = 0; i < GAPS_KEPT; i++) {
            if (gapFrom[i] > 0 && gapFrom[i] <= id && id <= gapTo[i]) {
                return Fate.SKIPPED;
            }
        }
        return Fate.UNKNOWN;
    }
}
