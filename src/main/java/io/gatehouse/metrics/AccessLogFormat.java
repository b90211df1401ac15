package io.gatehouse.metrics;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Turns an entry into one line: nginx's combined format with upstream timings, or JSON. */
enum AccessLogFormat {

    /**
     * {@code 127.0.0.1 - - [23/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 12 "-" "curl/8.5"
     * rt=0.003 uct=0.001 uht=0.002 urt=0.003 ua=127.0.0.1:4000 rid=... route=api}
     */
    COMBINED {
        @Override
        void append(StringBuilder sb, AccessLogEntry e) {
            sb.append(e.clientIp()).append(" - - [")
                    .append(CLF_TIME.format(Instant.ofEpochMilli(e.timeMillis()))).append("] \"")
                    .append(escapeQuoted(e.method())).append(' ').append(escapeQuoted(e.uri())).append(' ')
                    .append(escapeQuoted(e.protocol())).append("\" ")
                    .append(e.status()).append(' ').append(e.bytesSent()).append(" \"")
                    .append(e.referer() == null ? "-" : escapeQuoted(e.referer())).append("\" \"")
                    .append(e.userAgent() == null ? "-" : escapeQuoted(e.userAgent())).append("\" rt=");
            seconds(sb, e.requestNanos());
            sb.append(" uct=");
            secondsOrDash(sb, e.upstreamConnectNanos());
            sb.append(" uht=");
            secondsOrDash(sb, e.upstreamHeaderNanos());
            sb.append(" urt=");
            secondsOrDash(sb, e.upstreamResponseNanos());
            sb.append(" ua=").append(e.upstreamAddress() == null ? "-" : e.upstreamAddress())
                    .append(" rid=").append(e.requestId())
                    .append(" route=").append(e.route() == null ? "-" : e.route());
        }
    },

    /** One JSON object per line with the same fields, times in seconds. */
    JSON {
        @Override
        void append(StringBuilder sb, AccessLogEntry e) {
            sb.append("{\"time\":\"");
            JSON_TIME.formatTo(Instant.ofEpochMilli(e.timeMillis()), sb);
            sb.append('"');
            string(sb, "client", e.clientIp());
            string(sb, "method", e.method());
            string(sb, "uri", e.uri());
            string(sb, "protocol", e.protocol());
            sb.append(",\"status\":").append(e.status());
            sb.append(",\"bytes_sent\":").append(e.bytesSent());
            string(sb, "referer", e.referer());
            string(sb, "user_agent", e.userAgent());
            sb.append(",\"request_time\":");
            seconds(sb, e.requestNanos());
            string(sb, "upstream_addr", e.upstreamAddress());
            number(sb, "upstream_connect_time", e.upstreamConnectNanos());
            number(sb, "upstream_header_time", e.upstreamHeaderNanos());
            number(sb, "upstream_response_time", e.upstreamResponseNanos());
            string(sb, "request_id", e.requestId());
            string(sb, "route", e.route());
            sb.append('}');
        }
    };

    /** Always with milliseconds: {@code Instant.toString()} leaves them out when they are zero. */
    private static final DateTimeFormatter JSON_TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter CLF_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT).withZone(ZoneId.systemDefault());

    abstract void append(StringBuilder sb, AccessLogEntry e);

    private static void seconds(StringBuilder sb, long nanos) {
        long millis = Math.max(0, nanos) / 1_000_000;
        sb.append(millis / 1000).append('.');
        long frac = millis % 1000;
        if (frac < 100) {
            sb.append('0');
        }
        if (frac < 10) {
            sb.append('0');
        }
        sb.append(frac);
    }

    private static void secondsOrDash(StringBuilder sb, long nanos) {
        if (nanos < 0) {
            sb.append('-');
        } else {
            seconds(sb, nanos);
        }
    }

    private static void number(StringBuilder sb, String key, long nanos) {
        sb.append(",\"").append(key).append("\":");
        if (nanos < 0) {
            sb.append("null");
        } else {
            seconds(sb, nanos);
        }
    }

    private static void string(StringBuilder sb, String key, String value) {
        sb.append(",\"").append(key).append("\":");
        if (value == null) {
            sb.append("null");
            return;
        }
        sb.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c < 0x20 || c == 0x7F) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    /** Inside a quoted field of the combined format: quotes, backslashes and controls escaped. */
    private static String escapeQuoted(String s) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\' || c < 0x20 || c == 0x7F) {
                if (sb == null) {
                    sb = new StringBuilder(s.length() + 8).append(s, 0, i);
                }
                sb.append(String.format("\\x%02X", (int) c));
            } else if (sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? s : sb.toString();
    }
}
