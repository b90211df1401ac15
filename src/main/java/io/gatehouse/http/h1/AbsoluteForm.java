package io.gatehouse.http.h1;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;

/**
 * Brings the request target to origin form (RFC 9112 3.2): an absolute-form target
 * ("http://host/path") gives its authority to the Host header and keeps only the path.
 */
final class AbsoluteForm {

    private AbsoluteForm() {
    }

    /** Normalizes in place; returns what is wrong with the target, or {@code null}. */
    static String normalize(HttpRequest request) {
        String uri = request.uri();
        if (uri.charAt(0) == '/') {
            return null;
        }
        if (uri.equals("*")) {
            return request.method().equals(HttpMethod.OPTIONS) ? null : "\"*\" target is only for OPTIONS";
        }
        // The scheme is case-insensitive (RFC 3986 3.1).
        int schemeEnd = uri.regionMatches(true, 0, "http://", 0, 7) ? 7
                : uri.regionMatches(true, 0, "https://", 0, 8) ? 8 : -1;
        if (schemeEnd < 0) {
            return "bad request target";
        }
        int pathStart = schemeEnd;
        while (pathStart < uri.length() && uri.charAt(pathStart) != '/' && uri.charAt(pathStart) != '?') {
            pathStart++;
        }
        String authority = uri.substring(schemeEnd, pathStart);
        if (authority.isEmpty() || authority.indexOf('@') >= 0 || !RequestChecks.isValidHost(authority)) {
            return "bad authority in request target";
        }
        String rest = uri.substring(pathStart);
        request.headers().set(HttpHeaderNames.HOST, authority);
        request.setUri(rest.isEmpty() ? "/" : rest.charAt(0) == '?' ? "/" + rest : rest);
        return null;
    }
}
