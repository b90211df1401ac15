package io.gatehouse.upstream.balance;

import io.gatehouse.pipeline.Exchange;
import io.gatehouse.upstream.UpstreamServer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

/**
 * The power of two choices: draw two different servers at random in proportion to weight, and
 * take the one with the lower cost. {@code random} compares requests in flight; {@code least_time}
 * compares the peak-EWMA response time multiplied by the requests in flight plus one (a server
 * with requests in flight but no response time yet counts as very slow, so a new server is not
 * flooded). Costs are divided by weight and slow-start ramp. O(1) per pick while servers are usable.
 */
public final class TwoChoices implements LoadBalancer {

    /** What "lower cost" means. */
    public enum Cost { IN_FLIGHT, LATENCY }

    /** The cost of a server with requests in flight and no measured response time (Finagle's penalty). */
    static final double UNMEASURED_PENALTY = (double) (Long.MAX_VALUE >> 16);

    private final UpstreamServer[] servers;
    /** Running sums of weights: server i is drawn for a number in [cumulative[i-1], cumulative[i]). */
    private final long[] cumulative;
    private final Cost cost;

    public TwoChoices(List<UpstreamServer> servers, Cost cost) {
        this.servers = servers.toArray(new UpstreamServer[0]);
        this.cumulative = new long[this.servers.length];
        long sum = 0;
        for (int i = 0; i < this.servers.length; i++) {
            sum += this.servers[i].weight();
            cumulative[i] = sum;
        }
        this.cost = cost;
    }

    @Override
    public UpstreamServer choose(Exchange exchange, Predicate<UpstreamServer> usable) {
        int n = servers.length;
        if (n == 0) {
            return null;
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int a = usableFrom(draw(random), -1, usable);
        if (a < 0) {
            return null;
        }
        int b = usableFrom(draw(random), a, usable);
        if (b < 0) {
            return servers[a];
        }
        long now = cost == Cost.LATENCY ? System.nanoTime() : 0;
        return cost(servers[b], now) < cost(servers[a], now) ? servers[b] : servers[a];
    }

    private int draw(ThreadLocalRandom random) {
        int i = Arrays.binarySearch(cumulative, random.nextLong(cumulative[cumulative.length - 1]) + 1);
        return i >= 0 ? i : -i - 1;
    }

    /** The first usable server at or after {@code start} (wrapping), other than {@code except}; -1 if none. */
    private int usableFrom(int start, int except, Predicate<UpstreamServer> usable) {
        int n = servers.length;
        for (int k = 0, i = start; k < n; k++, i = i + 1 == n ? 0 : i + 1) {
            if (i != except && usable.test(servers[i])) {
                return i;
            }
        }
        return -1;
    }

    private double cost(UpstreamServer s, long now) {
        int inFlight = s.load().inFlight();
        double weight = s.weight() * s.health().rampFactor();
        if (cost == Cost.IN_FLIGHT) {
            return inFlight / weight;
        }
        double latency = s.load().latency(now);
        if (latency == 0) {
            return inFlight == 0 ? 0 : UNMEASURED_PENALTY;
        }
        return latency * (inFlight + 1) / weight;
    }
}
