package io.gatehouse.http;

import io.netty.util.AsciiString;

/**
 * Header names in their usual capitalisation, for headers the proxy writes itself (names are
 * case-insensitive, but people read responses).
 */
public final class HeaderNames {

    public static final AsciiString CONNECTION = AsciiString.cached("Connection");
    public static final AsciiString CONTENT_LENGTH = AsciiString.cached("Content-Length");
    public static final AsciiString CONTENT_TYPE = AsciiString.cached("Content-Type");
    public static final AsciiString CACHE_CONTROL = AsciiString.cached("Cache-Control");
    public static final AsciiString DATE = AsciiString.cached("Date");
    public static final AsciiString TRANSFER_ENCODING = AsciiString.cached("Transfer-Encoding");
    public static final AsciiString LOCATION = AsciiString.cached("Location");
    public static final AsciiString UPGRADE = AsciiString.cached("Upgrade");

    private HeaderNames() {
    }
}
