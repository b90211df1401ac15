package io.gatehouse.config;

import java.util.regex.Pattern;

/**
 * A {@code host:port} pair as written in the config. An empty host (":8080") means all interfaces.
 * IPv6 literals are written in brackets ("[::1]:8080") and stored without them.
 */
public record HostPort(String host, int port) {

    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9_.-]+");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+(%[A-Za-z0-9_.-]+)?");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern PORT = Pattern.compile("\\d{1,5}");

    /**
     * Parses {@code host:port}, {@code :port} or {@code [ipv6]:port}; the port may be 0..65535.
     *
     * @throws IllegalArgumentException with a message for the user
     */
    public static HostPort parse(String text) {
        int scheme = text.indexOf("://");
        if (scheme >= 0) {
            throw new IllegalArgumentException('"' + text + "\" is not host:port; leave out the \""
                    + text.substring(0, scheme + 3) + '"');
        }
        String host;
        String port;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0 || !text.startsWith(":", close + 1)) {
                throw invalid(text);
            }
            host = text.substring(1, close);
            port = text.substring(close + 2);
            if (!IPV6.matcher(host).matches() || host.indexOf(':') < 0) {
                throw new IllegalArgumentException('"' + text + "\": \"" + host + "\" is not an IPv6 address");
            }
        } else {
            int colon = text.lastIndexOf(':');
            if (colon < 0) {
                throw invalid(text);
            }
            host = text.substring(0, colon);
            port = text.substring(colon + 1);
            if (host.indexOf(':') >= 0) {
                throw new IllegalArgumentException(
                        '"' + text + "\": write an IPv6 address in brackets, e.g. [::1]:8080");
            }
            if (!host.isEmpty() && !HOST_NAME.matcher(host).matches()) {
                throw new IllegalArgumentException('"' + text + "\": \"" + host + "\" is not a valid host name");
            }
        }
        if (!PORT.matcher(port).matches() || Integer.parseInt(port) > 65535) {
            throw new IllegalArgumentException('"' + text + "\": the port must be a number from 0 to 65535");
        }
        return new HostPort(host, Integer.parseInt(port));
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException(
                '"' + text + "\" is not host:port; use e.g. 127.0.0.1:8080, :8080 or [::1]:8080");
    }

    /** True when the host is an IPv4 or IPv6 address rather than a name to resolve. */
    public boolean isIpLiteral() {
        return host.indexOf(':') >= 0 || IPV4.matcher(host).matches();
    }

    /** The host as it goes into a URL or a Host header: IPv6 literals in brackets. */
    public String hostForUrl() {
        return host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    }

    @Override
    public String toString() {
        return (host.isEmpty() ? "" : hostForUrl()) + ":" + port;
    }
}
