package io.gatehouse.upstream.balance;

import io.gatehouse.pipeline.Exchange;
import io.gatehouse.upstream.UpstreamServer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/**
 * Consistent hashing on a ring (ketama style): each server owns {@value #POINTS_PER_WEIGHT} points
 * per unit of weight, placed by hashing its address, and a key goes to the owner of the first point
 * at or after the key's hash. A key stays on its server while that server is usable; when it is
 * not, the key goes on round the ring to the next usable server. Adding or removing one of N
 * servers moves only about 1/N of the keys. Requests without a key are spread round robin.
 */
public final class ConsistentHash implements LoadBalancer {

    static final int POINTS_PER_WEIGHT = 160;
    /** Rings larger than this are scaled down, keeping weights' proportions. */
    static final int MAX_POINTS = 160 * 1024;

    private final long[] points;
    private final UpstreamServer[] owners;
    private final HashKey key;
    private final RoundRobin keyless;

    ConsistentHash(List<UpstreamServer> servers, HashKey key) {
        this.key = key;
        this.keyless = new RoundRobin(servers);
        long totalWeight = 0;
        for (UpstreamServer s : servers) {
            totalWeight += s.weight();
        }
        double scale = Math.min(1.0, (double) MAX_POINTS / (Math.max(1, totalWeight) * POINTS_PER_WEIGHT));
        List<Point> ring = new ArrayList<>();
        for (UpstreamServer server : servers) {
            int n = Math.max(1, (int) (server.weight() * POINTS_PER_WEIGHT * scale));
            for (int p = 0; p < n; p++) {
                ring.add(new Point(Hashing.hash(server + "#" + p), server));
            }
        }
        ring.sort(Comparator.comparingLong(Point::hash));
        this.points = new long[ring.size()];
        this.owners = new UpstreamServer[ring.size()];
        for (int i = 0; i < ring.size(); i++) {
            points[i] = ring.get(i).hash();
            owners[i] = ring.get(i).owner();
        }
    }

    /** One point of the ring and the server that owns it. */
    private record Point(long hash, UpstreamServer owner) {}

    @Override
    public UpstreamServer choose(Exchange exchange, Predicate<UpstreamServer> usable) {
        String k = key.from(exchange);
        return k == null ? keyless.choose(exchange, usable) : choose(Hashing.hash(k), usable);
    }

    /** The server for a key hash: the first usable owner at or after it on the ring. */
    UpstreamServer choose(long hash, Predicate<UpstreamServer> usable) {
        int n = points.length;
        if (n == 0) {
            return null;
        }
        int i = Arrays.binarySearch(points, hash);
        i = i >= 0 ? i : -i - 1;
        UpstreamServer refused = null;
        for (int k = 0; k < n; k++, i++) {
            UpstreamServer owner = owners[i % n];
            if (owner != refused) {
                if (usable.test(owner)) {
                    return owner;
                }
                refused = owner;
            }
        }
        return null;
    }
}
