package io.gatehouse.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Reads {@code routes[i].match}: host, one path condition, methods and headers. */
final class MatchReader {

    private static final Pattern HOST = Pattern.compile("[a-z0-9_-]+(\\.[a-z0-9_-]+)*");
    private static final Pattern IPV6_HOST = Pattern.compile("\\[[0-9a-f:.]+\\]");
    private static final List<String> PATH_KEYS = List.of("path", "path_prefix", "path_regex");

    private MatchReader() {}

    static MatchConfig read(MapReader match) {
        Values values = match.values();
        String host = host(match);
        String path = null;
        String pathPrefix = null;
        Pattern pathRegex = null;
        String pathKey = null;
        for (String key : PATH_KEYS) {
            YamlNode node = match.node(key);
            if (node == null) {
                continue;
            }
            if (pathKey != null) {
                match.report(key, pathKey + " and " + key + " cannot both be set; keep one");
                continue;
            }
            pathKey = key;
            switch (key) {
                case "path" -> path = absolutePath(node, match.pathOf(key), values);
                case "path_prefix" -> pathPrefix = absolutePath(node, match.pathOf(key), values);
                default -> pathRegex = regex(node, match.pathOf(key), values);
            }
        }
        List<String> methods = methods(match);
        Map<String, String> headers = HeadersReader.fields(match.mapping("headers"));
        match.finish();
        return new MatchConfig(host, path, pathPrefix, pathRegex, methods, headers);
    }

    /** Exact or "*.suffix", lower-cased, without a port. */
    private static String host(MapReader match) {
        String text = match.text("host", null);
        if (text == null) {
            return null;
        }
        String host = text.toLowerCase(Locale.ROOT);
        String problem = hostProblem(host);
        if (problem != null) {
            match.report("host", problem);
            return null;
        }
        return host;
    }

    /** What is wrong with a lower-cased host condition, or {@code null}. */
    private static String hostProblem(String host) {
        if (IPV6_HOST.matcher(host).matches()) {
            return null;
        }
        String name = host.startsWith("*.") ? host.substring(2) : host;
        if (host.equals("*")) {
            return "\"*\" matches every host; leave out match.host instead";
        }
        if (name.contains("*")) {
            return '"' + host + "\": a wildcard may only be the whole first label, e.g. *.example.com";
        }
        if (name.contains(":")) {
            return '"' + host + "\": leave out the port; hosts are compared without it";
        }
        return HOST.matcher(name).matches() ? null : '"' + host + "\" is not a valid host name";
    }

    private static String absolutePath(YamlNode node, String path, Values values) {
        String text = values.text(node, path);
        if (text != null && !text.startsWith("/")) {
            values.report(node, path, "must start with \"/\", got \"" + text + '"');
            return null;
        }
        return text;
    }

    private static Pattern regex(YamlNode node, String path, Values values) {
        String text = values.nonEmptyText(node, path);
        if (text == null) {
            return null;
        }
        try {
            return Pattern.compile(text);
        } catch (PatternSyntaxException e) {
            String reason = e.getMessage().lines().findFirst().orElse(e.getDescription());
            values.report(node, path, '"' + text + "\" is not a valid regex: " + reason);
            return null;
        }
    }

    private static List<String> methods(MapReader match) {
        List<String> methods = new ArrayList<>();
        List<YamlNode> items = match.list("methods");
        for (int i = 0; i < items.size(); i++) {
            String path = Problems.item(match.pathOf("methods"), i);
            String method = match.values().text(items.get(i), path);
            if (method != null && !HeadersReader.isToken(method)) {
                match.values().report(items.get(i), path, '"' + method + "\" is not a valid HTTP method");
            } else if (method != null) {
                methods.add(method.toUpperCase(Locale.ROOT));
            }
        }
        return methods;
    }
}
