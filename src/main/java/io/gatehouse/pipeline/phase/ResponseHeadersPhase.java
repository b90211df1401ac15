package io.gatehouse.pipeline.phase;

import io.gatehouse.pipeline.Exchange;
import io.gatehouse.pipeline.Phase;
import io.gatehouse.route.Route;

/** Applies the route's {@code response_headers} rules to the response head. */
public final class ResponseHeadersPhase implements Phase {

    @Override
    public void onResponse(Exchange exchange) {
        Route route = exchange.route();
        if (route != null) {
            route.responseHeaders().apply(exchange.response().headers());
        }
    }
}
