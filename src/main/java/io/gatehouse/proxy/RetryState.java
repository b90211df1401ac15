package io.gatehouse.proxy;

import io.gatehouse.pipeline.Exchange;
import io.gatehouse.upstream.RetryPolicy;
import io.gatehouse.upstream.TriedServers;
import io.gatehouse.upstream.Upstream;
import io.gatehouse.upstream.UpstreamServer;

/**
 * One request's retries: how many it has had, which servers it tried, and whether it used its one
 * free retry after a stale pooled connection. Chooses the server of the next attempt.
 */
final class RetryState {

    private final Upstream upstream;
    private final RetryPolicy policy;
    private TriedServers tried;
    private int retried;
    private boolean staleRetried;

    RetryState(Upstream upstream) {
        this.upstream = upstream;
        this.policy = upstream.retries();
    }

    /**
     * The server for one more attempt after {@code failed}: one not tried yet when there is one,
     * else any usable one; {@code null} when attempts or budget are spent or no server is usable.
     * Takes a budget token.
     */
    UpstreamServer next(Exchange exchange, UpstreamServer failed) {
        if (retried >= policy.attempts()) {
            return null;
        }
        if (tried == null) {
            tried = new TriedServers();
        }
        tried.add(failed);
        UpstreamServer next = upstream.choose(exchange, tried);
        if (next == null) {
            next = upstream.choose(exchange, Upstream.AVAILABLE);
        }
        if (next == null || !policy.tryRetry()) {
            return null;
        }
        retried++;
        return next;
    }

    /**
     * The server for the free retry after a reused connection closed under the request, or
     * {@code null} when no server is usable. Costs no attempt or budget: the server most likely
     * just closed an idle connection. There is one such retry per request.
     */
    UpstreamServer nextAfterStaleConnection(Exchange exchange) {
        staleRetried = true;
        return upstream.choose(exchange, tried != null ? tried : Upstream.AVAILABLE);
    }

    boolean hasStaleConnectionRetry() {
        return !staleRetried;
    }

    static boolean isIdempotent(String method) {
        return switch (method) {
            case "GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE" -> true;
            default -> false;
        };
    }
}
