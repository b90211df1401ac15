package io.gatehouse.config;

/**
 * {@code upstreams.<name>.hash_key}: what {@code balance: hash} hashes. No default: required with
 * that method.
 *
 * @param name the header or cookie name for {@link Kind#HEADER} and {@link Kind#COOKIE}, else {@code null}
 */
public record HashKeyConfig(Kind kind, String name) {

    /** The request part hashed. */
    public enum Kind { URI, CLIENT_IP, HEADER, COOKIE }

    public static final HashKeyConfig CLIENT_IP = new HashKeyConfig(Kind.CLIENT_IP, null);
}
