package io.gatehouse.upstream.balance;

import io.gatehouse.config.UpstreamConfig;
import io.gatehouse.pipeline.Exchange;
import io.gatehouse.upstream.UpstreamServer;
import java.util.List;
import java.util.function.Predicate;

/** Chooses a server of one upstream. Called on an event loop: cheap, never blocks. */
public interface LoadBalancer {

    /**
     * The best server {@code usable} accepts, or {@code null} when it accepts none (the caller
     * answers 503). {@code usable} means healthy, below max_connections and, on a retry, not tried
     * yet; it is a shared object, so choosing allocates nothing.
     */
    UpstreamServer choose(Exchange exchange, Predicate<UpstreamServer> usable);

    /** Builds a balancer over a fixed server list; called again when the list changes. */
    interface Factory {
        LoadBalancer create(List<UpstreamServer> servers);
    }

    /** The factory for an upstream's {@code balance} (and {@code hash_key}). */
    static Factory factory(UpstreamConfig config) {
        return switch (config.balance()) {
            case ROUND_ROBIN -> RoundRobin::new;
            case LEAST_CONN -> LeastConnections::new;
            case LEAST_TIME -> servers -> new TwoChoices(servers, TwoChoices.Cost.LATENCY);
            case RANDOM -> servers -> new TwoChoices(servers, TwoChoices.Cost.IN_FLIGHT);
            case IP_HASH -> servers -> new ConsistentHash(servers, HashKey.CLIENT_IP);
            case HASH -> servers -> new ConsistentHash(servers, HashKey.of(config.hashKey()));
        };
    }
}
