package io.gatehouse.upstream.balance;

import io.gatehouse.pipeline.Exchange;
import io.gatehouse.upstream.UpstreamServer;

/** Chooses a server of one upstream. Called on an event loop: cheap, never blocks. */
public interface LoadBalancer {

    /** The next server for this request, or {@code null} when there is none (the caller answers 503). */
    UpstreamServer choose(Exchange exchange);
}
