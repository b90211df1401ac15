package io.gatehouse.http.h1;

import io.gatehouse.config.ClientTimeoutsConfig;
import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The client-side timeouts of one connection with a single scheduled task: moving a deadline is a
 * field write, and the task re-arms itself for whatever remains when it fires early.
 */
final class ClientTimer implements Runnable {

    /** Which wait ran out. */
    enum Kind { HEAD, BODY, KEEPALIVE, SEND }

    private final ClientExchanges handler;
    private final long headNanos;
    private final long bodyNanos;
    private final long keepaliveNanos;
    private final long sendNanos;

    private EventExecutor executor;
    private Kind readKind;
    private long readDeadline;
    private long writeDeadline;
    private ScheduledFuture<?> task;

    ClientTimer(ClientExchanges handler, ClientTimeoutsConfig timeouts) {
        this.handler = handler;
        this.headNanos = timeouts.clientHeader().toNanos();
        this.bodyNanos = timeouts.clientBody().toNanos();
        this.keepaliveNanos = timeouts.keepalive().toNanos();
        this.sendNanos = timeouts.send().toNanos();
    }

    void awaitHead(EventExecutor executor) {
        setRead(executor, Kind.HEAD, System.nanoTime() + headNanos);
    }

    /**
     * Bytes arrived on an idle connection: a keepalive wait becomes a head wait. A head wait already
     * running keeps its deadline, which is total for the head, so a slowloris cannot extend it.
     */
    void requestBytes(EventExecutor executor) {
        if (readKind != Kind.HEAD) {
            setRead(executor, Kind.HEAD, System.nanoTime() + headNanos);
        }
    }

    void stopHead() {
        if (readKind == Kind.HEAD || readKind == Kind.KEEPALIVE) {
            readKind = null;
        }
    }

    void awaitBody(EventExecutor executor) {
        if (readKind != Kind.BODY) {
            setRead(executor, Kind.BODY, System.nanoTime() + bodyNanos);
        }
    }

    void bodyProgress() {
        if (readKind == Kind.BODY) {
            readDeadline = System.nanoTime() + bodyNanos;
        }
    }

    void stopBody() {
        if (readKind == Kind.BODY) {
            readKind = null;
        }
    }

    /**
     * After a response that ended at {@code now} ({@link System#nanoTime()}): wait idle for the next
     * request, or for the rest of one already begun.
     */
    void awaitNextRequest(EventExecutor executor, boolean idle, long now) {
        if (idle) {
            setRead(executor, Kind.KEEPALIVE, now + keepaliveNanos);
        } else {
            setRead(executor, Kind.HEAD, now + headNanos);
        }
    }

    void writeStalled(EventExecutor executor, boolean stalled) {
        this.executor = executor;
        writeDeadline = stalled ? System.nanoTime() + sendNanos : 0;
        schedule();
    }

    void stopAll() {
        readKind = null;
        writeDeadline = 0;
        if (task != null) {
            task.cancel(false);
            task = null;
        }
    }

    private void setRead(EventExecutor executor, Kind kind, long deadline) {
        this.executor = executor;
        readKind = kind;
        readDeadline = deadline;
        schedule();
    }

    private void schedule() {
        if (task != null) {
            return;
        }
        long next = Long.MAX_VALUE;
        if (readKind != null) {
            next = readDeadline;
        }
        if (writeDeadline != 0) {
            next = Math.min(next, writeDeadline);
        }
        if (next != Long.MAX_VALUE) {
            task = executor.schedule(this, Math.max(0, next - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void run() {
        task = null;
        long now = System.nanoTime();
        if (writeDeadline != 0 && now - writeDeadline >= 0) {
            writeDeadline = 0;
            handler.onTimeout(Kind.SEND);
            return;
        }
        if (readKind != null && now - readDeadline >= 0) {
            Kind kind = readKind;
            readKind = null;
            handler.onTimeout(kind);
            return;
        }
        schedule();
    }
}
