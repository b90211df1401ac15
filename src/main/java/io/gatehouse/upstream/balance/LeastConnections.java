package io.gatehouse.upstream.balance;

import io.gatehouse.pipeline.Exchange;
import io.gatehouse.upstream.UpstreamServer;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

/**
 * Weighted least connections (nginx's least_conn): the server with the fewest requests in flight
 * for its weight (and slow-start ramp). Among equally loaded servers, one is drawn at random in
 * proportion to weight, so light traffic still spreads by weight. Looks at every server: O(n).
 */
public final class LeastConnections implements LoadBalancer {

    private final UpstreamServer[] servers;

    public LeastConnections(List<UpstreamServer> servers) {
        this.servers = servers.toArray(new UpstreamServer[0]);
    }

    @Override
    public UpstreamServer choose(Exchange exchange, Predicate<UpstreamServer> usable) {
        UpstreamServer best = null;
        double bestLoad = 0;
        double tiedWeight = 0;
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (UpstreamServer s : servers) {
            if (!usable.test(s)) {
                continue;
            }
            double weight = s.weight() * s.health().rampFactor();
            double load = s.load().inFlight() / weight;
            if (best == null || load < bestLoad) {
                best = s;
                bestLoad = load;
                tiedWeight = weight;
            } else if (load == bestLoad) {
                // Reservoir sampling by weight among the tied servers.
                tiedWeight += weight;
                if (random.nextDouble() * tiedWeight < weight) {
                    best = s;
                }
            }
        }
        return best;
    }
}
