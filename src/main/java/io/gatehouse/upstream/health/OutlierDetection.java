package io.gatehouse.upstream.health;

import io.gatehouse.config.OutlierDetectionConfig;
import java.util.ArrayDeque;

/**
 * The outlier-detection settings of one upstream and the ejections in force, so that no more than
 * max_ejected of its servers are out at once. Consulted only when a server is about to be ejected.
 */
public final class OutlierDetection {

    private final int consecutive;
    private final long ejectionNanos;
    private final int maxEjectedPercent;
    /** When each ejection in force ends (System.nanoTime), oldest first. */
    private final ArrayDeque<Long> ejectionEnds = new ArrayDeque<>();
    private volatile int servers;

    public OutlierDetection(OutlierDetectionConfig config) {
        this.consecutive = config.consecutive5xx();
        this.ejectionNanos = config.ejectionTime().toNanos();
        this.maxEjectedPercent = config.maxEjectedPercent();
    }

    /** Failures in a row that eject a server. */
    int consecutive() {
        return consecutive;
    }

    long ejectionNanos() {
        return ejectionNanos;
    }

    /** The number of servers in the upstream now (DNS may change it). */
    public void servers(int count) {
        servers = count;
    }

    /** Takes an ejection slot until {@code until} if max_ejected allows one more; at least one server may always go. */
    synchronized boolean tryEject(long now, long until) {
        while (!ejectionEnds.isEmpty() && now - ejectionEnds.peekFirst() >= 0) {
            ejectionEnds.pollFirst();
        }
        int allowed = Math.max(1, servers * maxEjectedPercent / 100);
        if (ejectionEnds.size() >= allowed) {
            return false;
        }
        ejectionEnds.addLast(until);
        return true;
    }
}
