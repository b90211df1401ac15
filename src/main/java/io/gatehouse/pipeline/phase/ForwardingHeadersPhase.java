package io.gatehouse.pipeline.phase;

import io.gatehouse.pipeline.ClientInfo;
import io.gatehouse.pipeline.Decision;
import io.gatehouse.pipeline.Exchange;
import io.gatehouse.pipeline.Phase;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;

/**
 * Tells the upstream who the client is: appends to {@code X-Forwarded-For}, {@code Forwarded}
 * (RFC 7239) and {@code Via}; sets {@code X-Real-IP}, {@code X-Forwarded-Proto},
 * {@code X-Forwarded-Host} and {@code X-Forwarded-Port}, overwriting what the client sent.
 */
public final class ForwardingHeadersPhase implements Phase {

    static final AsciiString X_FORWARDED_FOR = AsciiString.cached("X-Forwarded-For");
    static final AsciiString X_REAL_IP = AsciiString.cached("X-Real-IP");
    static final AsciiString X_FORWARDED_PROTO = AsciiString.cached("X-Forwarded-Proto");
    static final AsciiString X_FORWARDED_HOST = AsciiString.cached("X-Forwarded-Host");
    static final AsciiString X_FORWARDED_PORT = AsciiString.cached("X-Forwarded-Port");
    static final AsciiString FORWARDED = AsciiString.cached("Forwarded");
    /** Spelled as the contract writes it; Netty's constant is lower case, made for HTTP/2. */
    static final AsciiString VIA = AsciiString.cached("Via");
    /** One name for the hop whatever the client spoke: the version is the one Gatehouse forwards with. */
    static final String VIA_VALUE = "1.1 gatehouse";

    @Override
    public Decision onRequest(Exchange exchange) {
        HttpHeaders h = exchange.request().headers();
        ClientInfo client = exchange.client();
        String ip = client.ip();
        String host = h.get(HttpHeaderNames.HOST);

        h.set(X_FORWARDED_FOR, appended(h, X_FORWARDED_FOR, ip));
        h.set(X_REAL_IP, ip);
        h.set(X_FORWARDED_PROTO, client.scheme());
        if (host != null) {
            h.set(X_FORWARDED_HOST, host);
        } else {
            h.remove(X_FORWARDED_HOST);
        }
        h.set(X_FORWARDED_PORT, client.localPortText());
        h.set(FORWARDED, appended(h, FORWARDED, forwardedElement(client, host)));
        h.set(VIA, appended(h, VIA, VIA_VALUE));
        return Decision.CONTINUE;
    }

    /** This connection's element for {@code host}: made once for the host its requests keep naming. */
    private static String forwardedElement(ClientInfo client, String host) {
        String element = client.forwardedElement(host);
        if (element == null) {
            element = forwardedElement(client.ip(), host, client.scheme());
            client.rememberForwardedElement(host, element);
        }
        return element;
    }

    /** The header's earlier values with ours appended; most requests have none, which costs no list. */
    private static String appended(HttpHeaders h, AsciiString name, String value) {
        return h.contains(name) ? appended(h.getAll(name), value) : value;
    }

    /** Earlier values (possibly several header lines) joined with ", ", then ours. */
    static String appended(java.util.List<String> earlier, String value) {
        if (earlier.isEmpty()) {
            return value;
        }
        StringBuilder sb = new StringBuilder();
        for (String e : earlier) {
            if (!e.isBlank()) {
                sb.append(e).append(", ");
            }
        }
        return sb.append(value).toString();
    }

    /** One RFC 7239 element: {@code for=...;host=...;proto=...}, quoting where the grammar needs it. */
    static String forwardedElement(String ip, String host, String scheme) {
        StringBuilder sb = new StringBuilder(64).append("for=");
        if (ip.indexOf(':') >= 0) {
            sb.append("\"[").append(ip).append("]\"");
        } else {
            sb.append(ip);
        }
        if (host != null && !host.isEmpty()) {
            sb.append(";host=");
            if (isToken(host)) {
                sb.append(host);
            } else {
                sb.append('"');
                appendQuotedPairs(sb, host);
                sb.append('"');
            }
        }
        return sb.append(";proto=").append(scheme).toString();
    }

    /** RFC 9110 quoted-string content: backslash and double quote escaped. */
    private static void appendQuotedPairs(StringBuilder sb, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\');
            }
            sb.append(c);
        }
    }

    private static boolean isToken(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
