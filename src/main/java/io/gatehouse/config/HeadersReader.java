package io.gatehouse.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads header names and values, which must follow HTTP syntax, and the header rules
 * {@code {set, add, remove}} of a route.
 */
final class HeadersReader {

    /** The characters besides letters and digits that may appear in a token (RFC 9110, section 5.6.2). */
    private static final String TOKEN_SYMBOLS = "!#$%&'*+-.^_`|~";
    /**
     * Names a rule may not write (see {@link #isFraming}): the fixed hop-by-hop list the proxy
     * strips ({@code http.HopByHopHeaders}, minus the proxy-authentication fields a rule may set),
     * plus Content-Length. Kept here so that reading the config needs nothing of the proxy.
     */
    private static final Set<String> FRAMING = Set.of("content-length", "transfer-encoding", "connection",
            "keep-alive", "proxy-connection", "te", "trailer", "upgrade");

    private HeadersReader() {}

    /** True when {@code text} is a valid token, as header names and methods must be. */
    static boolean isToken(String text) {
        if (text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean letterOrDigit = c < 128 && Character.isLetterOrDigit(c);
            if (!letterOrDigit && TOKEN_SYMBOLS.indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    /** {@code request_headers} or {@code response_headers}; NONE when the key is absent. */
    static HeaderRulesConfig rules(MapReader route, String key) {
        if (route.node(key) == null) {
            return HeaderRulesConfig.NONE;
        }
        MapReader rules = route.mapping(key);
        Map<String, String> set = fields(rules.mapping("set"), true);
        Map<String, String> add = fields(rules.mapping("add"), true);
        List<String> remove = new ArrayList<>();
        List<YamlNode> items = rules.list("remove");
        for (int i = 0; i < items.size(); i++) {
            String path = Problems.item(rules.pathOf("remove"), i);
            String name = name(items.get(i), path, rules.values());
            if (name != null && isFraming(name)) {
                rules.values().report(items.get(i), path, framingNotRewritable(name));
            } else if (name != null) {
                remove.add(name);
            }
        }
        rules.finish();
        return new HeaderRulesConfig(set, add, remove);
    }

    /** A mapping of header name to value, in file order (to match on). */
    static Map<String, String> fields(MapReader headers) {
        return fields(headers, false);
    }

    /**
     * A mapping of header name to value, in file order; {@code written}: the fields are written
     * into messages, so they must be valid as sent (no surrounding whitespace, no control
     * characters) and must not touch the framing and connection fields Gatehouse sets itself.
     */
    private static Map<String, String> fields(MapReader headers, boolean written) {
        Map<String, String> fields = new LinkedHashMap<>();
        Values values = headers.values();
        for (YamlNode.Entry entry : headers.entries()) {
            String path = headers.pathOf(entry.key());
            boolean validName = isToken(entry.key());
            if (!validName) {
                values.problems().add(entry.keyMark(), path, notAName(entry.key()));
            } else if (written && isFraming(entry.key())) {
                values.problems().add(entry.keyMark(), path, framingNotRewritable(entry.key()));
                validName = false;
            }
            String value = values.text(entry.value(), path);
            if (value != null && hasLineBreakOrNul(value)) {
                values.report(entry.value(), path, "a header value cannot contain CR, LF or NUL");
            } else if (value != null && written && !isSendable(value)) {
                values.report(entry.value(), path, "a header value cannot start or end with a space or tab,"
                        + " or contain control characters");
            } else if (value != null && validName) {
                fields.put(entry.key(), value);
            }
        }
        return fields;
    }

    /**
     * Fields that frame the message or manage the connection: Gatehouse sets them for each hop
     * itself, and a rule that wrote one (a second Content-Length, say) would let the two ends of a
     * hop disagree on where a message ends.
     */
    private static boolean isFraming(String name) {
        return FRAMING.contains(name.toLowerCase(Locale.ROOT));
    }

    private static String framingNotRewritable(String name) {
        return name + " frames the message or manages the connection, which Gatehouse sets itself;"
                + " it cannot be set, added or removed by a rule";
    }

    private static boolean isSendable(String value) {
        if (!value.isEmpty() && (isBlank(value.charAt(0)) || isBlank(value.charAt(value.length() - 1)))) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7F) {
                return false;
            }
        }
        return true;
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }

    /** One header name; {@code null} after reporting when it is not a token. */
    private static String name(YamlNode node, String path, Values values) {
        String name = values.text(node, path);
        if (name != null && !isToken(name)) {
            values.report(node, path, notAName(name));
            return null;
        }
        return name;
    }

    private static String notAName(String name) {
        return '"' + name + "\" is not a valid header name (letters, digits and !#$%&'*+-.^_`|~ only)";
    }

    private static boolean hasLineBreakOrNul(String value) {
        return value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\0') >= 0;
    }
}
