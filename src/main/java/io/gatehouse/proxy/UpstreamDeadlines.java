package io.gatehouse.proxy;

import io.gatehouse.config.UpstreamTimeoutsConfig;

/**
 * The upstream timeouts of one attempt, checked when its connection's timer fires: {@code send}
 * runs while the upstream takes no more request body, {@code read} while it sends nothing once the
 * request is out. Times are {@link System#nanoTime()}.
 */
final class UpstreamDeadlines {

    private final long readTimeout;
    private final long sendTimeout;
    private long lastRead;
    private long sendStalledSince;

    UpstreamDeadlines(UpstreamTimeoutsConfig timeouts) {
        this.readTimeout = timeouts.read().toNanos();
        this.sendTimeout = timeouts.send().toNanos();
    }

    /** Something arrived from the upstream, or the request was just sent: the read clock restarts. */
    void readAt(long now) {
        lastRead = now;
    }

    /**
     * The upstream stopped taking request body; a stall already running keeps its start.
     *
     * @return whether this began a stall (the timer must then be armed)
     */
    boolean sendStalledAt(long now) {
        if (sendStalledSince != 0) {
            return false;
        }
        sendStalledSince = now;
        return true;
    }

    void sendResumed() {
        sendStalledSince = 0;
    }

    /** The first wake-up of a new attempt: the shorter timeout, as nothing is known yet. */
    long initialWait() {
        return Math.min(readTimeout, sendTimeout);
    }

    /**
     * Which timeout ran out at {@code now} ("send" or "read"), or {@code null}; the read timeout
     * counts only while {@code awaitingUpstream}.
     */
    String expired(long now, boolean awaitingUpstream) {
        if (sendStalledSince != 0 && now - sendStalledSince >= sendTimeout) {
            return "send";
        }
        if (awaitingUpstream && now - lastRead >= readTimeout) {
            return "read";
        }
        return null;
    }

    /** Nanoseconds until the next deadline can run out, after {@link #expired} found none. */
    long untilNext(long now, boolean awaitingUpstream) {
        long wait = Long.MAX_VALUE;
        if (sendStalledSince != 0) {
            wait = sendStalledSince + sendTimeout - now;
        }
        if (awaitingUpstream) {
            wait = Math.min(wait, lastRead + readTimeout - now);
        }
        return wait == Long.MAX_VALUE ? initialWait() : wait;
    }
}
