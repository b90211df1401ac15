package io.gatehouse.pipeline.phase;

import io.gatehouse.pipeline.Decision;
import io.gatehouse.pipeline.Exchange;
import io.gatehouse.pipeline.Phase;
import io.gatehouse.route.Route;
import io.gatehouse.route.Router;

/** Picks the route for the request, or answers 404 when none matches. */
public final class RouteMatchPhase implements Phase {

    private static final Decision NOT_FOUND = new Decision.Respond(404);

    private final Router router;

    public RouteMatchPhase(Router router) {
        this.router = router;
    }

    @Override
    public Decision onRequest(Exchange exchange) {
        Route route = router.match(exchange);
        if (route == null) {
            return NOT_FOUND;
        }
        exchange.route(route);
        return Decision.CONTINUE;
    }
}
