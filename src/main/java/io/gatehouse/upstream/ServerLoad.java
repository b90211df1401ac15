package io.gatehouse.upstream;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * How busy one server is: its requests in flight, and a peak-weighted moving average of its
 * response time (peak EWMA): a slower response counts in full at once, faster ones pull the
 * average down gradually, and without new responses it decays with a 10-second time constant, so a
 * server that was slow once gets tried again. Updated from every event loop; a lost update under a
 * race only makes the average slightly less exact.
 */
public final class ServerLoad {

    static final double DECAY_NANOS = 10e9;

    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile double average;
    private volatile long stamp;

    public int inFlight() {
        return inFlight.get();
    }

    void begin() {
        inFlight.incrementAndGet();
    }

    void end() {
        inFlight.decrementAndGet();
    }

    /** A response head arrived {@code latencyNanos} after the request began; {@code now} is System.nanoTime. */
    public void observe(long latencyNanos, long now) {
        double previous = average;
        double weight = Math.exp(-(now - stamp) / DECAY_NANOS);
        stamp = now;
        average = latencyNanos > previous ? latencyNanos : previous * weight + latencyNanos * (1 - weight);
    }

    /** The average response time in nanoseconds at {@code now}, decayed since the last response; 0 before any. */
    public double latency(long now) {
        double a = average;
        return a == 0 ? 0 : a * Math.exp(-(now - stamp) / DECAY_NANOS);
    }
}
