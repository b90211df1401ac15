package io.gatehouse.upstream;

import io.gatehouse.config.QueueConfig;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Requests of one upstream waiting because every server they could use is at its max_connections.
 * At most queue.size wait; each is woken, first come first served, when a server frees a slot,
 * and runs on its own event loop from then on. Used only by upstreams with max_connections.
 */
public final class CapacityQueue {

    /** A request waiting for a slot. */
    public interface Waiter {
        /** A slot may be free: called on any thread; false when the waiter had already given up. */
        boolean wake();
    }

    private final ConcurrentLinkedQueue<Waiter> waiters = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final int max;
    private final long timeoutNanos;

    CapacityQueue(QueueConfig config) {
        this.max = config.size();
        this.timeoutNanos = config.timeout().toNanos();
    }

    /** How long a request may wait. */
    public long timeoutNanos() {
        return timeoutNanos;
    }

    /** Adds a waiter; false when the queue is full. */
    boolean offer(Waiter waiter) {
        if (size.incrementAndGet() > max) {
            size.decrementAndGet();
            return false;
        }
        waiters.add(waiter);
        return true;
    }

    /** Takes back a waiter that gave up (timed out, or its client left). */
    public void remove(Waiter waiter) {
        if (waiters.remove(waiter)) {
            size.decrementAndGet();
        }
    }

    /** Wakes the longest-waiting request that still waits. */
    void slotFreed() {
        if (size.get() == 0) {
            return;
        }
        Waiter w;
        while ((w = waiters.poll()) != null) {
            size.decrementAndGet();
            if (w.wake()) {
                return;
            }
        }
    }
}
