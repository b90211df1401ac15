package io.gatehouse.http.h1;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.util.List;
import java.util.Map;

/**
 * Checks of a decoded HTTP/1.x request head that the decoder leaves to us, against request
 * smuggling and header injection (RFC 9112 section 6, 11.2): anything ambiguous is refused with
 * 400 and never forwarded.
 */
final class RequestChecks {

    private RequestChecks() {
    }

    /** What is wrong with the head, or {@code null} when it may be forwarded. */
    static String problem(HttpRequest request) {
        String uri = request.uri();
        if (uri.isEmpty() || hasControlOrSpace(uri)) {
            return "bad request target";
        }
        HttpHeaders headers = request.headers();
        for (Map.Entry<String, String> h : headers) {
            if (hasControl(h.getValue())) {
                return "control character in header " + h.getKey();
            }
        }
        List<String> te = headers.getAll(HttpHeaderNames.TRANSFER_ENCODING);
        if (!te.isEmpty()) {
            // Only exactly "chunked" is understood; anything else could be read differently downstream.
            if (te.size() != 1 || !"chunked".equalsIgnoreCase(te.get(0).trim())
                    || request.protocolVersion().equals(HttpVersion.HTTP_1_0)) {
                return "unsupported Transfer-Encoding";
            }
            if (headers.contains(HttpHeaderNames.CONTENT_LENGTH)) {
                return "both Content-Length and Transfer-Encoding";
            }
        }
        List<String> hosts = headers.getAll(HttpHeaderNames.HOST);
        if (hosts.size() > 1) {
            return "more than one Host header";
        }
        if (hosts.isEmpty() && request.protocolVersion().equals(HttpVersion.HTTP_1_1)) {
            return "missing Host header";
        }
        if (!hosts.isEmpty() && !isValidHost(hosts.get(0))) {
            return "bad Host header";
        }
        return null;
    }

    private static boolean hasControlOrSpace(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= 0x20 || c == 0x7F) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasControl(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7F) {
                return true;
            }
        }
        return false;
    }

    /** uri-host [ ":" port ], RFC 3986: no spaces, no userinfo, no path. */
    static boolean isValidHost(String host) {
        if (host.isEmpty() || host.length() > 255) {
            return host.isEmpty();
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '-' || c == ':' || c == '[' || c == ']' || c == '_' || c == '%';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
