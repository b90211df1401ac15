package io.gatehouse.pipeline.phase;

import io.gatehouse.pipeline.Decision;
import io.gatehouse.pipeline.Exchange;
import io.gatehouse.pipeline.Phase;
import io.gatehouse.route.Route;
import io.netty.handler.codec.http.HttpRequest;

/**
 * Applies the route's rewrites to the request that will be forwarded: {@code strip_prefix} on
 * the path and the {@code request_headers} rules. (The Host header for
 * {@code preserve_host: false} is set once the server is chosen.)
 */
public final class UpstreamHeadersPhase implements Phase {

    @Override
    public Decision onRequest(Exchange exchange) {
        Route route = exchange.route();
        HttpRequest request = exchange.request();
        String prefix = route.stripPrefix();
        if (prefix != null) {
            request.setUri(stripped(request.uri(), prefix));
        }
        route.requestHeaders().apply(request.headers());
        return Decision.CONTINUE;
    }

    /** The target without the prefix; always starts with "/" ("/api" -> "/", "/api?x" -> "/?x"). */
    static String stripped(String uri, String prefix) {
        if (!uri.startsWith(prefix)) {
            return uri;
        }
        String rest = uri.substring(prefix.length());
        if (rest.isEmpty() || rest.charAt(0) != '/') {
            return "/" + rest;
        }
        return rest;
    }
}
