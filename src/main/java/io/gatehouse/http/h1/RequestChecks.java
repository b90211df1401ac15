package io.gatehouse.http.h1;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.util.Iterator;
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
        if (HttpMethod.CONNECT.equals(request.method())) {
            // A tunnel to a host of the client's choosing is a forward proxy's job, not ours; a
            // CONNECT passed on would leave client and proxy at odds over where its answer ends.
            return "CONNECT is not supported";
        }
        String uri = request.uri();
        if (uri.isEmpty() || hasNonTargetCharacter(uri)) {
            return "bad request target";
        }
        HttpHeaders headers = request.headers();
        Iterator<Map.Entry<CharSequence, CharSequence>> all = headers.iteratorCharSequence();
        int hosts = 0;
        int transferEncodings = 0;
        while (all.hasNext()) {
            Map.Entry<CharSequence, CharSequence> h = all.next();
            if (hasControl(h.getValue())) {
                return "control character in header " + h.getKey();
            }
            if (HttpHeaderNames.HOST.contentEqualsIgnoreCase(h.getKey())) {
                hosts++;
            } else if (HttpHeaderNames.TRANSFER_ENCODING.contentEqualsIgnoreCase(h.getKey())) {
                transferEncodings++;
            }
        }
        if (transferEncodings > 0) {
            // Only exactly "chunked" is understood; anything else could be read differently downstream.
            if (transferEncodings != 1
                    || !"chunked".equalsIgnoreCase(headers.get(HttpHeaderNames.TRANSFER_ENCODING).trim())
                    || request.protocolVersion().equals(HttpVersion.HTTP_1_0)) {
                return "unsupported Transfer-Encoding";
            }
            if (headers.contains(HttpHeaderNames.CONTENT_LENGTH)) {
                return "both Content-Length and Transfer-Encoding";
            }
        }
        if (hosts > 1) {
            return "more than one Host header";
        }
        if (hosts == 0 && request.protocolVersion().equals(HttpVersion.HTTP_1_1)) {
            return "missing Host header";
        }
        if (hosts == 1 && !isValidHost(headers.get(HttpHeaderNames.HOST))) {
            return "bad Host header";
        }
        return null;
    }

    /**
     * A control character, a space or a byte beyond ASCII: none may appear in a request target
     * (RFC 3986 section 2, RFC 9112 section 3.2), where non-ASCII text is percent-encoded. Passing
     * raw bytes on would mean choosing an encoding for them, and the upstream could read them
     * differently.
     */
    private static boolean hasNonTargetCharacter(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= 0x20 || c >= 0x7F) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasControl(CharSequence s) {
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
