package io.gatehouse.upstream.balance;

import io.gatehouse.pipeline.Exchange;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.util.List;

/** Finds one cookie's value in a request's Cookie headers ({@code a=1; b=2}, RFC 6265 5.4). */
final class Cookies {

    private Cookies() {}

    /** The value of the first cookie named {@code name}, without quotes; {@code null} when there is none. */
    static String value(Exchange exchange, String name) {
        List<String> headers = exchange.request().headers().getAll(HttpHeaderNames.COOKIE);
        for (String header : headers) {
            String v = value(header, name);
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    static String value(String header, String name) {
        int i = 0;
        int n = header.length();
        while (i < n) {
            while (i < n && (header.charAt(i) == ' ' || header.charAt(i) == ';')) {
                i++;
            }
            int end = header.indexOf(';', i);
            end = end < 0 ? n : end;
            int eq = header.indexOf('=', i);
            if (eq > i && eq < end && header.regionMatches(i, name, 0, name.length())
                    && header.substring(i, eq).trim().length() == name.length()) {
                String v = header.substring(eq + 1, end).trim();
                return v.length() >= 2 && v.charAt(0) == '"' && v.charAt(v.length() - 1) == '"'
                        ? v.substring(1, v.length() - 1) : v;
            }
            i = end + 1;
        }
        return null;
    }
}
