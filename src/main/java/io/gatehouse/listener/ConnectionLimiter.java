package io.gatehouse.listener;

import java.util.concurrent.atomic.AtomicInteger;

/** Counts the open client connections of one listener against its {@code max_connections}. */
final class ConnectionLimiter {

    private final int max;
    private final AtomicInteger open = new AtomicInteger();

    ConnectionLimiter(int max) {
        this.max = max;
    }

    /** Takes a slot; false when the listener is full (the caller closes the connection). */
    boolean tryAcquire() {
        if (open.incrementAndGet() > max) {
            open.decrementAndGet();
            return false;
        }
        return true;
    }

    void release() {
        open.decrementAndGet();
    }
}
