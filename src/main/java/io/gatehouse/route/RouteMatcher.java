package io.gatehouse.route;

import io.gatehouse.config.MatchConfig;
import io.gatehouse.pipeline.Exchange;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The match conditions of one route, compiled once: every given condition must hold.
 * Cheap to evaluate; no allocation except for a regex match.
 */
public final class RouteMatcher {

    private final String exactHost;
    private final String hostSuffix;
    private final String exactPath;
    private final String pathPrefix;
    private final Pattern pathRegex;
    private final String[] methods;
    private final AsciiString[] headerNames;
    private final String[] headerValues;

    private RouteMatcher(MatchConfig m) {
        String host = m.host();
        boolean wildcard = host != null && host.startsWith("*.");
        this.exactHost = wildcard ? null : host;
        this.hostSuffix = wildcard ? host.substring(1) : null;
        this.exactPath = m.path();
        this.pathPrefix = m.pathPrefix();
        this.pathRegex = m.pathRegex();
        this.methods = m.methods().isEmpty() ? null : m.methods().toArray(new String[0]);
        this.headerNames = new AsciiString[m.headers().size()];
        this.headerValues = new String[m.headers().size()];
        int i = 0;
        for (Map.Entry<String, String> e : m.headers().entrySet()) {
            headerNames[i] = AsciiString.cached(e.getKey());
            headerValues[i] = e.getValue();
            i++;
        }
    }

    public static RouteMatcher compile(MatchConfig match) {
        return new RouteMatcher(match == null ? MatchConfig.ALL : match);
    }

    public boolean matches(Exchange exchange) {
        return matchesHost(exchange.host())
                && matchesPath(exchange.path())
                && matchesMethod(exchange.method())
                && matchesHeaders(exchange.request().headers());
    }

    private boolean matchesHost(String host) {
        if (exactHost != null) {
            return exactHost.equals(host);
        }
        if (hostSuffix != null) {
            return host.length() > hostSuffix.length() && host.endsWith(hostSuffix);
        }
        return true;
    }

    private boolean matchesPath(String path) {
        if (exactPath != null) {
            return exactPath.equals(path);
        }
        if (pathPrefix != null) {
            return path.startsWith(pathPrefix);
        }
        if (pathRegex != null) {
            return pathRegex.matcher(path).find();
        }
        return true;
    }

    private boolean matchesMethod(String method) {
        if (methods == null) {
            return true;
        }
        for (String m : methods) {
            if (m.equals(method)) {
                return true;
            }
        }
        return false;
    }

    private boolean matchesHeaders(HttpHeaders headers) {
        for (int i = 0; i < headerNames.length; i++) {
            if (!headerValues[i].equals(headers.get(headerNames[i]))) {
                return false;
            }
        }
        return true;
    }
}
