package io.gatehouse.proxy;

import io.gatehouse.upstream.CapacityQueue;
import io.gatehouse.upstream.Upstream;
import io.netty.channel.EventLoop;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * A request waiting in its upstream's queue because every server it could use is at
 * max_connections. Woken from any thread when a slot frees, it resumes its {@link ProxyCall} on
 * the exchange's event loop; at queue.timeout the call answers 503.
 */
final class SlotWait implements CapacityQueue.Waiter {

    private static final AtomicIntegerFieldUpdater<SlotWait> STATE =
            AtomicIntegerFieldUpdater.newUpdater(SlotWait.class, "state");
    private static final int DONE = 0;
    private static final int WAITING = 1;
    private static final int WOKEN = 2;

    private final ProxyCall call;
    private final Upstream upstream;
    private final EventLoop loop;
    private final ScheduledFuture<?> timeout;
    private volatile int state = WAITING;

    private SlotWait(ProxyCall call, Upstream upstream, EventLoop loop) {
        this.call = call;
        this.upstream = upstream;
        this.loop = loop;
        this.timeout = loop.schedule(this::timedOut, upstream.queue().timeoutNanos(), TimeUnit.NANOSECONDS);
    }

    /** Starts waiting; {@code null} when the request cannot wait (no server is merely full, or the queue is full). */
    static SlotWait begin(ProxyCall call, Upstream upstream, EventLoop loop) {
        if (upstream.queue() == null) {
            return null;
        }
        SlotWait wait = new SlotWait(call, upstream, loop);
        if (!upstream.waitForSlot(wait)) {
            wait.state = DONE;
            wait.timeout.cancel(false);
            return null;
        }
        return wait;
    }

    @Override
    public boolean wake() {
        if (!STATE.compareAndSet(this, WAITING, WOKEN)) {
            return false;
        }
        loop.execute(call::onSlotFreed);
        return true;
    }

    /**
     * Another request took the freed slot first: waits on, within the same deadline. False when
     * the deadline passed meanwhile or the request can no longer wait.
     */
    boolean waitAgain() {
        if (timeout.isDone()) {
            return false;
        }
        state = WAITING;
        if (upstream.waitForSlot(this)) {
            return true;
        }
        end();
        return false;
    }

    /** The request got a server, or gave up: stops waiting. */
    void end() {
        if (STATE.getAndSet(this, DONE) == WAITING) {
            upstream.queue().remove(this);
        }
        timeout.cancel(false);
    }

    private void timedOut() {
        if (STATE.compareAndSet(this, WAITING, DONE)) {
            upstream.queue().remove(this);
            call.onSlotWaitTimedOut();
        }
    }
}
