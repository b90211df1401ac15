package io.gatehouse.http.h1;

/** A request line names an HTTP major version other than 1: answered {@code 505} (RFC 9110 15.6.6). */
final class UnsupportedVersionException extends IllegalArgumentException {

    UnsupportedVersionException(String version) {
        super("unsupported HTTP version " + version);
    }
}
