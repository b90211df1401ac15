package io.gatehouse.route;

import io.gatehouse.pipeline.Exchange;
import java.util.List;

/** Finds the route for a request: the first whose conditions hold, in file order. */
public final class Router {

    private final Route[] routes;

    public Router(List<Route> routes) {
        this.routes = routes.toArray(new Route[0]);
    }

    /** The first matching route, or {@code null} when none matches (the caller answers 404). */
    public Route match(Exchange exchange) {
        for (Route route : routes) {
            if (route.matcher().matches(exchange)) {
                return route;
            }
        }
        return null;
    }
}
