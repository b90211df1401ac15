package io.gatehouse.config;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the keys of {@code upstreams.<name>} that decide how servers are chosen, checked and
 * retried: balance, hash_key, sticky, health_check, retries, outlier_detection and queue.
 */
final class UpstreamPolicyReader {

    /** An HTTP token (RFC 9110 5.6.2): what header and cookie names are made of. */
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final Pattern PERCENT = Pattern.compile("(\\d{1,3})%");
    private static final Pattern STATUS_RANGE = Pattern.compile("(\\d{3})(?:-(\\d{3}))?");

    private UpstreamPolicyReader() {}

    static UpstreamConfig.Balance balance(MapReader upstream) {
        return TlsReader.choice(upstream, "balance", UpstreamConfig.Balance.ROUND_ROBIN, UpstreamConfig.Balance.class,
                "round_robin, least_conn, least_time, random, ip_hash or hash");
    }

    /** {@code hash_key}: required with balance hash, and meaningless with any other method. */
    static HashKeyConfig hashKey(MapReader upstream, UpstreamConfig.Balance balance) {
        String text = upstream.text("hash_key", null);
        if (text == null) {
            if (balance == UpstreamConfig.Balance.HASH && upstream.node("hash_key") == null) {
                upstream.report("balance", "balance hash needs hash_key: uri, client_ip, header:NAME or cookie:NAME");
            }
            return null;
        }
        if (balance != UpstreamConfig.Balance.HASH) {
            upstream.report("hash_key", "applies to balance hash only; remove it, or set balance: hash");
            return null;
        }
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.equals("uri")) {
            return new HashKeyConfig(HashKeyConfig.Kind.URI, null);
        }
        if (lower.equals("client_ip")) {
            return HashKeyConfig.CLIENT_IP;
        }
        int colon = text.indexOf(':');
        String kind = colon < 0 ? "" : lower.substring(0, colon);
        String name = colon < 0 ? "" : text.substring(colon + 1);
        if ((kind.equals("header") || kind.equals("cookie")) && TOKEN.matcher(name).matches()) {
            return new HashKeyConfig(kind.equals("header") ? HashKeyConfig.Kind.HEADER : HashKeyConfig.Kind.COOKIE,
                    name);
        }
        upstream.report("hash_key", '"' + text + "\" is not a hash key; use uri, client_ip, header:NAME"
                + " or cookie:NAME");
        return null;
    }

    static StickyConfig sticky(MapReader upstream) {
        if (upstream.node("sticky") == null) {
            return null;
        }
        MapReader sticky = upstream.mapping("sticky");
        sticky.required("cookie");
        String cookie = sticky.text("cookie", null);
        if (cookie != null && !TOKEN.matcher(cookie).matches()) {
            sticky.report("cookie", '"' + cookie + "\" is not a valid cookie name; use letters, digits, \"_\" and \"-\"");
            cookie = null;
        }
        Duration ttl = sticky.duration("ttl", null, false);
        sticky.finish();
        return cookie == null ? null : new StickyConfig(cookie, ttl);
    }

    static HealthCheckConfig healthCheck(MapReader upstream) {
        if (upstream.node("health_check") == null) {
            return null;
        }
        MapReader check = upstream.mapping("health_check");
        HealthCheckConfig d = HealthCheckConfig.DEFAULTS;
        HealthCheckConfig.Type type = TlsReader.choice(check, "type", d.type(), HealthCheckConfig.Type.class,
                "http or tcp");
        String path = check.text("path", d.path());
        if (!path.startsWith("/")) {
            check.report("path", "must start with \"/\", got \"" + path + '"');
            path = d.path();
        }
        int[] expect = expectStatus(check, d);
        if (type == HealthCheckConfig.Type.TCP) {
            for (String httpOnly : List.of("path", "expect_status")) {
                if (check.node(httpOnly) != null) {
                    check.report(httpOnly, "applies to type http only; a tcp check just connects");
                }
            }
        }
        HealthCheckConfig config = new HealthCheckConfig(type, path,
                check.duration("interval", d.interval(), false),
                check.duration("timeout", d.timeout(), false),
                check.wholeNumber("fall", d.fall(), 1, 1000),
                check.wholeNumber("rise", d.rise(), 1, 1000),
                expect[0], expect[1]);
        check.finish();
        return config;
    }

    /** {@code expect_status}: one status ({@code 200}) or a range ({@code 200-399}). */
    private static int[] expectStatus(MapReader check, HealthCheckConfig defaults) {
        int[] fallback = {defaults.expectStatusMin(), defaults.expectStatusMax()};
        String text = check.text("expect_status", null);
        if (text == null) {
            return fallback;
        }
        Matcher m = STATUS_RANGE.matcher(text);
        if (m.matches()) {
            int min = Integer.parseInt(m.group(1));
            int max = m.group(2) == null ? min : Integer.parseInt(m.group(2));
            if (min >= 100 && max <= 599 && min <= max) {
                return new int[] {min, max};
            }
        }
        check.report("expect_status", '"' + text + "\" is not a status or range of statuses from 100 to 599;"
                + " use e.g. 200 or 200-399");
        return fallback;
    }

    static RetriesConfig retries(MapReader upstream) {
        if (upstream.node("retries") == null) {
            return RetriesConfig.DEFAULTS;
        }
        MapReader retries = upstream.mapping("retries");
        RetriesConfig d = RetriesConfig.DEFAULTS;
        int attempts = retries.wholeNumber("attempts", d.attempts(), 0, 10);
        Set<RetriesConfig.Condition> on = d.on();
        Set<Integer> onStatus = d.onStatus();
        if (retries.node("on") != null) {
            on = new LinkedHashSet<>();
            onStatus = new LinkedHashSet<>();
            readConditions(retries, on, onStatus);
        }
        int budget = percent(retries, "budget", d.budgetPercent(), 0);
        retries.finish();
        return new RetriesConfig(attempts, on, onStatus, budget);
    }

    private static void readConditions(MapReader retries, Set<RetriesConfig.Condition> on, Set<Integer> onStatus) {
        List<YamlNode> items = retries.list("on");
        for (int i = 0; i < items.size(); i++) {
            String path = Problems.item(retries.pathOf("on"), i);
            String text = retries.values().text(items.get(i), path);
            if (text == null) {
                continue;
            }
            switch (text.toLowerCase(Locale.ROOT)) {
                case "connect_error" -> on.add(RetriesConfig.Condition.CONNECT_ERROR);
                case "reset" -> on.add(RetriesConfig.Condition.RESET);
                case "timeout" -> on.add(RetriesConfig.Condition.TIMEOUT);
                default -> {
                    Integer status = text.matches("\\d{3}") ? Integer.valueOf(text) : null;
                    if (status != null && (status == 429 || status >= 500 && status <= 599)) {
                        onStatus.add(status);
                    } else {
                        retries.values().report(items.get(i), path, '"' + text + "\" is not a retry condition;"
                                + " use connect_error, reset, timeout, 429 or a status from 500 to 599");
                    }
                }
            }
        }
    }

    static OutlierDetectionConfig outlierDetection(MapReader upstream) {
        if (upstream.node("outlier_detection") == null) {
            return null;
        }
        MapReader outlier = upstream.mapping("outlier_detection");
        OutlierDetectionConfig d = OutlierDetectionConfig.DEFAULTS;
        OutlierDetectionConfig config = new OutlierDetectionConfig(
                outlier.wholeNumber("consecutive_5xx", d.consecutive5xx(), 1, 1000),
                outlier.duration("ejection_time", d.ejectionTime(), false),
                percent(outlier, "max_ejected", d.maxEjectedPercent(), 1));
        outlier.finish();
        return config;
    }

    static QueueConfig queue(MapReader upstream) {
        if (upstream.node("queue") == null) {
            return QueueConfig.DEFAULTS;
        }
        MapReader queue = upstream.mapping("queue");
        QueueConfig d = QueueConfig.DEFAULTS;
        QueueConfig config = new QueueConfig(queue.wholeNumber("size", d.size(), 0, 1_000_000),
                queue.duration("timeout", d.timeout(), false));
        queue.finish();
        return config;
    }

    /** A percentage written {@code 20%}, from {@code min} to 100. */
    private static int percent(MapReader map, String key, int fallback, int min) {
        String text = map.text(key, null);
        if (text == null) {
            return fallback;
        }
        Matcher m = PERCENT.matcher(text);
        int value = m.matches() ? Integer.parseInt(m.group(1)) : -1;
        if (value < min || value > 100) {
            map.report(key, '"' + text + "\" is not a percentage from " + min + "% to 100%; use e.g. 20%");
            return fallback;
        }
        return value;
    }
}
