package io.gatehouse.http.h2;

import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http2.Http2Headers;
import java.util.Map;

/**
 * An HTTP/2 request head as the HTTP/1.1 message the exchange logic and the upstream see
 * (RFC 9113 section 8.3.1): {@code :authority} becomes {@code Host}, split {@code cookie} fields are
 * joined again (section 8.2.3), and a body of unknown length is sent chunked.
 */
final class Http2Requests {

    /**
     * The frame codec has already checked every field name (a lowercase token) and value (no CR, LF
     * or NUL) of the HPACK block: checking them again here would only cost time.
     */
    private static final DefaultHttpHeadersFactory HEADERS = DefaultHttpHeadersFactory.headersFactory().withValidation(false);

    private Http2Requests() {
    }

    /**
     * The request of a client HEADERS frame; {@code endStream}: it has no body.
     *
     * @throws IllegalArgumentException if the method is not a token, {@code :path} is not an
     *         absolute path (nor {@code *} for {@code OPTIONS}), or a field value ends in whitespace
     */
    static HttpRequest toHttp1(Http2Headers h2, boolean endStream) {
        HttpMethod method = HttpMethod.valueOf(h2.method().toString());
        CharSequence authority = h2.authority();
        boolean connect = HttpMethod.CONNECT.equals(method);
        CharSequence target = connect ? authority : h2.path();
        if (target != null && !connect) {
            checkPath(method, target);
        }
        HttpHeaders headers = HEADERS.newHeaders();
        StringBuilder cookies = null;
        for (Map.Entry<CharSequence, CharSequence> field : h2) {
            CharSequence name = field.getKey();
            if (name.length() > 0 && name.charAt(0) == ':') {
                continue;
            }
            CharSequence value = checkValue(field.getValue());
            if (HttpHeaderNames.COOKIE.contentEquals(name)) {
                cookies = cookies == null ? new StringBuilder() : cookies.append("; ");
                cookies.append(value);
            } else {
                headers.add(name, value);
            }
        }
        if (cookies != null) {
            headers.set(HttpHeaderNames.COOKIE, cookies.toString());
        }
        if (authority != null) {
            headers.set(HttpHeaderNames.HOST, authority);
        }
        if (!endStream && !headers.contains(HttpHeaderNames.CONTENT_LENGTH)) {
            headers.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        }
        return new DefaultHttpRequest(HttpVersion.HTTP_1_1, method, target == null ? "" : target.toString(), headers);
    }

    /**
     * The trailer fields of a request body.
     *
     * @throws IllegalArgumentException if a field value ends in whitespace
     */
    static HttpHeaders trailersToHttp1(Http2Headers h2) {
        HttpHeaders trailers = HEADERS.newHeaders();
        for (Map.Entry<CharSequence, CharSequence> field : h2) {
            if (field.getKey().length() > 0 && field.getKey().charAt(0) != ':') {
                trailers.add(field.getKey(), checkValue(field.getValue()));
            }
        }
        return trailers;
    }

    /**
     * An http or https request names its target by path alone (RFC 9113 section 8.3.1): an
     * absolute URI in {@code :path} is malformed, and taking its host would route the request by a
     * name that {@code :authority}, and the TLS server name, never gave.
     */
    private static void checkPath(HttpMethod method, CharSequence path) {
        boolean asterisk = path.length() == 1 && path.charAt(0) == '*';
        if (asterisk ? !HttpMethod.OPTIONS.equals(method) : path.length() == 0 || path.charAt(0) != '/') {
            throw new IllegalArgumentException(":path is not an absolute path: " + path);
        }
    }

    /**
     * A value must not end in a space or tab (RFC 9113 section 8.2.1); the frame codec checks its
     * first character, and every other rule, already.
     */
    private static CharSequence checkValue(CharSequence value) {
        int length = value.length();
        if (length > 0 && (value.charAt(length - 1) == ' ' || value.charAt(length - 1) == '\t')) {
            throw new IllegalArgumentException("field value ends in whitespace");
        }
        return value;
    }
}
