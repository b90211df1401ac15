package io.gatehouse.route;

import io.gatehouse.config.RouteConfig;
import io.gatehouse.upstream.Upstream;

/** A route ready to serve: its compiled match conditions, its upstream and its rewrites. */
public final class Route {

    private final String name;
    private final RouteMatcher matcher;
    private final Upstream upstream;
    private final String stripPrefix;
    private final boolean preserveHost;
    private final HeaderRules requestHeaders;
    private final HeaderRules responseHeaders;

    public Route(RouteConfig config, Upstream upstream) {
        this.name = config.name();
        this.matcher = RouteMatcher.compile(config.match());
        this.upstream = upstream;
        this.stripPrefix = config.stripPrefix();
        this.preserveHost = config.preserveHost();
        this.requestHeaders = HeaderRules.compile(config.requestHeaders());
        this.responseHeaders = HeaderRules.compile(config.responseHeaders());
    }

    public String name() { return name; }
    public RouteMatcher matcher() { return matcher; }
    public Upstream upstream() { return upstream; }
    /** The prefix removed from the path before forwarding, or {@code null}. */
    public String stripPrefix() { return stripPrefix; }
    public boolean preserveHost() { return preserveHost; }
    public HeaderRules requestHeaders() { return requestHeaders; }
    public HeaderRules responseHeaders() { return responseHeaders; }
}
