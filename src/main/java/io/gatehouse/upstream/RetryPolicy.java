package io.gatehouse.upstream;

import io.gatehouse.config.RetriesConfig;
import java.util.concurrent.atomic.AtomicLong;

/**
 * When a failed request of one upstream is tried again: which failures, how many extra tries, and
 * the retry budget. The budget is a bucket of retry tokens shared by all event loops: every
 * request adds budget% of a token, a retry takes a whole one, and the bucket holds at most
 * {@link #RESERVE} tokens, so over any stretch of time retries add at most budget% of the requests
 * plus that reserve. A full bucket costs one read per request.
 */
public final class RetryPolicy {

    /** Retries the bucket can hold: what a quiet upstream may spend at once. */
    static final int RESERVE = 10;
    private static final long TOKEN = 100;

    private final int attempts;
    private final boolean[] conditions = new boolean[RetriesConfig.Condition.values().length];
    private final boolean[] statuses = new boolean[600];
    private final long deposit;
    private final AtomicLong tokens = new AtomicLong(RESERVE * TOKEN);

    public RetryPolicy(RetriesConfig config) {
        this.attempts = config.attempts();
        for (RetriesConfig.Condition c : config.on()) {
            conditions[c.ordinal()] = true;
        }
        for (int status : config.onStatus()) {
            statuses[status] = true;
        }
        this.deposit = config.budgetPercent();
    }

    /** Extra tries a request may get after its first. */
    public int attempts() {
        return attempts;
    }

    public boolean retriesOn(RetriesConfig.Condition condition) {
        return conditions[condition.ordinal()];
    }

    /** Whether a response with this status is retried (and counts as a failure of its server). */
    public boolean retriesOn(int status) {
        return status >= 0 && status < statuses.length && statuses[status];
    }

    /** A request starts: adds its share to the budget. */
    public void countRequest() {
        if (tokens.get() < RESERVE * TOKEN) {
            tokens.addAndGet(deposit);
        }
    }

    /** Takes a token for one retry; false when the budget is spent. */
    public boolean tryRetry() {
        long t;
        do {
            t = tokens.get();
            if (t < TOKEN) {
                return false;
            }
        } while (!tokens.compareAndSet(t, t - TOKEN));
        return true;
    }
}
