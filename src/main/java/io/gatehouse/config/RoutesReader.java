package io.gatehouse.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Reads {@code routes}: in file order, each naming a known upstream. */
final class RoutesReader {

    private RoutesReader() {}

    /**
     * @param upstreams the names under {@code upstreams}, in file order, including any that had
     *                  problems of their own (so a route naming one is not reported too)
     */
    static List<RouteConfig> read(MapReader root, Set<String> upstreams) {
        List<RouteConfig> routes = new ArrayList<>();
        UniqueNames names = new UniqueNames();
        List<YamlNode> items = root.list("routes");
        for (int i = 0; i < items.size(); i++) {
            MapReader route = MapReader.of(items.get(i), Problems.item("routes", i), root.values());
            routes.add(route(route, names.read(route, "route-" + (i + 1)), upstreams));
        }
        return routes;
    }

    private static RouteConfig route(MapReader route, String name, Set<String> upstreams) {
        MatchConfig match = route.node("match") == null ? MatchConfig.ALL : MatchReader.read(route.mapping("match"));
        String upstream = upstream(route, upstreams);
        String stripPrefix = stripPrefix(route);
        boolean preserveHost = route.bool("preserve_host", true);
        HeaderRulesConfig requestHeaders = HeadersReader.rules(route, "request_headers");
        HeaderRulesConfig responseHeaders = HeadersReader.rules(route, "response_headers");
        route.finish();
        return new RouteConfig(name, match, upstream, stripPrefix, preserveHost, requestHeaders, responseHeaders);
    }

    private static String upstream(MapReader route, Set<String> upstreams) {
        route.required("upstream");
        String name = route.text("upstream", null);
        if (name != null && !upstreams.contains(name)) {
            String known = upstreams.isEmpty() ? "no upstreams are defined" : "known: " + String.join(", ", upstreams);
            route.report("upstream", "no upstream named \"" + name + "\" (" + known + ")");
        }
        return name;
    }

    private static String stripPrefix(MapReader route) {
        String prefix = route.text("strip_prefix", null);
        if (prefix != null && !prefix.startsWith("/")) {
            route.report("strip_prefix", "must start with \"/\", got \"" + prefix + '"');
            return null;
        }
        return prefix;
    }
}
