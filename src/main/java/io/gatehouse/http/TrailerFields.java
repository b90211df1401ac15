package io.gatehouse.http;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;

/**
 * What a trailer section loses on its way through, in both directions. Besides the fields that
 * manage the connection ({@link HopByHopHeaders}), a trailer may not carry fields whose meaning is
 * needed before the content (RFC 9110 section 6.5.1): framing, routing, authentication, request
 * modifiers, response controls and content format, nor the forwarding fields Gatehouse sets
 * itself. A next hop that merged a trailer into the header section would otherwise take a
 * {@code Host}, an {@code Authorization} or an {@code X-Forwarded-For} the client added after the
 * checks. Other fields (checksums, {@code grpc-status}, {@code Server-Timing}) pass.
 */
public final class TrailerFields {

    private static final AsciiString[] NOT_ALLOWED = names(
            // framing and content format
            "content-length", "content-type", "content-encoding", "content-language", "content-location",
            "content-range",
            // routing and forwarding
            "host", "forwarded", "x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-forwarded-port",
            "x-real-ip", "via", "x-request-id", "x-client-cert-subject", "x-client-cert-verified",
            // authentication and state
            "authorization", "www-authenticate", "authentication-info", "cookie", "set-cookie",
            // request modifiers
            "expect", "max-forwards", "range", "if-match", "if-none-match", "if-modified-since",
            "if-unmodified-since", "if-range",
            // response controls
            "cache-control", "pragma", "age", "expires", "date", "location", "retry-after", "vary");

    private TrailerFields() {
    }

    /** Strips them in place; a message without trailers (nearly all) costs one check. */
    public static void strip(HttpHeaders trailers) {
        if (trailers.isEmpty()) {
            return;
        }
        HopByHopHeaders.stripTrailers(trailers);
        for (AsciiString name : NOT_ALLOWED) {
            trailers.remove(name);
        }
    }

    private static AsciiString[] names(String... names) {
        AsciiString[] cached = new AsciiString[names.length];
        for (int i = 0; i < names.length; i++) {
            cached[i] = AsciiString.cached(names[i]);
        }
        return cached;
    }
}
