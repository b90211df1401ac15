package io.gatehouse.metrics;

import io.gatehouse.pipeline.Exchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An access log written by its own thread: event loops only enqueue a captured entry, so a slow
 * disk or a blocked stdout can never stall traffic. When the bounded queue is full, entries are
 * dropped and the drops are counted and reported.
 */
final class AsyncAccessLog implements AccessLog, Runnable {

    private static final Logger log = LoggerFactory.getLogger(AsyncAccessLog.class);
    static final int QUEUE_CAPACITY = 65_536;
    private static final int BATCH = 1024;

    private final OutputStream out;
    private final AccessLogFormat format;
    private final BlockingQueue<AccessLogEntry> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final AtomicLong dropped = new AtomicLong();
    private final Thread writer;
    private volatile boolean closed;

    AsyncAccessLog(OutputStream out, AccessLogFormat format) {
        this.out = out;
        this.format = format;
        this.writer = new Thread(this, "gatehouse-access-log");
        writer.setDaemon(true);
        writer.start();
    }

    @Override
    public void log(Exchange exchange) {
        if (!queue.offer(AccessLogEntry.of(exchange))) {
            dropped.incrementAndGet();
        }
    }

    @Override
    public void run() {
        List<AccessLogEntry> batch = new ArrayList<>(BATCH);
        StringBuilder sb = new StringBuilder(64 << 10);
        while (!closed || !queue.isEmpty()) {
            try {
                AccessLogEntry first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    reportDrops();
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, BATCH - 1);
                for (AccessLogEntry e : batch) {
                    format.append(sb, e);
                    sb.append('\n');
                }
                batch.clear();
                out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
                out.flush();
                sb.setLength(0);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (IOException | RuntimeException e) {
                sb.setLength(0);
                log.warn("access log write failed: {}", e.toString());
            }
        }
        reportDrops();
    }

    private void reportDrops() {
        long n = dropped.getAndSet(0);
        if (n > 0) {
            log.warn("access log fell behind: {} entries dropped", n);
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            writer.join(5_000);
            if (writer.isAlive()) {
                // Still writing (a slow disk or a stalled stdout): the stream is the writer's alone.
                log.warn("access log: still writing after 5 s at shutdown; entries not yet written may be lost");
                return;
            }
            out.flush();
            if (!(out instanceof java.io.FileOutputStream fos && fos.getFD() == java.io.FileDescriptor.out)) {
                out.close();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException ignored) {
            // Nothing more can be done at shutdown.
        }
    }
}
