package io.gatehouse.http;

import io.netty.handler.codec.DefaultHeaders.NameValidator;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.util.AsciiString;

/**
 * The header names the HTTP/1.x decoders make, and the header maps they put them in.
 *
 * <p>Each name is checked once, as it is decoded: a constant from {@link KnownHeaderNames} is a
 * token by construction, and any other name is checked here (a name with a space or a control
 * character fails the message, as it would in Netty's own map). The maps therefore skip the name
 * check on every add and set; the proxy's own names need none either, being constants or names
 * from the configuration, which are checked when it is read. Values are still checked by the map.
 */
public final class DecodedHeaders {

    /** For {@code HttpDecoderConfig.setHeadersFactory}: value checks only. */
    public static final HttpHeadersFactory FACTORY = DefaultHttpHeadersFactory.headersFactory().withNameValidation(false);

    private static final NameValidator<CharSequence> TOKEN = DefaultHttpHeadersFactory.headersFactory().getNameValidator();

    private DecodedHeaders() {
    }

    /**
     * The name spelled by {@code bytes[start, start + length)}: the shared constant where there is
     * one, else a new name.
     *
     * @throws IllegalArgumentException when it is not a token
     */
    public static AsciiString name(byte[] bytes, int start, int length) {
        AsciiString known = KnownHeaderNames.find(bytes, start, length);
        if (known != null) {
            return known;
        }
        AsciiString name = new AsciiString(bytes, start, length, true);
        TOKEN.validateName(name);
        return name;
    }
}
