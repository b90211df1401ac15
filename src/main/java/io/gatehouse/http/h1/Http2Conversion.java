package io.gatehouse.http.h1;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http2.HttpConversionUtil.ExtensionHeaderNames;

/**
 * What is left of HTTP/2 in a request converted to HTTP/1 objects by Netty's codec: its
 * {@code x-http2-*} extension headers, which describe the client's stream and must not be forwarded.
 */
final class Http2Conversion {

    private static final ExtensionHeaderNames[] EXTENSION_HEADERS = ExtensionHeaderNames.values();

    private Http2Conversion() {
    }

    static void removeExtensionHeaders(HttpHeaders headers) {
        for (ExtensionHeaderNames name : EXTENSION_HEADERS) {
            headers.remove(name.text());
        }
    }
}
