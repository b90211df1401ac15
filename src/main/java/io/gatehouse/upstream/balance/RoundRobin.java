package io.gatehouse.upstream.balance;

import io.gatehouse.pipeline.Exchange;
import io.gatehouse.upstream.UpstreamServer;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Smooth weighted round robin (the nginx sequence): over one cycle of total-weight picks, each
 * server is chosen exactly its weight times, interleaved rather than in runs. The cycle is
 * computed once, so a pick is one atomic increment shared by all event loops. A server that cannot
 * be used is skipped and its slot consumed, so the others keep their proportions; a server in
 * slow start turns down the share of its slots it is not ready for yet.
 */
public final class RoundRobin implements LoadBalancer {

    /** Longer cycles are scaled down; weights keep their proportions approximately. */
    static final int MAX_CYCLE = 4096;

    private final UpstreamServer[] cycle;
    private final AtomicInteger next = new AtomicInteger();

    public RoundRobin(List<UpstreamServer> servers) {
        this.cycle = servers.isEmpty() ? new UpstreamServer[0] : buildCycle(servers);
    }

    static UpstreamServer[] buildCycle(List<UpstreamServer> servers) {
        int n = servers.size();
        int[] weights = new int[n];
        long total = 0;
        for (int i = 0; i < n; i++) {
            weights[i] = servers.get(i).weight();
            total += weights[i];
        }
        if (total > MAX_CYCLE) {
            double scale = (double) MAX_CYCLE / total;
            total = 0;
            for (int i = 0; i < n; i++) {
                weights[i] = Math.max(1, (int) Math.round(weights[i] * scale));
                total += weights[i];
            }
        }
        UpstreamServer[] cycle = new UpstreamServer[(int) total];
        int[] current = new int[n];
        for (int pick = 0; pick < cycle.length; pick++) {
            int best = 0;
            for (int i = 0; i < n; i++) {
                current[i] += weights[i];
                if (current[i] > current[best]) {
                    best = i;
                }
            }
            current[best] -= (int) total;
            cycle[pick] = servers.get(best);
        }
        return cycle;
    }

    @Override
    public UpstreamServer choose(Exchange exchange, Predicate<UpstreamServer> usable) {
        int n = cycle.length;
        if (n == 0) {
            return null;
        }
        int i = (next.getAndIncrement() & Integer.MAX_VALUE) % n;
        UpstreamServer declined = null;
        for (int skipped = 0; skipped < n; skipped++) {
            UpstreamServer s = cycle[i];
            if (usable.test(s)) {
                if (isReady(s)) {
                    if (skipped > 0) {
                        // The slots passed over are used up, as if each had been a pick.
                        next.addAndGet(skipped);
                    }
                    return s;
                }
                declined = declined == null ? s : declined;
            }
            i = i + 1 == n ? 0 : i + 1;
        }
        return declined;
    }

    /** Full weight, or in slow start and taking this slot with the probability of its ramp. */
    static boolean isReady(UpstreamServer s) {
        double ramp = s.health().rampFactor();
        return ramp >= 1.0 || ThreadLocalRandom.current().nextDouble() < ramp;
    }
}
