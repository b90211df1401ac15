package io.gatehouse.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads header names and values, which must follow HTTP syntax, and the header rules
 * {@code {set, add, remove}} of a route.
 */
final class HeadersReader {

    /** The characters besides letters and digits that may appear in a token (RFC 9110, section 5.6.2). */
    private static final String TOKEN_SYMBOLS = "!#$%&'*+-.^_`|~";

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
        Map<String, String> set = fields(rules.mapping("set"));
        Map<String, String> add = fields(rules.mapping("add"));
        List<String> remove = new ArrayList<>();
        List<YamlNode> items = rules.list("remove");
        for (int i = 0; i < items.size(); i++) {
            String name = name(items.get(i), Problems.item(rules.pathOf("remove"), i), rules.values());
            if (name != null) {
                remove.add(name);
            }
        }
        rules.finish();
        return new HeaderRulesConfig(set, add, remove);
    }

    /** A mapping of header name to value, in file order. */
    static Map<String, String> fields(MapReader headers) {
        Map<String, String> fields = new LinkedHashMap<>();
        Values values = headers.values();
        for (YamlNode.Entry entry : headers.entries()) {
            String path = headers.pathOf(entry.key());
            boolean validName = isToken(entry.key());
            if (!validName) {
                values.problems().add(entry.keyMark(), path, notAName(entry.key()));
            }
            String value = values.text(entry.value(), path);
            if (value != null && hasLineBreakOrNul(value)) {
                values.report(entry.value(), path, "a header value cannot contain CR, LF or NUL");
            } else if (value != null && validName) {
                fields.put(entry.key(), value);
            }
        }
        return fields;
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
