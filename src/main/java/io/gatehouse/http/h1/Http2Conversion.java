package io.gatehouse.http.h1;

import io.netty.handler.codec.http.HttpHeaders;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What is left of HTTP/2 in a request converted to HTTP/1 objects by Netty's codec: its
 * {@code x-http2-*} extension headers, which describe the client's stream and must not be forwarded.
 */
final class Http2Conversion {

    private static final String EXTENSION_PREFIX = "x-http2-";

    private Http2Conversion() {
    }

    static void removeExtensionHeaders(HttpHeaders headers) {
        List<CharSequence> names = null;
        var it = headers.iteratorCharSequence();
        while (it.hasNext()) {
            Map.Entry<CharSequence, CharSequence> h = it.next();
            CharSequence name = h.getKey();
            if (name.length() > EXTENSION_PREFIX.length()
                    && name.toString().regionMatches(true, 0, EXTENSION_PREFIX, 0, EXTENSION_PREFIX.length())) {
                if (names == null) {
                    names = new ArrayList<>(2);
                }
                names.add(name);
            }
        }
        if (names != null) {
            names.forEach(headers::remove);
        }
    }
}
