package io.gatehouse.upstream.health;

import io.gatehouse.config.ServerConfig;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether one server may take requests now: its configured {@code down}, the verdict of active
 * checks, a pause after max_fails failed requests within fail_timeout, an outlier ejection, and
 * its slow start afterwards. Shared by every event loop, so its state is volatile or atomic; for a
 * healthy server {@link #isUsable} is two field reads and nothing is written per request.
 */
public final class ServerHealth {

    private static final Logger log = LoggerFactory.getLogger(ServerHealth.class);
    private static final AtomicLongFieldUpdater<ServerHealth> RAMP_FROM =
            AtomicLongFieldUpdater.newUpdater(ServerHealth.class, "rampFrom");
    /** The smallest share of its weight a server gets at the start of slow start. */
    private static final double MIN_RAMP = 0.01;

    private final String name;
    private final boolean down;
    private final int maxFails;
    private final long failTimeoutNanos;
    private final long slowStartNanos;
    private final boolean failuresCount;
    private final OutlierDetection outliers;

    private volatile boolean checkedDown;
    /** Paused (failed requests, or ejected) until this System.nanoTime; 0 when not paused. */
    private volatile long pausedUntil;
    /** Slow start runs from this System.nanoTime; 0 when the server has its full weight. */
    private volatile long rampFrom;
    private volatile long failWindowStart;
    private final AtomicInteger fails = new AtomicInteger();
    private final AtomicInteger inARow = new AtomicInteger();
    /** Set while a pause was logged, so the first success after it is logged as recovery. */
    private final AtomicBoolean pauseLogged = new AtomicBoolean();

    /**
     * @param name          how logs name the server: "upstream api server 127.0.0.1:4001"
     * @param failuresCount false when failed requests must never take the server out (the only
     *                      server of its upstream: there is nowhere else to send requests)
     * @param outliers      the upstream's outlier detection, or {@code null}
     */
    public ServerHealth(String name, ServerConfig config, boolean failuresCount, OutlierDetection outliers) {
        this.name = name;
        this.down = config.down();
        this.maxFails = config.maxFails();
        this.failTimeoutNanos = config.failTimeout().toNanos();
        this.slowStartNanos = config.slowStart().toNanos();
        this.failuresCount = failuresCount;
        this.outliers = outliers;
    }

    /** True when the server may be sent a request now. */
    public boolean isUsable() {
        if (down || checkedDown) {
            return false;
        }
        long until = pausedUntil;
        return until == 0 || System.nanoTime() - until >= 0;
    }

    /** True for a server configured {@code down: true}: never used, never checked. */
    public boolean isConfiguredDown() {
        return down;
    }

    /**
     * The share of its weight the server gets now: 1 normally, rising from near 0 to 1 over
     * slow_start after it came back.
     */
    public double rampFactor() {
        long from = rampFrom;
        if (from == 0) {
            return 1.0;
        }
        long since = System.nanoTime() - from;
        if (since >= slowStartNanos) {
            RAMP_FROM.compareAndSet(this, from, 0);
            return 1.0;
        }
        return Math.max(MIN_RAMP, (double) since / slowStartNanos);
    }

    /** A request failed: the server refused, reset or timed out, or answered a status counted as failure. */
    public void requestFailed(String what) {
        if (!failuresCount) {
            return;
        }
        long now = System.nanoTime();
        countFailure(what, now);
        countInARow(what, now);
    }

    /**
     * The server answered. {@code failure} is true for a status the upstream retries on (counted
     * like a failed request); any 5xx counts toward outlier detection.
     */
    public void responded(int status, boolean failure) {
        if (!failuresCount) {
            return;
        }
        if (failure) {
            requestFailed("status " + status);
            return;
        }
        if (status >= 500) {
            countInARow("status " + status, System.nanoTime());
            return;
        }
        if (inARow.get() != 0) {
            inARow.set(0);
        }
        if (pauseLogged.get() && pauseLogged.compareAndSet(true, false)) {
            log.info("{} up: a request succeeded after its pause", name);
        }
    }

    private void countFailure(String what, long now) {
        if (maxFails == 0 || isPaused(now)) {
            return;
        }
        int n;
        if (fails.get() == 0 || now - failWindowStart > failTimeoutNanos) {
            failWindowStart = now;
            fails.set(1);
            n = 1;
        } else {
            n = fails.incrementAndGet();
        }
        if (n >= maxFails) {
            fails.set(0);
            pause(now + failTimeoutNanos);
            log.warn("{} down: {} failed request{} within {} (last: {}); paused for {}", name, n, n == 1 ? "" : "s",
                    text(failTimeoutNanos), what, text(failTimeoutNanos));
        }
    }

    private void countInARow(String what, long now) {
        if (outliers == null) {
            return;
        }
        int n = inARow.incrementAndGet();
        if (n < outliers.consecutive() || isPaused(now)) {
            return;
        }
        long until = now + outliers.ejectionNanos();
        if (outliers.tryEject(now, until)) {
            inARow.set(0);
            pause(until);
            log.warn("{} ejected: {} failures in a row (last: {}); back in {}", name, n, what,
                    text(outliers.ejectionNanos()));
        }
    }

    private boolean isPaused(long now) {
        long until = pausedUntil;
        return until != 0 && now - until < 0;
    }

    private void pause(long until) {
        long end = until == 0 ? 1 : until;
        pausedUntil = end;
        if (slowStartNanos > 0) {
            rampFrom = end;
        }
        pauseLogged.set(true);
    }

    /** Active checks found the server failing; {@code why} ends the log line. */
    public void checkedDown(String why) {
        checkedDown = true;
        log.warn("{} down: {}", name, why);
    }

    /** Active checks found the server passing again. */
    public void checkedUp(String why) {
        if (slowStartNanos > 0) {
            long now = System.nanoTime();
            rampFrom = now == 0 ? 1 : now;
        }
        checkedDown = false;
        log.info("{} up: {}", name, why);
    }

    /** Whether active checks last found the server failing. */
    public boolean isCheckedDown() {
        return checkedDown;
    }

    /** "30s", "1500ms": how logs show a duration. */
    static String text(long nanos) {
        long millis = Duration.ofNanos(nanos).toMillis();
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }
}
